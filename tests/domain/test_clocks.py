"""The hybrid clock and the clock guard, over many clocks: a far-future stamp never drags a
right clock along, and one wrong laptop never gets a right one refused."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.clock_guard import PEERS_BOUND_MS, SAME_CLOCK_MS, judge, span
from warroom.domain.hlc import MAX_AHEAD_MS, Hlc, parse

DAY_MS = 86_400_000
NOW_MS = 1_795_000_000_000  # late 2026
walls = st.integers(min_value=NOW_MS - 400 * DAY_MS, max_value=NOW_MS + 400 * DAY_MS)
clocks = st.builds(Hlc, walls, st.integers(min_value=0, max_value=1000))


@given(mine=clocks, other=clocks, now=walls)
def test_a_seen_clock_is_never_behind_and_never_far_ahead(mine: Hlc, other: Hlc, now: int) -> None:
    seen = mine.seen(other, now)
    assert seen >= mine
    assert seen >= min(other, Hlc(now + MAX_AHEAD_MS, 0))
    assert seen == mine or not seen.is_ahead(now)


@given(mine=clocks, future=clocks, now=walls, edits=st.integers(min_value=1, max_value=50))
def test_after_a_far_future_stamp_the_next_edits_run_on_the_wall_clock(
    mine: Hlc, future: Hlc, now: int, edits: int
) -> None:
    """A right clock (not ahead itself) that saw any stamp ticks within the bound of now."""
    if mine.is_ahead(now):
        return
    clock = mine.seen(future, now)
    for _ in range(edits):
        clock = clock.tick(now)
        assert not clock.is_ahead(now + 1)


@given(clock=clocks, device=st.text("abcdef0123456789", min_size=1, max_size=12))
def test_stamps_sort_as_clocks_do_and_read_back(clock: Hlc, device: str) -> None:
    assert parse(clock.stamp(device)) == clock
    assert (clock.stamp(device) < clock.after().stamp(device)) and clock < clock.after()


@given(
    now=walls,
    peers=st.lists(walls, min_size=1, max_size=9),
    wrong=st.integers(min_value=0, max_value=400 * DAY_MS),
)
def test_one_laptop_far_ahead_never_gets_a_right_clock_refused(
    now: int, peers: list[int], wrong: int
) -> None:
    """On a cloud folder (the share's clock is ours), with teammates who synced within the
    last 30 days: whatever one of them stamped in the future, a right clock publishes. (A team
    quiet for longer is asked to vouch: see the refusal's words in the sync tests.)"""
    past = [min(max(p, now - PEERS_BOUND_MS), now) for p in peers]
    verdict = judge(now, now, None, [*past, now + wrong])
    assert not verdict.refused


@given(now=walls, share_behind=st.integers(min_value=SAME_CLOCK_MS + 1, max_value=400 * DAY_MS))
def test_a_file_server_clock_refuses_exactly_past_the_bound(now: int, share_behind: int) -> None:
    verdict = judge(now, now - share_behind, True, [])
    assert verdict.refused == (share_behind > MAX_AHEAD_MS)
    assert "file server" in verdict.against


def test_with_a_time_server_and_no_share_clock_the_time_server_is_trusted() -> None:
    verdict = judge(NOW_MS, NOW_MS, True, [NOW_MS - 365 * DAY_MS])
    assert not verdict.refused and "time server" in verdict.against


def test_a_year_ahead_of_quiet_teammates_is_refused_and_says_against_what() -> None:
    verdict = judge(NOW_MS + 365 * DAY_MS, NOW_MS + 365 * DAY_MS, None, [NOW_MS, NOW_MS])
    assert verdict.refused and verdict.bound_ms == PEERS_BOUND_MS
    assert "2 other laptops" in verdict.against and span(verdict.ahead_ms) == "365 days"


def test_a_first_laptop_with_no_reference_is_never_refused() -> None:
    verdict = judge(NOW_MS, NOW_MS, None, [])
    assert not verdict.refused and "nothing yet" in verdict.against


def test_a_clock_set_back_is_behind_its_reference_so_its_edits_keep_their_stamps() -> None:
    """Pass: a laptop a day behind the file server is not refused (its edits lose to the right
    clocks anyway) but is marked behind: its earlier stamps are not "healed" back to a wrong
    time, which could put them behind versions it has already seen (replicas would diverge)."""
    verdict = judge(NOW_MS - DAY_MS, NOW_MS, None, [])
    assert not verdict.refused and verdict.behind
    assert not judge(NOW_MS, NOW_MS - 60_000, None, []).behind
