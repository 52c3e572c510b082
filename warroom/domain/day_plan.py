"""The day's plan: Today as first built on a day, kept for that day so its rows never move or
vanish while the rep works down the list (DESIGN.md, Today).

Rows are only ever added below: a whale with a fresh trigger or a newly due step that arrives
after the plan was made ("later"). A swap puts its whale in the place of the one it replaces.
A row is checked when the rep logged any touch on its whale that day, from anywhere; a whale
touched today that was not planned is listed last, checked ("touched, not planned").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from warroom.domain.records import WhaleSummary
from warroom.domain.today import Candidate

MORNING, LATER, SWAPPED, TOUCHED = "morning", "later", "swapped", "touched"
SWAPPED_RULE, TOUCHED_RULE = 5, 6
NOT_PLANNED = "touched, not planned"
ALREADY = "already touched today (Ctrl+Z takes a touch back)"


@dataclass(frozen=True)
class PlanRow:
    """One kept row of a day's plan."""

    position: int
    whale_id: str
    rule: int  # the order it was placed by (1..4), 5 swapped in, 6 touched but not planned
    reason: str
    suggested_kind: str
    step_ref: str | None  # the cadence step (or planned touch) the row does, if any
    origin: str  # MORNING, LATER, SWAPPED or TOUCHED


@dataclass(frozen=True)
class CheckRow:
    """A row as Today shows it: the plan's row, its whale now, and whether it is done."""

    plan: PlanRow
    whale: WhaleSummary
    done: bool
    gaps: tuple[str, ...] = ()  # the whale's coverage gaps now (no champion, ...)
    held_until: date | None = None  # held since the plan was made (it stays: Today holds still)

    @property
    def why(self) -> str:
        """The plan's reason, then the whale's coverage gaps and hold: what the rep reads."""
        held = [f"on hold until {self.held_until:%d %b}"] if self.held_until else []
        return "; ".join([self.reason, *self.gaps, *held])

    @property
    def rule(self) -> int:
        return self.plan.rule

    @property
    def reason(self) -> str:
        return self.plan.reason

    @property
    def suggested_kind(self) -> str:
        return self.plan.suggested_kind


def first_plan(rows: Sequence[Candidate]) -> list[PlanRow]:
    """The plan as first built this day: the rules' order, positions from 0."""
    return [
        PlanRow(n, r.whale.id, r.rule, r.reason, r.suggested_kind, r.step_ref, MORNING)
        for n, r in enumerate(rows)
    ]


def later_rows(plan: Sequence[PlanRow], rows: Sequence[Candidate]) -> list[PlanRow]:
    """Rows to add below: whales that now have a due step or a fresh trigger (rules 1 and 2)
    and are not on the plan. Never a row above those there already."""
    planned = {row.whale_id for row in plan}
    start = max((row.position for row in plan), default=-1) + 1
    found = []
    for row in rows:
        if row.rule in (1, 2) and row.whale.id not in planned:
            planned.add(row.whale.id)
            found.append(row)
    return [
        PlanRow(start + n, r.whale.id, r.rule, r.reason, r.suggested_kind, r.step_ref, LATER)
        for n, r in enumerate(found)
    ]


def swapped_in(plan: Sequence[PlanRow], leaving: str, arriving: str, reason: str) -> PlanRow:
    """The row that takes `leaving`'s place: the same position, the other whale."""
    [row] = [r for r in plan if r.whale_id == leaving]
    return PlanRow(
        row.position,
        arriving,
        SWAPPED_RULE,
        f"swapped in: {reason}",
        "call_attempt",
        None,
        SWAPPED,
    )


def checklist(
    plan: Sequence[PlanRow],
    whales: Mapping[str, WhaleSummary],
    touched_today: Iterable[str],
) -> list[CheckRow]:
    """The plan in its order, each row checked when its whale was touched today, then the
    whales touched today that were not planned, checked. A row whose whale is gone (deleted
    here or by a teammate) is left out while it is gone."""
    touched = list(dict.fromkeys(touched_today))
    done = set(touched)
    ordered = sorted(plan, key=lambda r: r.position)
    out = [
        CheckRow(r, whales[r.whale_id], r.whale_id in done) for r in ordered if r.whale_id in whales
    ]
    planned = {row.whale_id for row in plan}
    start = max((row.position for row in plan), default=-1) + 1
    extra = [w for w in touched if w not in planned and w in whales]
    for n, whale_id in enumerate(extra):
        row = PlanRow(start + n, whale_id, TOUCHED_RULE, NOT_PLANNED, "call_attempt", None, TOUCHED)
        out.append(CheckRow(row, whales[whale_id], True))
    return out


def next_unchecked(rows: Sequence[CheckRow], after: int) -> int | None:
    """The first unchecked row below `after`, else the first above it; None when all are done."""
    count = len(rows)
    for step in range(1, count + 1):
        index = (after + step) % count
        if not rows[index].done:
            return index
    return None
