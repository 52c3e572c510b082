"""The learned half-life in force: DESIGN.md's censored fit (the last flare before each close)
or the fit over the whole event history (domain.decay_fit), whichever the walk-forward
back-test scores better on the team's own closed deals; the reason says which, and by how
much.

Choosing runs the back-test of the last year once per fit: a second on a team lead's book,
several on a sales floor's. So the choice is made walk-forward too, once a month: the one
in force this month is the one the back-test of the deals closed before the month
preferred. It is kept (in
memory and in the book, store.kept) under the month and the team's decay settings.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time

import numpy as np

from warroom.domain.decay import HalfLife, fit_half_life, from_julian_day, julian_day
from warroom.domain.decay_fit import FIT_WORDS, LAST_FLARE, WHOLE_HISTORY, CloseHeats, close_heats
from warroom.domain.decay_settings import DecaySettings, settings_as_json
from warroom.domain.win_chance import CLEAR_SKILL, HORIZONS, Ints
from warroom.services.backtest import walk_forward
from warroom.store import kept
from warroom.store.db import Session
from warroom.store.heat import DealSpans, HeatInputs

KEPT_NAME = "half-life choice"
# The fits are compared on the last year's readings: what the team's deals do now, at half
# the cost of its whole history (two back-tests on a sales floor's book took ten seconds).
CHOICE_DAYS = 365.0
KEPT_MONTHS = 3


@dataclass(frozen=True)
class Choice:
    """Which fit is in force, and each one's back-test skill (the mean over the horizons;
    None when too few deals had closed to score it)."""

    method: str  # LAST_FLARE or WHOLE_HISTORY
    last_flare_skill: float | None
    whole_history_skill: float | None
    skills: tuple[float, ...] = ()  # the chosen fit's, at each horizon scored

    @property
    def beat_win_rate(self) -> bool:
        """Whether heat at this half-life beat the plain win rate clearly at some horizon."""
        return any(skill >= CLEAR_SKILL for skill in self.skills)

    def words(self) -> str:
        mine, other = self.last_flare_skill, self.whole_history_skill
        rival = WHOLE_HISTORY
        if self.method == WHOLE_HISTORY:
            mine, other, rival = other, mine, LAST_FLARE
        if mine is None or other is None:
            return f"too few closed deals yet to back-test a fit over {FIT_WORDS[rival]}"
        places = 2 if round(mine, 2) != round(other, 2) else 3
        return (
            f"the last year's back-test scores it better (skill {mine:+.{places}f} on average "
            f"over the horizons, against {other:+.{places}f} for a fit over {FIT_WORDS[rival]})"
        )


class HalfLives:
    """The two fits, the choice between them, and what each needs kept."""

    def __init__(self) -> None:
        self._heats: tuple[HeatInputs, DealSpans, Ints, CloseHeats] | None = None
        self._choices: dict[str, Choice] = {}  # by mark: the settings and the month

    def in_force(
        self,
        session: Session,
        settings: DecaySettings,
        inputs: HeatInputs,
        spans: DealSpans,
        at: datetime,
    ) -> HalfLife:
        """The half-life at `at`: the team's own when learning is off, else the chosen fit."""
        if not settings.learn:
            return _set_by_team(settings)
        choice = self.choice(session, settings, inputs, spans, at)
        found = self.then(settings, inputs, spans, at, choice.method)
        return (
            replace(found, reason=f"{found.reason}; {choice.words()}") if found.learned else found
        )

    def then(
        self,
        settings: DecaySettings,
        inputs: HeatInputs,
        spans: DealSpans,
        at: datetime,
        method: str,
    ) -> HalfLife:
        """The half-life `method` learns from what was known at `at`."""
        default = settings.params.half_life_days
        if not settings.learn:
            return _set_by_team(settings)
        if method == LAST_FLARE:
            return last_flare_fit(spans, inputs, at, default)
        rows, heats = self._close_heats(inputs, spans)
        return heats.half_life(_closed_by(spans, at)[rows], default)

    def choice(
        self,
        session: Session,
        settings: DecaySettings,
        inputs: HeatInputs,
        spans: DealSpans,
        at: datetime,
    ) -> Choice:
        """The fit the back-test of deals closed before `at`'s month scores better, kept for the
        month (see the module)."""
        month = _month_start(at)
        mark = hashlib.sha1(
            f"{json.dumps(settings_as_json(settings), sort_keys=True)} {month}".encode()
        ).hexdigest()
        if mark in self._choices:
            return self._choices[mark]
        stamp = kept.stamp_of(session, ())
        found = kept.kept(session, KEPT_NAME)
        months = _loaded(found[1]) if found is not None and found[0] == stamp else {}
        choice = months.get(mark)
        if choice is None:
            choice = self._choose(settings, inputs, spans, month)
            # The last few months' choices are kept together: the weekly report's week
            # before often falls in the month before, and keeping one month alone chose
            # both again on each report (five seconds each on a sales floor's book).
            months = {**months, mark: choice}
            value = {mark: _made(choice) for mark, choice in list(months.items())[-KEPT_MONTHS:]}
            kept.keep(session, KEPT_NAME, stamp, (), json.dumps(value).encode())
        self._choices[mark] = choice
        return choice

    def _choose(
        self, settings: DecaySettings, inputs: HeatInputs, spans: DealSpans, month: datetime
    ) -> Choice:
        skills: list[float | None] = []
        scores: list[tuple[float, ...]] = []
        for method in (LAST_FLARE, WHOLE_HISTORY):

            def half_life_at(day: float, method: str = method) -> float:
                return self.then(settings, inputs, spans, from_julian_day(day), method).days

            end = julian_day(month)
            tested = walk_forward(inputs, spans, end, HORIZONS, half_life_at, end - CHOICE_DAYS)
            found = tuple(h.skill for h in tested.horizons)
            skills.append(float(np.mean(found)) if found else None)
            scores.append(found)
        last, whole = skills
        better = last is not None and whole is not None and whole > last
        return Choice(WHOLE_HISTORY if better else LAST_FLARE, last, whole, scores[better])

    def _close_heats(self, inputs: HeatInputs, spans: DealSpans) -> tuple[Ints, CloseHeats]:
        """Every decided deal's heat at its close on the fit's grid: read once per history."""
        kept_heats = self._heats
        if kept_heats is not None and kept_heats[0] is inputs and kept_heats[1] is spans:
            return kept_heats[2], kept_heats[3]
        rows = np.flatnonzero(spans.has_outcome & (spans.whale >= 0))
        heats = close_heats(
            inputs.whale,
            inputs.days,
            inputs.strength,
            spans.whale[rows],
            spans.closed[rows],
            ~spans.decayed[rows],
        )
        self._heats = (inputs, spans, rows, heats)
        return rows, heats


def last_flare_fit(
    deals: DealSpans, inputs: HeatInputs, at: datetime, default_days: float
) -> HalfLife:
    """The censored fit over the book as known at `at`, vectorized for big books.

    A deal closed after `at` counts as open then; one opened after `at` does not count. Each
    deal runs from its whale's last flare before its end (close, or `at`) to that end.
    """
    now = julian_day(at)
    known = _known(deals, at)
    closed = _closed_by(deals, at)
    end = np.where(closed, deals.closed, now)
    # The last flare at or before each deal's end: events are sorted by (whale, day), so one
    # search over a combined key finds it for every deal at once.
    base = float(inputs.days.min()) if inputs.days.size else 0.0
    scale = 1e6
    keys = inputs.whale.astype(np.float64) * scale + (inputs.days - base)
    wanted = deals.whale.astype(np.float64) * scale + (end - base)
    found = np.searchsorted(keys, wanted, side="right") - 1
    valid = found >= 0
    valid[valid] &= inputs.whale[found[valid]] == deals.whale[valid]
    has_flare = known & valid
    last = np.where(has_flare, inputs.days[np.clip(found, 0, None)] if keys.size else 0.0, 0.0)
    at_risk = float(np.sum((end - last)[has_flare]))
    decayed = int(np.sum(has_flare & closed & deals.decayed))
    fitted = fit_half_life(int(np.sum(closed)), decayed, at_risk, default_days)
    if not fitted.learned:
        return fitted
    return replace(fitted, reason=f"{fitted.reason}, over {FIT_WORDS[LAST_FLARE]}")


def _known(spans: DealSpans, at: datetime) -> np.ndarray:
    """The deals known at `at`: of a listed whale, opened by that day."""
    today = julian_day(datetime.combine(at.date(), time(0, 0), UTC))
    return (spans.whale >= 0) & ~(spans.opened > today)


def _closed_by(spans: DealSpans, at: datetime) -> np.ndarray:
    """The deals known closed at `at`: decided by then, and opened by that day."""
    return _known(spans, at) & spans.has_outcome & (spans.closed <= julian_day(at))


def _set_by_team(settings: DecaySettings) -> HalfLife:
    days = settings.params.half_life_days
    return HalfLife(days, False, 0, 0, "set by the team (learning is off)")


def _month_start(at: datetime) -> datetime:
    moment = at.astimezone(UTC)
    return datetime(moment.year, moment.month, 1, tzinfo=UTC)


def _made(choice: Choice) -> list[object]:
    return [choice.method, choice.last_flare_skill, choice.whole_history_skill, list(choice.skills)]


def _loaded(value: bytes) -> dict[str, Choice]:
    """The kept choices by mark, oldest first; what cannot be read is chosen afresh (an older
    version kept one month as {"print": mark, "choice": ...})."""
    try:
        found = json.loads(value)
        out = {}
        for mark, (method, last, whole, skills) in found.items():
            if method in (LAST_FLARE, WHOLE_HISTORY):
                out[str(mark)] = Choice(method, last, whole, tuple(float(s) for s in skills))
        return out
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
