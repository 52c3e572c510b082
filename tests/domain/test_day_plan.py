"""The day's plan: rows never move or vanish during a day, whatever happens."""

from __future__ import annotations

from datetime import time

from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.day_plan import (
    LATER,
    NOT_PLANNED,
    checklist,
    first_plan,
    later_rows,
    next_unchecked,
    swapped_in,
)
from warroom.domain.records import Rep, WhaleSummary
from warroom.domain.today import Candidate

REP = Rep("r1", "Avery", "", "UTC", time(12), (1, 2, 3, 4, 5))


def whale(i: str) -> WhaleSummary:
    return WhaleSummary(
        i, f"Whale {i}", "", "r1", "Avery", 100, "USD", "", "", False, 1, None, None
    )


def candidate(i: str, rule: int = 4) -> Candidate:
    return Candidate(whale(i), rule, f"reason {i}", "call_attempt", None)


WHALES = {str(i): whale(str(i)) for i in range(12)}


def test_the_first_plan_keeps_the_rules_order() -> None:
    plan = first_plan([candidate("1", 1), candidate("2", 3), candidate("3", 4)])
    assert [(r.position, r.whale_id) for r in plan] == [(0, "1"), (1, "2"), (2, "3")]


def test_a_whale_touched_but_not_planned_comes_last_checked() -> None:
    plan = first_plan([candidate("1"), candidate("2")])
    rows = checklist(plan, WHALES, ["9", "2"])
    assert [(r.whale.id, r.done) for r in rows] == [("1", False), ("2", True), ("9", True)]
    assert rows[-1].reason == NOT_PLANNED


def test_five_touched_whales_are_five_checked_rows() -> None:
    plan = first_plan([candidate(str(i)) for i in range(5)])
    touched = ["0", "7", "2", "8", "4"]  # two of them were not planned
    rows = checklist(plan, WHALES, touched)
    assert sum(r.done for r in rows) == len(set(touched))


def test_a_fresh_trigger_after_the_plan_is_added_below() -> None:
    plan = first_plan([candidate("1"), candidate("2")])
    now = [candidate("5", 2), candidate("1"), candidate("2")]  # 5 would sort first now
    added = later_rows(plan, now)
    assert [(r.position, r.whale_id, r.origin) for r in added] == [(2, "5", LATER)]
    assert later_rows(plan + added, now) == []


def test_a_swap_takes_the_place_of_the_row_it_replaces() -> None:
    plan = first_plan([candidate("1"), candidate("2"), candidate("3")])
    row = swapped_in(plan, "2", "9", "their CFO is at the conference")
    assert (row.position, row.whale_id) == (1, "9")
    assert row.reason == "swapped in: their CFO is at the conference"


def test_next_unchecked_moves_down_then_wraps() -> None:
    rows = checklist(first_plan([candidate(str(i)) for i in range(4)]), WHALES, ["1", "2"])
    assert next_unchecked(rows, 0) == 3
    assert next_unchecked(rows, 3) == 0
    assert next_unchecked(checklist(first_plan([candidate("1")]), WHALES, ["1"]), 0) is None


events = st.lists(
    st.one_of(
        st.tuples(st.just("touch"), st.sampled_from(sorted(WHALES))),
        st.tuples(st.just("trigger"), st.sampled_from(sorted(WHALES))),
        st.tuples(st.just("due"), st.sampled_from(sorted(WHALES))),
        st.tuples(st.just("swap"), st.sampled_from(sorted(WHALES))),
    ),
    max_size=30,
)


@given(events)
def test_the_plan_never_reorders_or_drops_a_row_during_a_day(happenings) -> None:  # type: ignore[no-untyped-def]
    """Pass: after any sequence of touches, fresh triggers, newly due steps and swaps, every
    row shown before is still shown, at the same place or below only new rows."""
    plan = first_plan([candidate(str(i)) for i in range(5)])
    touched: list[str] = []
    fresh: list[Candidate] = []
    shown = [r.whale.id for r in checklist(plan, WHALES, touched)]
    for what, whale_id in happenings:
        if what == "touch":
            touched.append(whale_id)
        elif what in ("trigger", "due"):
            fresh.append(candidate(whale_id, 2 if what == "trigger" else 1))
            plan = plan + later_rows(plan, fresh)
        elif what == "swap":
            listed = {r.whale_id for r in plan}
            if whale_id not in listed:
                leaving = plan[len(plan) // 2].whale_id
                row = swapped_in(plan, leaving, whale_id, "a reason")
                plan = [row if r.position == row.position else r for r in plan]
                shown = [whale_id if w == leaving else w for w in shown]
        rows = checklist(plan, WHALES, touched)
        now = [r.whale.id for r in rows]
        planned = [r.whale.id for r in rows if r.plan.origin != "touched"]
        before = [w for w in shown if w in planned]
        assert planned[: len(before)] == before  # the planned rows keep their order and place
        assert len(set(now)) == len(now)
        assert all(r.done for r in rows if r.whale.id in touched)
        shown = planned
