"""The back-test on planted histories: heat that drives outcomes shows skill and honest bins;
outcomes that ignore heat show none; and nothing after a reading's moment moves it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warroom.domain.decay_batch import heat_before_batch
from warroom.domain.win_chance import MIN_DEALS, calibrate
from warroom.services.backtest import Backtest, walk_forward
from warroom.store.heat import DealSpans, HeatInputs

TRUE_HALF_LIFE = 40.0
START = 2_460_000.5  # a Julian day (midnight UTC)


def _planted(
    seed: int, *, heat_matters: bool, whales: int = 1500
) -> tuple[HeatInputs, DealSpans, float]:
    """One deal per whale over two years; each whale worked at its own pace (a meeting every
    3 to 90 days, at random), its deal open 150-300 days. Won with chance 0.05 + 0.85 x its
    heat 60 days before the close (true half-life 40 days), or 0.3 whatever the heat."""
    rng = np.random.default_rng(seed)
    opened = START + rng.uniform(0, 500, whales)
    closed = np.floor(opened + rng.uniform(150, 300, whales)) + 0.5
    whale, days = [], []
    for i in range(whales):
        gap = rng.choice([3.0, 7.0, 15.0, 30.0, 60.0, 90.0])
        moment = opened[i] + rng.exponential(gap)
        while moment < closed[i]:
            whale.append(i)
            days.append(moment)
            moment += rng.exponential(gap)
    order = np.lexsort((np.array(days), np.array(whale)))
    inputs = HeatInputs(
        [f"whale-{i}" for i in range(whales)],
        np.array(whale, dtype=np.int64)[order],
        np.array(days)[order],
        np.full(len(days), 0.45),
    )
    heat = heat_before_batch(
        inputs.whale,
        inputs.days,
        inputs.strength,
        np.arange(whales, dtype=np.int64),
        closed - 60,
        TRUE_HALF_LIFE,
    )
    chance = 0.05 + 0.85 * heat if heat_matters else np.full(whales, 0.3)
    won = rng.uniform(0, 1, whales) < chance
    spans = DealSpans(
        np.arange(whales, dtype=np.int64), opened, closed, ~won, np.ones(whales, dtype=bool)
    )
    return inputs, spans, float(closed.max() + 1)


def _backtest(inputs: HeatInputs, spans: DealSpans, now: float) -> Backtest:
    return walk_forward(inputs, spans, now, (30, 60, 90), lambda _day: TRUE_HALF_LIFE)


def test_heat_that_drives_outcomes_shows_skill_and_honest_bins() -> None:
    """Pass: at 60 days, skill is clearly above 0, and every bin of 30 or more readings
    predicts within 0.1 of the rate it observed."""
    result = _backtest(*_planted(1, heat_matters=True))
    at_60 = next(h for h in result.horizons if h.days == 60)
    assert at_60.skill > 0.1
    assert at_60.deals > 500
    for found in (b for b in at_60.bins if b.count >= 30):
        assert found.predicted == pytest.approx(found.observed, abs=0.1)
    assert "beat the team's plain win rate" in result.verdict


@pytest.mark.parametrize("seed", [2, 3])
def test_outcomes_that_ignore_heat_show_no_skill(seed: int) -> None:
    """Pass: when wins are drawn at 0.3 whatever the heat, skill is at most about zero at
    every horizon, and the verdict says heat has not beaten the win rate."""
    result = _backtest(*_planted(seed, heat_matters=False))
    assert all(h.skill < 0.02 for h in result.horizons)
    assert "has not beaten" in result.verdict


@settings(max_examples=8, deadline=None)
@given(deal=st.integers(0, 299), after=st.floats(min_value=0.0, max_value=200.0))
def test_a_deal_changed_after_its_reading_is_predicted_the_same(deal: int, after: float) -> None:
    """Pass: an event added to a whale after one of its deal's reading moments (even after
    the close) leaves that reading's prediction as it was: nothing from then on is used."""
    inputs, spans, now = _planted(4, heat_matters=True, whales=300)
    before = _backtest(inputs, spans, now).predictions
    moment = float(spans.closed[deal] - 90 + after)
    whale = np.append(inputs.whale, deal)
    days = np.append(inputs.days, moment)
    order = np.lexsort((days, whale))
    changed = HeatInputs(
        inputs.whale_ids, whale[order], days[order], np.append(inputs.strength, 0.6)[order]
    )
    again = _backtest(changed, spans, now).predictions
    mine = (before.deal == deal) & (spans.closed[deal] - before.horizon < moment)
    assert np.array_equal(again.chance[mine], before.chance[mine], equal_nan=True)


def test_too_few_closed_deals_give_no_chance() -> None:
    """Pass: below MIN_DEALS deals there is no curve, whatever the readings."""
    heats = np.linspace(0, 1, 3 * (MIN_DEALS - 1))
    deal = np.repeat(np.arange(MIN_DEALS - 1), 3)
    assert calibrate(heats, heats > 0.5, deal) is None
    assert calibrate(np.append(heats, 0.5), np.append(heats > 0.5, True), np.append(deal, 99))


def _month_start(day: float) -> float:
    """The rule as it was written for one day at a time."""
    from datetime import UTC, datetime

    from warroom.domain.decay import from_julian_day, julian_day

    moment = from_julian_day(day)
    return julian_day(datetime(moment.year, moment.month, 1, tzinfo=UTC))


@given(
    st.lists(
        st.floats(START - 3000, START + 3000)
        | st.integers(-100, 100).map(lambda m: _month_start(START + 30.44 * m) - 1e-11),
        min_size=1,
        max_size=50,
    )
)
def test_month_starts_in_numpy_are_the_rule_day_by_day(days: list[float]) -> None:
    from warroom.services.backtest import month_starts

    assert month_starts(np.array(days)).tolist() == [_month_start(day) for day in days]
