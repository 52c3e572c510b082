"""The closet's rules: under the watermark for more than two half-lives, or not warmed in 90
days while open; holds and re-warms take a whale out; biggest first."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.closet import (
    CLOSET_HALF_LIVES,
    NOT_WARMED_DAYS,
    Hold,
    check_hold,
    closet,
    closet_reason,
    held,
    hold_offered,
    value_by_currency,
)
from warroom.domain.decay import days_to_sink, sank_days_ago
from warroom.domain.errors import BadInput
from warroom.domain.records import WhaleSummary

AT = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
DAY = AT.date()
H = 40.0
W = 0.3


def whale(
    heat: float,
    flare_days_ago: float | None,
    size: int = 500_000,
    whale_id: str = "w",
    currency: str = "USD",
) -> WhaleSummary:
    """A whale with an open deal whose heat decayed from its last flare, as the list reads."""
    since = flare_days_ago
    return WhaleSummary(
        whale_id,
        f"Whale {whale_id}",
        "",
        "r1",
        "Avery",
        size,
        currency,
        "discovery",
        "",
        False,
        1,
        None,
        None,
        heat=heat,
        days_to_sink=days_to_sink(heat, H, W),
        last_flare_at=None if since is None else AT - timedelta(days=since),
        sank_days_ago=sank_days_ago(heat, H, W, since),
    )


def decayed(peak: float, days: float) -> WhaleSummary:
    """Heat `peak` right after a flare `days` ago, decayed since."""
    return whale(peak * 2 ** (-days / H), days)


OPEN_LONG = DAY - timedelta(days=400)


def test_a_whale_that_sank_just_over_two_half_lives_ago_is_in_the_closet() -> None:
    # From 1.0 it sinks under 0.3 after h*log2(1/0.3) days; two half-lives later it is in
    # (a short half-life, so that 90 days without a flare have not passed yet).
    h = 20.0
    sinks_after = h * math.log2(1 / W)

    def sunk(days: float) -> WhaleSummary:
        heat = 2 ** (-days / h)
        return replace(whale(heat, days), sank_days_ago=sank_days_ago(heat, h, W, days))

    assert closet_reason(sunk(sinks_after + 2 * h - 1), OPEN_LONG, AT, h) is None
    found = closet_reason(sunk(sinks_after + 2 * h + 1), OPEN_LONG, AT, h)
    assert found is not None and found.why == "under the watermark for 41 days (2.0 half-lives)"


def test_a_whale_never_above_the_watermark_since_its_flare_counts_from_the_flare() -> None:
    # A flare too weak to lift it (its heat now is far below what one flare leaves after
    # these days): under at least since that flare.
    assert whale(0.01, 85.0).sank_days_ago is None
    assert closet_reason(whale(0.01, 79.0), OPEN_LONG, AT, H) is None
    found = closet_reason(whale(0.01, 85.0), OPEN_LONG, AT, H)
    assert found is not None and found.days_cold == pytest.approx(85.0)


def test_not_warmed_in_ninety_days_while_open() -> None:
    warm_long_ago = whale(0.9, 91.0)  # hot after its flare, still above the watermark
    assert closet_reason(warm_long_ago, OPEN_LONG, AT, H) is not None
    assert closet_reason(whale(0.9, 89.0), OPEN_LONG, AT, H) is None
    # Opened 30 days ago: not warmed since opening, but not for 90 days yet.
    assert closet_reason(warm_long_ago, DAY - timedelta(days=30), AT, H) is None
    never = whale(0.0, None)
    assert closet_reason(never, DAY - timedelta(days=90), AT, H) is None
    found = closet_reason(never, DAY - timedelta(days=91), AT, H)
    assert found is not None and found.why == "never warmed in 91 days open"


def test_no_open_deal_is_never_in_the_closet() -> None:
    assert closet_reason(whale(0.0, None), None, AT, H) is None


@given(
    peak=st.floats(0.01, 5.0),
    days=st.floats(0.0, 800.0),
    opened=st.integers(0, 900),
)
def test_the_closet_rule_is_what_the_issue_says(peak: float, days: float, opened: int) -> None:
    """In the closet exactly when under the watermark for more than two half-lives (counted
    from when it sank, or from the flare when the flare never lifted it), or when neither a
    touch nor a trigger warmed it for 90 days of the deal being open."""
    w = decayed(peak, days)
    heat = peak * 2 ** (-days / H)
    # Under since it sank (or since the flare, when that never lifted it); 0 when above.
    under = 0.0
    if heat < W:
        under = days - H * math.log2(peak / W) if peak > W else days
    cold = min(days, float(opened))
    expected = under > CLOSET_HALF_LIVES * H or cold > NOT_WARMED_DAYS
    found = closet_reason(w, DAY - timedelta(days=opened), AT, H)
    # Right at an edge, floating point may fall either way.
    near_edge = abs(under - CLOSET_HALF_LIVES * H) < 1e-6 or abs(cold - NOT_WARMED_DAYS) < 1e-6
    if not near_edge:
        assert (found is not None) == expected, (heat, under, cold)


def test_the_list_is_biggest_first_without_holds_or_rewarms() -> None:
    cold = [
        whale(0.01, 200.0, size, str(i), "EUR" if i == 3 else "USD")
        for i, size in enumerate((300_000, 2_000_000, 900_000, 400_000, 1_000_000))
    ]
    holds = {
        "1": Hold("1", DAY - timedelta(days=3), DAY + timedelta(days=30), "budget in Q2"),
        "4": Hold("4", DAY - timedelta(days=60), DAY, "over today"),  # ended: back in
    }
    rows = closet(cold, {w.id: OPEN_LONG for w in cold}, holds, {"2"}, AT, DAY, H)
    assert [r.whale.id for r in rows] == ["4", "3", "0"]
    assert value_by_currency(rows) == {"USD": 1_300_000, "EUR": 400_000}
    assert [h.whale_id for h in held(holds.values(), DAY)] == ["1"]


def test_a_hold_needs_a_reason_and_a_later_day() -> None:
    with pytest.raises(BadInput, match="say why"):
        check_hold("w", DAY + timedelta(days=5), "  ", DAY)
    with pytest.raises(BadInput, match="a day after today"):
        check_hold("w", DAY, "budget", DAY)
    with pytest.raises(BadInput, match="at most two years"):
        check_hold("w", DAY + timedelta(days=800), "budget", DAY)
    hold = check_hold("w", date(2027, 3, 1), " Budget\nfrozen ", DAY)
    assert hold == Hold("w", DAY, date(2027, 3, 1), "Budget frozen")
    assert hold.holds_on(DAY) and not hold.holds_on(date(2027, 3, 1))


@given(st.dates(date(2020, 1, 1), date(2035, 12, 31)))
def test_a_hold_is_offered_a_quarter_on_on_a_weekday(day: date) -> None:
    """Pass: from any day, the hold offered is 90 to 92 days on, never on a weekend."""
    offered = hold_offered(day)
    assert offered.isoweekday() <= 5 and 90 <= (offered - day).days <= 92
