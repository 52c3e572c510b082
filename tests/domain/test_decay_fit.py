"""The whole-history half-life fit: its heat at a close is the engine's, and on a history
planted from a known half-life it finds that half-life again."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warroom.domain.decay import MIN_CLOSED_DEALS
from warroom.domain.decay_batch import heat_before_batch
from warroom.domain.decay_fit import GRID, close_heats

START = 2_460_000.5  # a Julian day


def _events(rng: np.random.Generator, whales: int, days: float) -> tuple[np.ndarray, ...]:
    """Each whale worked at its own pace (an event every 3 to 90 days), strengths of the
    touch kinds, sorted by (whale, day) as the engine wants them."""
    whale, moments = [], []
    for i in range(whales):
        gap = rng.choice([3.0, 7.0, 15.0, 30.0, 60.0, 90.0])
        moment = rng.exponential(gap)
        while moment < days:
            whale.append(i)
            moments.append(START + moment)
            moment += rng.exponential(gap)
    order = np.lexsort((np.array(moments), np.array(whale)))
    strength = rng.choice([0.05, 0.1, 0.2, 0.3, 0.45, 0.6], len(whale))
    return np.array(whale, dtype=np.int64)[order], np.array(moments)[order], strength


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), whales=st.integers(1, 40), deals=st.integers(1, 60))
def test_heat_at_a_close_is_the_engines_at_every_half_life(
    seed: int, whales: int, deals: int
) -> None:
    """Pass: each deal's heat just before its close, on every half-life of the grid, is the
    batch engine's (events strictly before the close), to a millionth: the weighted sums
    leave out only what adds less than that."""
    rng = np.random.default_rng(seed)
    whale, days, strength = _events(rng, whales, 400.0)
    deal_whale = rng.integers(0, whales, deals)
    closed = START + rng.uniform(0, 450, deals)
    if deals > 1:
        closed[0] = days[0] if days.size else closed[0]  # a close at an event's very moment
    found = close_heats(whale, days, strength, deal_whale, closed, np.ones(deals, dtype=bool))
    for column in (0, 7, 16, 25, GRID.size - 1):
        exact = heat_before_batch(whale, days, strength, deal_whale, closed, float(GRID[column]))
        assert np.allclose(found.heat[:, column], exact, atol=1e-5, rtol=0)


@pytest.mark.parametrize("true_days", [12.0, 40.0, 150.0])
def test_a_history_planted_from_a_half_life_gives_it_back_within_10_percent(
    true_days: float,
) -> None:
    """Pass: deals won with the chance their heat at the planted half-life gave at their
    close; the fit finds that half-life within 10%."""
    rng = np.random.default_rng(int(true_days))
    whales = 1200
    whale, days, strength = _events(rng, whales, 700.0)
    deal_whale = np.arange(whales, dtype=np.int64)
    closed = START + rng.uniform(200, 700, whales)
    heat = heat_before_batch(whale, days, strength, deal_whale, closed, true_days)
    won = rng.uniform(0, 1, whales) < heat
    found = close_heats(whale, days, strength, deal_whale, closed, won).half_life(
        np.ones(whales, dtype=bool), 30.0
    )
    assert found.learned and found.closed_deals == whales
    assert found.days == pytest.approx(true_days, rel=0.10)
    assert "every touch and trigger before each close" in found.reason


def test_too_few_closed_deals_keep_the_default() -> None:
    """Pass: below MIN_CLOSED_DEALS chosen deals, the default half-life and why."""
    rng = np.random.default_rng(3)
    whale, days, strength = _events(rng, 20, 300.0)
    deal_whale = np.arange(20, dtype=np.int64)
    heats = close_heats(
        whale, days, strength, deal_whale, np.full(20, START + 300), np.ones(20, dtype=bool)
    )
    chosen = np.arange(20) < MIN_CLOSED_DEALS - 1
    found = heats.half_life(chosen, 30.0)
    assert (found.days, found.learned) == (30.0, False)
    assert f"{MIN_CLOSED_DEALS} needed" in found.reason
