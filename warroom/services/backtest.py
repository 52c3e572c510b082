"""The walk-forward back-test: each closed deal's heat 30, 60 and 90 days before its close,
predicted from events before that moment by what was learned from deals closed before it.

It walks forward a month at a time: at the start of each month it learns the half-life (as
the caller says) and the curve from deals closed before then, and predicts the readings that
fall in that month; nothing from the month itself or later is used. Arrays only: the win
chance in force and the choice of half-life both score themselves with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from warroom.domain.decay import DAY, UNIX_EPOCH_JULIAN_DAY, HalfLife
from warroom.domain.decay_batch import heat_before_batch
from warroom.domain.win_chance import (
    HORIZONS,
    MIN_DEALS,
    Floats,
    HorizonScore,
    Ints,
    calibrate,
    score,
    verdict,
)
from warroom.store.heat import DealSpans, HeatInputs

WALKERS = 2  # months walked at once: more would hold more months' grids in memory


@dataclass(frozen=True)
class Readings:
    """Closed deals' readings: whose deal, its whale, how many days before the close, the
    moment (Julian day), won or not."""

    deal: Ints
    whale: Ints
    horizon: Ints
    day: Floats
    won: np.ndarray  # of bool

    def heats(self, inputs: HeatInputs, half_life_days: float) -> Floats:
        return heat_before_batch(
            inputs.whale, inputs.days, inputs.strength, self.whale, self.day, half_life_days
        )

    def then(self, more: Readings) -> Readings:
        """These readings, then `more`."""
        pairs = zip(_fields(self), _fields(more), strict=True)
        return Readings(*(np.concatenate([mine, theirs]) for mine, theirs in pairs))

    def take(self, chosen: Ints) -> Readings:
        return Readings(*(field[chosen] for field in _fields(self)))


def _fields(found: Readings) -> tuple[np.ndarray, ...]:
    return (found.deal, found.whale, found.horizon, found.day, found.won)


def _closed(spans: DealSpans, before: float) -> np.ndarray:
    return spans.has_outcome & (spans.whale >= 0) & (spans.closed < before)


def readings(spans: DealSpans, closed_before: float, horizons: Sequence[int]) -> Readings:
    """The readings of deals closed (with an outcome) before `closed_before`, one per
    horizon; a deal opened after a reading's moment is too young for that horizon."""
    closed = _closed(spans, closed_before)
    parts = []
    for days in horizons:
        moment = spans.closed - days
        chosen = np.flatnonzero(closed & ~(spans.opened > moment))
        parts.append((chosen, np.full(chosen.size, days), moment[chosen]))
    deal = np.concatenate([chosen for chosen, _, _ in parts]).astype(np.int64)
    return Readings(
        deal,
        spans.whale[deal],
        np.concatenate([days for _, days, _ in parts]).astype(np.int64),
        np.concatenate([moment for _, _, moment in parts]),
        ~spans.decayed[deal],
    )


@dataclass(frozen=True)
class Predictions:
    """What the back-test predicted: for each reading, the deal (its place in the spans), the
    horizon, and the chance (NaN when unscored)."""

    deal: Ints
    horizon: Ints
    chance: Floats


@dataclass(frozen=True)
class Backtest:
    horizons: tuple[HorizonScore, ...]
    verdict: str
    unscored: int  # readings before MIN_DEALS deals had closed: no chance was shown then
    predictions: Predictions
    half_life: HalfLife | None = None  # the half-life in force, whose back-test this is


def walk_forward(
    inputs: HeatInputs,
    spans: DealSpans,
    now: float,
    horizons: Sequence[int],
    half_life_at: Callable[[float], float],
    since: float | None = None,
) -> Backtest:
    """The back-test (see the module): each reading of a deal closed before `now` (and, with
    `since`, read from that Julian day on) predicted by the half-life (`half_life_at`, given
    a Julian day) and the curve learned at the start of its month from deals closed before
    then; readings from before MIN_DEALS deals had closed are left unscored, as the app
    showed no chance then."""
    tests = readings(spans, now, horizons)
    if since is not None:
        tests = tests.take(np.flatnonzero(tests.day >= since))
    months = month_starts(tests.day)
    predicted = np.full(tests.day.size, np.nan)
    baseline = np.full(tests.day.size, np.nan)
    months_walked = []
    for start in np.unique(months).tolist():
        learned = readings(spans, start, HORIZONS)
        deals, first = np.unique(learned.deal, return_index=True)
        if deals.size >= MIN_DEALS:
            months_walked.append((learned, first, np.flatnonzero(months == start), start))

    def walk(month: tuple[Readings, Ints, Ints, float], half_life: float) -> Floats:
        learned, _, due, _ = month
        # One walk for the readings learned from and those predicted.
        return learned.then(tests.take(due)).heats(inputs, half_life)

    # The months' walks are independent, and numpy lets go of the interpreter while it
    # walks: two cores take a sales floor's seventeen walks in little more than half the
    # time. The half-lives are learned first, one after another (they keep what they read).
    half_lives = [half_life_at(month[3]) for month in months_walked]
    with ThreadPoolExecutor(max_workers=WALKERS) as pool:
        walked = pool.map(walk, months_walked, half_lives)
        for (learned, first, due, _), heats in zip(months_walked, walked, strict=True):
            curve = calibrate(heats[: learned.deal.size], learned.won, learned.deal)
            assert curve is not None
            predicted[due] = curve.chances(heats[learned.deal.size :])
            baseline[due] = float(learned.won[first].mean())
    scored = ~np.isnan(predicted)
    scores = []
    for days in horizons:
        chosen = scored & (tests.horizon == days)
        found = score(days, predicted[chosen], baseline[chosen], tests.won[chosen])
        if found is not None:
            scores.append(found)
    return Backtest(
        tuple(scores),
        verdict(scores, int(np.sum(_closed(spans, now))), int(tests.deal.size)),
        int(np.sum(~scored)),
        Predictions(tests.deal, tests.horizon, predicted),
    )


def month_starts(days: Floats) -> Floats:
    """The Julian day of the first of the month each of `days` falls in, at 00:00 UTC: what
    julian_day(datetime(year, month, 1)) gives for from_julian_day(day)'s month, in numpy (a
    sales floor's back-test has 230,000 readings). Rounded to the microsecond first, as
    from_julian_day is."""
    micros = np.round((days - UNIX_EPOCH_JULIAN_DAY) * DAY * 1e6).astype("datetime64[us]")
    seconds = micros.astype("datetime64[M]").astype("datetime64[s]").astype(np.int64)
    return seconds / DAY + UNIX_EPOCH_JULIAN_DAY
