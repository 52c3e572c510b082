"""Win chance for the open whales, and the walk-forward back-test that scores it on the
team's own closed deals (domain.win_chance holds the curve and the scores).

A deal's readings are its whale's heat 30, 60 and 90 days before its close, from events
before that moment. The back-test walks forward a month at a time: at the start of each
month it learns the half-life and the curve from deals closed before then, and predicts the
readings that fall in that month; nothing from the month itself or later is used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Generic, TypeVar

import numpy as np

from warroom.domain.decay import from_julian_day, julian_day
from warroom.domain.decay_batch import heat_before_batch
from warroom.domain.decay_settings import DecaySettings
from warroom.domain.records import WhaleSummary
from warroom.domain.win_chance import (
    CLEAR_SKILL,
    HORIZONS,
    MIN_DEALS,
    NOT_ENOUGH,
    Calibration,
    Floats,
    HorizonScore,
    Ints,
    WinChance,
    calibrate,
    score,
    verdict,
)
from warroom.services.decay import Decay
from warroom.store.heat import DealSpans, HeatInputs

V = TypeVar("V")
History = tuple[DecaySettings, HeatInputs, DealSpans]
UNPROVEN = (
    "; but on this team's history heat has not yet beaten the plain win rate (Reviews, Decay truth)"
)


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


def readings(spans: DealSpans, closed_before: float, horizons: Sequence[int]) -> Readings:
    """The readings of deals closed (with an outcome) before `closed_before`, one per
    horizon; a deal opened after a reading's moment is too young for that horizon."""
    closed = spans.has_outcome & (spans.whale >= 0) & (spans.closed < closed_before)
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

    @property
    def beat_win_rate(self) -> bool:
        return any(h.skill >= CLEAR_SKILL for h in self.horizons)


class _ForTheDay(Generic[V]):
    """One value kept for a day while the history holds (the very same kept arrays, the same
    settings): the list asks on every refresh, and the value moves only when deals close."""

    def __init__(self) -> None:
        self._kept: tuple[date, HeatInputs, DealSpans, DecaySettings, V] | None = None

    def get(self, at: datetime, history: History, make: Callable[[], V]) -> V:
        settings, inputs, spans = history
        kept = self._kept
        if kept is not None:
            day, was_inputs, was_spans, was_settings, value = kept
            same = was_inputs is inputs and was_spans is spans and was_settings == settings
            if same and day == at.date():
                return value
        value = make()
        self._kept = (at.date(), inputs, spans, settings, value)
        return value


class WinChances:
    """The curve in force at a moment, applied to whales; and the back-test."""

    def __init__(self, decay: Decay) -> None:
        self.decay = decay
        self._curve: _ForTheDay[Calibration | None] = _ForTheDay()
        self._tested: _ForTheDay[Backtest] = _ForTheDay()

    def calibration(self, at: datetime) -> Calibration | None:
        """The curve learned from every deal closed before `at`; None below MIN_DEALS."""
        history = self.decay.history()
        return self._curve.get(at, history, lambda: self._fit(*history, at))

    def _fit(
        self, settings: DecaySettings, inputs: HeatInputs, spans: DealSpans, at: datetime
    ) -> Calibration | None:
        found = readings(spans, julian_day(at), HORIZONS)
        if np.unique(found.deal).size < MIN_DEALS:
            return None
        half_life = self.decay.half_life_then(settings, inputs, spans, at).days
        return calibrate(found.heats(inputs, half_life), found.won, found.deal)

    def with_chances(self, whales: list[WhaleSummary], at: datetime) -> list[WhaleSummary]:
        """The whales with the win chance of their open deal (None when the whale has no
        open deal, or the team has too little history)."""
        curve = self.calibration(at)
        if curve is None:
            return whales
        open_ = [w for w in whales if w.deal_size > 0 and w.stage != "closed"]
        chances = curve.chances(np.array([w.heat for w in open_]))
        by_id = dict(zip((w.id for w in open_), chances.tolist(), strict=True))
        return [replace(w, win_chance=by_id[w.id]) if w.id in by_id else w for w in whales]

    def explain(self, heat: float, at: datetime) -> WinChance | None:
        curve = self.calibration(at)
        return None if curve is None else curve.win_chance(heat)

    def words(self, heat: float, deal_open: bool, at: datetime) -> str:
        """The line a whale's page and reports show: the chance and why, or why not, and a
        warning when the back-test found heat no better than the plain win rate; nothing for
        a whale with no open deal."""
        if not deal_open:
            return ""
        chance = self.explain(heat, at)
        if chance is None:
            return f"Win chance: {NOT_ENOUGH}"
        said = f"Win chance {chance.chance:.0%}: {chance.reason}"
        if not self.tested(at).beat_win_rate:
            said += UNPROVEN
        return said

    def tested(self, at: datetime) -> Backtest:
        """The back-test as of `at`'s day, kept as the curve is."""
        return self._tested.get(at, self.decay.history(), lambda: self.backtest(at))

    def backtest(self, at: datetime, horizons: Sequence[int] = HORIZONS) -> Backtest:
        """Every deal closed before `at` scored at each horizon, walk-forward."""
        settings, inputs, spans = self.decay.history()

        def half_life_at(day: float) -> float:
            return self.decay.half_life_then(settings, inputs, spans, from_julian_day(day)).days

        return walk_forward(inputs, spans, julian_day(at), horizons, half_life_at)


def walk_forward(
    inputs: HeatInputs,
    spans: DealSpans,
    now: float,
    horizons: Sequence[int],
    half_life_at: Callable[[float], float],
) -> Backtest:
    """The back-test (see the module): each reading of a deal closed before `now` predicted
    by the half-life (`half_life_at`, given a Julian day) and the curve learned at the start
    of its month from deals closed before then; readings from before MIN_DEALS deals had
    closed are left unscored, as the app showed no chance then."""
    tests = readings(spans, now, horizons)
    months = np.array([_month_start(day) for day in tests.day.tolist()])
    predicted = np.full(tests.day.size, np.nan)
    baseline = np.full(tests.day.size, np.nan)
    starts = np.unique(months)
    for start in starts.tolist():
        learned = readings(spans, start, HORIZONS)
        deals, first = np.unique(learned.deal, return_index=True)
        if deals.size < MIN_DEALS:
            continue
        due = np.flatnonzero(months == start)
        # One walk for the readings learned from and those predicted.
        heats = learned.then(tests.take(due)).heats(inputs, half_life_at(start))
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
        verdict(scores),
        int(np.sum(~scored)),
        Predictions(tests.deal, tests.horizon, predicted),
    )


def _month_start(day: float) -> float:
    """The Julian day of the first of the month `day` falls in, at 00:00 UTC."""
    moment = from_julian_day(day)
    return julian_day(datetime(moment.year, moment.month, 1, tzinfo=UTC))
