"""The decay model: exact numbers, properties over many inputs, and the learned half-life."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warroom.domain import decay_batch
from warroom.domain.decay import (
    DealDecay,
    HeatEvent,
    curve,
    days_to_sink,
    explain,
    heat_at,
    heat_events,
    learn_half_life,
    sinks_at,
)
from warroom.domain.decay_batch import (
    added_alone_batch,
    added_batch,
    days_to_sink_batch,
    heat_batch,
    heat_before_batch,
)
from warroom.domain.kinds import DecayParams
from warroom.domain.records import Touch, Trigger

T0 = datetime(2026, 1, 1, tzinfo=UTC)
H = 30.0


def event(day: float, strength: float, ref: str = "e") -> HeatEvent:
    return HeatEvent(T0 + timedelta(days=day), strength, "touch", "meeting", ref)


def test_the_numbers_of_design_md() -> None:
    events = [event(0, 0.45, "a"), event(30, 0.60, "b")]
    # 0.45 halves to 0.225 in 30 days, then the on-site adds 0.6 * (1 - 0.225).
    assert heat_at(events, T0 + timedelta(days=30), H) == pytest.approx(0.225 + 0.6 * 0.775)
    assert heat_at(events, T0 + timedelta(days=60), H) == pytest.approx((0.225 + 0.465) / 2)
    assert days_to_sink(0.69, H, 0.5) == pytest.approx(30 * math.log2(0.69 / 0.5))
    assert days_to_sink(0.4, H, 0.5) == 0.0


def test_only_meaningful_touches_and_triggers_raise_heat() -> None:
    params = DecayParams()
    touches = [
        Touch("t1", "w", None, None, "email_sent", T0, ""),
        Touch("t2", "w", None, None, "onsite", T0 + timedelta(days=1), ""),
    ]
    triggers = [Trigger("g1", "w", "regulation", T0 + timedelta(days=2), "", "")]
    events = heat_events(touches, triggers, params)
    assert [(e.kind, e.strength) for e in events] == [("onsite", 0.60), ("regulation", 0.25)]


def test_events_after_the_time_asked_about_do_not_count() -> None:
    events = [event(0, 0.5, "a"), event(10, 0.9, "b")]
    assert heat_at(events, T0 + timedelta(days=5), H) == pytest.approx(0.5 * 2 ** (-5 / 30))


def test_sinks_at_is_none_when_already_under() -> None:
    assert sinks_at(T0, 0.3, DecayParams()) is None
    assert sinks_at(T0, 1.0, DecayParams()) == T0 + timedelta(days=30)


events_strategy = st.lists(
    st.tuples(st.floats(min_value=0, max_value=400), st.floats(min_value=0, max_value=1)),
    max_size=25,
).map(lambda pairs: [event(d, s, f"e{i:03d}") for i, (d, s) in enumerate(sorted(pairs))])
half_lives = st.floats(min_value=1, max_value=365)


@given(events_strategy, half_lives, st.floats(min_value=0, max_value=800))
def test_heat_stays_between_zero_and_one(events, h, day) -> None:
    assert 0.0 <= heat_at(events, T0 + timedelta(days=day), h) <= 1.0


@given(
    events_strategy,
    half_lives,
    st.floats(min_value=0, max_value=400),
    st.floats(min_value=0, max_value=400),
)
def test_heat_never_rises_between_events(events, h, a, b) -> None:
    early, late = sorted((a, b))
    between = [e for e in events if T0 + timedelta(days=early) < e.at <= T0 + timedelta(days=late)]
    if between:
        return
    assert (
        heat_at(events, T0 + timedelta(days=late), h)
        <= heat_at(events, T0 + timedelta(days=early), h) + 1e-12
    )


@given(
    events_strategy,
    half_lives,
    st.floats(min_value=0, max_value=400),
    st.floats(min_value=0, max_value=1),
)
def test_an_event_never_lowers_heat(events, h, day, strength) -> None:
    at = T0 + timedelta(days=day)
    more = sorted(
        [*events, HeatEvent(at, strength, "trigger", "other", "zzz")],
        key=lambda e: (e.at, e.ref_id),
    )
    assert heat_at(more, at, h) >= heat_at(events, at, h) - 1e-12


@given(events_strategy, half_lives, st.floats(min_value=0, max_value=400))
def test_strength_zero_changes_nothing(events, h, day) -> None:
    at = T0 + timedelta(days=day)
    more = sorted(
        [*events, HeatEvent(at, 0.0, "trigger", "other", "zzz")], key=lambda e: (e.at, e.ref_id)
    )
    assert heat_at(more, at + timedelta(days=3), h) == pytest.approx(
        heat_at(events, at + timedelta(days=3), h), abs=1e-12
    )


@given(events_strategy, half_lives, st.floats(min_value=0.01, max_value=0.99))
def test_days_to_sink_is_where_the_projected_curve_crosses_the_watermark(events, h, w) -> None:
    at = T0 + timedelta(days=400)
    heat = heat_at(events, at, h)
    days = days_to_sink(heat, h, w)
    if heat < w:
        assert days == 0.0
        return
    assert heat_at(events, at + timedelta(days=max(days * 0.999 - 1e-6, 0.0)), h) >= w - 1e-9
    assert heat_at(events, at + timedelta(days=days * 1.001 + 1e-6), h) <= w + 1e-9


@given(events_strategy, half_lives, st.floats(min_value=0, max_value=800))
def test_the_explanation_adds_up_to_the_heat(events, h, day) -> None:
    explanation = explain(events, T0 + timedelta(days=day), h)
    assert sum(c.now for c in explanation.contributions) == pytest.approx(
        explanation.heat, abs=1e-9
    )
    assert all(c.now <= c.added + 1e-12 for c in explanation.contributions)


# The batch engine walks a grid of whales by events, or (a book with one very busy whale) the
# busiest whales first: both must give the scalar engine's figures.
WALKS = pytest.mark.parametrize("padding", [0, 1_000_000], ids=["busiest first", "grid"])


@WALKS
@settings(max_examples=60)
@given(
    st.lists(events_strategy, min_size=1, max_size=8),
    half_lives,
    st.floats(min_value=0, max_value=500),
)
def test_the_batch_engine_gives_the_same_heat_as_the_scalar_one(padding, books, h, day) -> None:
    whale, days, strength = [], [], []
    for index, events in enumerate(books):
        for e in events:
            whale.append(index)
            days.append((e.at - T0).total_seconds() / 86_400)
            strength.append(e.strength)
    at = T0 + timedelta(days=day)  # rounded to microseconds, as the events' times are
    at_days = (at - T0).total_seconds() / 86_400
    with patch.object(decay_batch, "PADDING", padding):
        heat, _ = heat_batch(
            np.array(whale, dtype=np.int64),
            np.array(days),
            np.array(strength),
            len(books),
            at_days,
            h,
        )
    expected = [heat_at(events, at, h) for events in books]
    assert heat == pytest.approx(expected, abs=1e-9)
    sinks = days_to_sink_batch(heat, h, 0.5)
    assert sinks == pytest.approx([days_to_sink(x, h, 0.5) for x in heat], abs=1e-9)


@WALKS
@settings(max_examples=60)
@given(st.lists(events_strategy, min_size=1, max_size=8), half_lives)
def test_the_batch_engine_gives_what_each_event_added_as_the_explanation_does(
    padding, books, h
) -> None:
    """Pass: for every whale's events (sorted as heat_events sorts them), added_batch gives
    each event's `added` of explain, whatever the moment asked about."""
    whale, days, strength, expected = [], [], [], []
    for index, events in enumerate(books):
        ordered = sorted(events, key=lambda e: (e.at, e.ref_id))
        if not ordered:
            continue
        last = ordered[-1].at
        expected += [c.added for c in explain(ordered, last, h).contributions]
        for e in ordered:
            whale.append(index)
            days.append((e.at - T0).total_seconds() / 86_400)
            strength.append(e.strength)
    with patch.object(decay_batch, "PADDING", padding):
        added = added_batch(np.array(whale, dtype=np.int64), np.array(days), np.array(strength), h)
    assert added == pytest.approx(expected, abs=1e-9)


def test_the_curve_shows_each_flare_as_a_jump() -> None:
    events = [event(10, 0.5, "a")]
    points = curve(events, T0, T0 + timedelta(days=20), H)
    before = [v for t, v in points if t < events[0].at]
    assert max(before) == 0.0
    assert dict(points)[events[0].at] == pytest.approx(0.5)


def _simulated_deals(half_life: float, count: int, seed: int) -> list[DealDecay]:
    """Deals whose interest dies after an exponential time with the given half-life; some are
    won or still open before that happens (censored)."""
    rng = random.Random(seed)
    deals = []
    for _ in range(count):
        flare = T0 + timedelta(days=rng.uniform(0, 200))
        death = rng.expovariate(math.log(2) / half_life)
        censor = rng.uniform(5, 200)
        if death < censor:
            deals.append(
                DealDecay(rng.choice(["lost", "no_decision"]), flare, flare + timedelta(days=death))
            )
        else:
            deals.append(
                DealDecay(rng.choice(["won", None]), flare, flare + timedelta(days=censor))
            )
    return deals


@pytest.mark.parametrize("true_half_life", [14.0, 30.0, 60.0])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fit_recovers_a_known_half_life_within_ten_percent(true_half_life, seed) -> None:
    fitted = learn_half_life(_simulated_deals(true_half_life, 500, seed), 30.0)
    assert fitted.learned
    assert fitted.days == pytest.approx(true_half_life, rel=0.10)


def test_below_eight_closed_deals_the_default_holds_and_says_why() -> None:
    deals = _simulated_deals(60.0, 7, 1)
    deals = [DealDecay(d.outcome or "won", d.last_heat_at, d.ended_at) for d in deals]
    fitted = learn_half_life(deals, 30.0)
    assert (fitted.days, fitted.learned) == (30.0, False)
    assert "7 closed deals, 8 needed" in fitted.reason


def test_the_learned_half_life_is_clamped() -> None:
    quick = [DealDecay("lost", T0, T0 + timedelta(hours=1)) for _ in range(10)]
    assert learn_half_life(quick, 30.0).days == 7.0
    never = [DealDecay("won", T0, T0 + timedelta(days=100)) for _ in range(10)]
    assert learn_half_life(never, 30.0).days == 365.0


@WALKS
@settings(max_examples=60)
@given(
    st.lists(events_strategy, min_size=1, max_size=6),
    half_lives,
    st.lists(st.tuples(st.integers(0, 5), st.floats(min_value=0, max_value=500)), max_size=8),
)
def test_heat_before_a_moment_is_the_scalar_heat_of_the_events_before_it(
    padding, books, h, asked
) -> None:
    """Pass: heat_before_batch gives, for each (whale, moment) asked in any order, heat_at of
    that whale's events strictly before the moment (the back-test's no-peeking rule)."""
    whale, days, strength = [], [], []
    for index, events in enumerate(books):
        for e in sorted(events, key=lambda e: (e.at, e.ref_id)):
            whale.append(index)
            days.append((e.at - T0).total_seconds() / 86_400)
            strength.append(e.strength)
    asked = [(which % len(books), T0 + timedelta(days=day)) for which, day in asked]
    # An event at the very moment asked is not before it.
    asked += [(i, events[0].at) for i, events in enumerate(books) if events]
    with patch.object(decay_batch, "PADDING", padding):
        found = heat_before_batch(
            np.array(whale, dtype=np.int64),
            np.array(days),
            np.array(strength),
            np.array([i for i, _ in asked], dtype=np.int64),
            np.array([(at - T0).total_seconds() / 86_400 for _, at in asked]),
            h,
        )
    expected = [
        heat_at(sorted((e for e in books[i] if e.at < at), key=lambda e: (e.at, e.ref_id)), at, h)
        for i, at in asked
    ]
    assert found == pytest.approx(expected, abs=1e-9)


@settings(max_examples=80)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 12), st.floats(min_value=0, max_value=1)), max_size=10),
        min_size=1,
        max_size=6,
    ),
    half_lives,
    st.data(),
)
def test_what_an_event_alone_at_its_moment_added_comes_from_the_heat_before_it(
    books, h, data
) -> None:
    """Pass: for events asked (any of them, in any order), added_alone_batch gives what
    added_batch gives each, and says which share their moment with another event of their
    whale (days drawn from a few, so many do)."""
    whale, days, strength = [], [], []
    for index, events in enumerate(books):
        for day, power in sorted(events):
            whale.append(index)
            days.append(float(day))
            strength.append(power)
    if not whale:
        return
    every = added_batch(np.array(whale, dtype=np.int64), np.array(days), np.array(strength), h)
    asked = data.draw(st.lists(st.integers(0, len(whale) - 1), unique=True))
    added, alone = added_alone_batch(
        np.array(whale, dtype=np.int64),
        np.array(days),
        np.array(strength),
        np.array([whale[i] for i in asked], dtype=np.int64),
        np.array([days[i] for i in asked]),
        np.array([strength[i] for i in asked]),
        h,
    )
    for n, i in enumerate(asked):
        sharing = sum(1 for w, d in zip(whale, days, strict=True) if (w, d) == (whale[i], days[i]))
        assert bool(alone[n]) == (sharing == 1)
        if alone[n]:
            assert added[n] == pytest.approx(every[i], abs=1e-9)
