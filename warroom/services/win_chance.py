"""Win chance for the open whales, and the walk-forward back-test (services.backtest) that
scores it on the team's own closed deals (domain.win_chance holds the curve and the scores).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Generic, TypeVar

import numpy as np

from warroom.domain.decay import from_julian_day, julian_day
from warroom.domain.decay_settings import DecaySettings
from warroom.domain.records import WhaleSummary, amended
from warroom.domain.win_chance import (
    HORIZONS,
    MIN_DEALS,
    NOT_ENOUGH,
    Calibration,
    WinChance,
    calibrate,
)
from warroom.services.backtest import Backtest, readings, walk_forward
from warroom.services.decay import Decay
from warroom.store.heat import DealSpans, HeatInputs

V = TypeVar("V")
History = tuple[DecaySettings, HeatInputs, DealSpans]
UNPROVEN = (
    "; but on this team's history heat has not yet beaten the plain win rate (Reviews, Decay truth)"
)


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
        half_life = self.decay.half_life(at).days
        return calibrate(found.heats(inputs, half_life), found.won, found.deal)

    def with_chances(self, whales: list[WhaleSummary], at: datetime) -> list[WhaleSummary]:
        """The whales with the win chance of their open deal (None when the whale has no
        open deal, or the team has too little history)."""
        curve = self.calibration(at)
        if curve is None:
            return whales
        open_ = [w for w in whales if w.deal_size > 0 and not w.deal_closed]
        chances = curve.chances(np.array([w.heat for w in open_]))
        by_id = dict(zip((w.id for w in open_), chances.tolist(), strict=True))
        return [amended(w, win_chance=by_id[w.id]) if w.id in by_id else w for w in whales]

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
        if not self.decay.chosen(at).beat_win_rate:
            said += UNPROVEN
        return said

    def backtest(self, at: datetime, horizons: Sequence[int] = HORIZONS) -> Backtest:
        """Every deal closed before `at` scored at each horizon, walk-forward."""
        settings, inputs, spans = self.decay.history()
        method = self.decay.chosen(at).method  # the back-test of the half-life in force

        def half_life_at(day: float) -> float:
            moment = from_julian_day(day)
            return self.decay.half_life_then(settings, inputs, spans, moment, method).days

        tested = walk_forward(inputs, spans, julian_day(at), horizons, half_life_at)
        return replace(tested, half_life=self.decay.half_life(at))
