"""What duplicates reads (every whale and person with their touch counts), and merging one
whale into another: every row that points at the other moves to the kept one, through the
ORM, so undo and sync see each move as an ordinary edit."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from warroom.domain.duplicates import Entry
from warroom.domain.records import others_with
from warroom.store.closet import OPEN_DEAL
from warroom.store.db import driver_rows
from warroom.store.edits import WHALE_WORDS
from warroom.store.schema import (
    DealRow,
    EnrolmentRow,
    PlanRowRow,
    StakeholderRow,
    Stamped,
    SwapRow,
    TaskRow,
    TouchRow,
    TriggerRow,
    WhaleRow,
)

# A whale's own fields a merge can take from the other (the deal is its own rows, moved).
WHALE_FIELDS = (*WHALE_WORDS, "owner_id")
PERSON_FIELDS = ("title", "role", "email", "profile_url", "moved_from", "now_at")
_BY_WHALE: tuple[type[Stamped], ...] = (
    DealRow,
    StakeholderRow,
    TouchRow,
    TriggerRow,
    EnrolmentRow,
    TaskRow,
    PlanRowRow,
)


def whale_entries(session: Session, touches: Mapping[str, int]) -> list[Entry]:
    """Every live whale, with its live touches' count from `touches` (the book's kept touch
    figures: counting a sales floor's five million again took half a second)."""
    rows = driver_rows(
        session, "SELECT id, name, web_domain, created_at FROM whales WHERE deleted_at IS NULL"
    )
    return [
        Entry(i, name, touches.get(i, 0), str(created), web_domain=domain or "")
        for i, name, domain, created in rows
    ]


def people_entries(
    session: Session,
    whale_ids: list[str] | None = None,
    person_ids: Sequence[str] | None = None,
    *,
    counted: bool = True,
) -> list[Entry]:
    """Live people of live whales (or of these whales, or these people themselves), with
    their live touches' count unless not `counted` (then 0: counting a sales floor's five
    million touches person by person took a second)."""
    scope = ""
    params: list[object] = []
    for column, ids in (("whale_id", whale_ids), ("id", person_ids)):
        if ids is not None:
            # The ids as one JSON list: any number of them in one parameter.
            scope += f" AND {column} IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(list(ids)))
    touches = (
        "(SELECT count(*) FROM touches WHERE touches.stakeholder_id = stakeholders.id"
        " AND touches.deleted_at IS NULL)"
        if counted
        else "0"
    )
    rows = driver_rows(
        session,
        f"SELECT id, whale_id, name, email, profile_url, created_at, {touches}"
        " FROM stakeholders WHERE deleted_at IS NULL"
        " AND whale_id IN (SELECT id FROM whales WHERE deleted_at IS NULL)" + scope,
        params,
    )
    return [
        Entry(i, name, int(n), str(created), whale_id=w, email=email or "", profile_url=url or "")
        for i, w, name, email, url, created, n in rows
    ]


def row_counts(session: Session, whale_id: str) -> dict[str, int]:
    """The whale's live rows per table, of those a merge moves."""
    return {
        table.__tablename__: int(
            driver_rows(
                session,
                f"SELECT count(*) FROM {table.__tablename__}"
                " WHERE whale_id = ? AND deleted_at IS NULL",
                [whale_id],
            )[0][0]
        )
        for table in _BY_WHALE
    }


def open_deals(session: Session, whale_id: str) -> list[OpenDeal]:
    """The whale's live open deals, biggest first."""
    rows = driver_rows(
        session,
        "SELECT id, size, currency, stage, close_on, solution, exact_deal FROM deals"
        f" WHERE whale_id = ? AND {OPEN_DEAL} ORDER BY size DESC",
        [whale_id],
    )
    return [
        OpenDeal(i, int(size), currency, stage, close_on or "", solution, exact)
        for i, size, currency, stage, close_on, solution, exact in rows
    ]


class OpenDeal(NamedTuple):
    id: str
    size: int
    currency: str
    stage: str
    close_on: str  # ISO day, or "" when none is set
    solution: str
    exact_deal: str


# What a deal the merge keeps takes from the one it drops, where it has none of its own.
DEAL_TEXTS = ("close_on", "solution", "exact_deal")


def fill_deal(session: Session, keep: str, dropped: str, at: datetime) -> list[tuple[str, str]]:
    """The kept deal takes the dropped one's close date, solution and exact deal where it has
    none: run before the drop, so nothing writes to the dropped deal after its delete."""
    kept, gone = session.get_one(DealRow, keep), session.get_one(DealRow, dropped)
    filled = [name for name in DEAL_TEXTS if not getattr(kept, name) and getattr(gone, name)]
    for name in filled:
        setattr(kept, name, getattr(gone, name))
    if filled:
        kept.updated_at = at
        return [("deals", keep)]
    return []


def delete_deals(session: Session, deal_ids: list[str], at: datetime) -> list[tuple[str, str]]:
    """Delete these deals: run after the moves, so nothing writes to them after."""
    for deal_id in deal_ids:
        row = session.get_one(DealRow, deal_id)
        row.deleted_at = at
        row.updated_at = at
    return [("deals", deal_id) for deal_id in deal_ids]


def whale_values(session: Session, whale_id: str) -> dict[str, object]:
    row = session.get_one(WhaleRow, whale_id)
    return {name: getattr(row, name) for name in WHALE_FIELDS}


def move_whale_rows(session: Session, other: str, keep: str, at: datetime) -> list[tuple[str, str]]:
    """Point every live row of `other` at `keep`; the (table, id) moved. Deleted rows stay:
    a sync reads a row edited after its delete as brought back."""
    moved = []
    for table in _BY_WHALE:
        column = table.__table__.c.whale_id
        live = table.__table__.c.deleted_at.is_(None)
        for row in session.scalars(select(table).where(column == other, live)):
            setattr(row, "whale_id", keep)  # noqa: B010 (every table here has one)
            row.updated_at = at
            moved.append((table.__tablename__, row.id))
    swaps = select(SwapRow).where(
        or_(SwapRow.removed_whale_id == other, SwapRow.added_whale_id == other),
        SwapRow.deleted_at.is_(None),
    )
    for swap in session.scalars(swaps):
        if swap.removed_whale_id == other:
            swap.removed_whale_id = keep
        if swap.added_whale_id == other:
            swap.added_whale_id = keep
        swap.updated_at = at
        moved.append(("today_swaps", swap.id))
    return moved


def _others_moved(
    session: Session, table: type[TouchRow] | type[TaskRow], other: str, keep: str, at: datetime
) -> list[tuple[str, str]]:
    moved = []
    live = table.__table__.c.deleted_at.is_(None)
    found = select(table).where(table.also_with.contains(f'"{other}"'), live)
    rows: list[TouchRow | TaskRow] = list(session.scalars(found))
    for row in rows:
        people = (keep if p == other else p for p in json.loads(row.also_with))
        others = others_with(row.stakeholder_id, people)
        row.also_with, row.updated_at = json.dumps(list(others)), at
        moved.append((table.__tablename__, row.id))
    return moved


def fold_person(session: Session, other: str, keep: str, at: datetime) -> list[tuple[str, str]]:
    """One person twice becomes one: the other's touches, cadences and reports point at the
    kept one, which takes the other's fields it has empty; the other is deleted."""
    moved = []
    for table, column in (
        (TouchRow, TouchRow.stakeholder_id),
        (TaskRow, TaskRow.stakeholder_id),
        (EnrolmentRow, EnrolmentRow.stakeholder_id),
    ):
        live = table.__table__.c.deleted_at.is_(None)
        for row in session.scalars(select(table).where(column == other, live)):
            setattr(row, "stakeholder_id", keep)  # noqa: B010 (both tables have one)
            row.updated_at = at
            moved.append((table.__tablename__, row.id))
    # The touches (and planned ones) the other was one of the others at: the kept one was.
    moved += _others_moved(session, TouchRow, other, keep, at)
    moved += _others_moved(session, TaskRow, other, keep, at)
    for person in session.scalars(
        select(StakeholderRow).where(
            StakeholderRow.reports_to_id == other, StakeholderRow.deleted_at.is_(None)
        )
    ):
        person.reports_to_id = keep if person.id != keep else None
        person.updated_at = at
        moved.append(("stakeholders", person.id))
    kept = session.get_one(StakeholderRow, keep)
    gone = session.get_one(StakeholderRow, other)
    for name in PERSON_FIELDS:
        if not getattr(kept, name) and getattr(gone, name):
            setattr(kept, name, getattr(gone, name))
    kept.influence = max(kept.influence, gone.influence)
    kept.relationship = max(kept.relationship, gone.relationship)
    kept.signed_before = kept.signed_before or gone.signed_before
    if kept.reports_to_id is None and gone.reports_to_id not in (None, keep):
        kept.reports_to_id = gone.reports_to_id
    if kept.left_on is None and gone.left_on is not None:
        kept.left_on = gone.left_on
    kept.updated_at = at
    gone.deleted_at = at
    gone.updated_at = at
    return [*moved, ("stakeholders", keep), ("stakeholders", other)]


def merge_whale_fields(
    session: Session, keep: str, other: str, taken: dict[str, object], at: datetime
) -> None:
    """The kept whale takes `taken` (its chosen values) and the other's hold and top-ten mark
    where it has none; the other is deleted."""
    kept = session.get_one(WhaleRow, keep)
    gone = session.get_one(WhaleRow, other)
    for name, value in taken.items():
        assert name in WHALE_FIELDS, name
        setattr(kept, name, value)
    kept.top_ten = kept.top_ten or gone.top_ten
    if kept.held_until is None and gone.held_until is not None:
        kept.held_on, kept.held_until = gone.held_on, gone.held_until
        kept.hold_reason = gone.hold_reason
    kept.updated_at = at
    gone.merged_into = keep  # written before the delete: nothing may write after it
    gone.deleted_at = at
    gone.updated_at = at


def follow_merges(session: Session, at: datetime) -> list[tuple[str, str]]:
    """Live rows that reached a whale after it was merged into another (a teammate logged a
    touch on it offline) move to where it went; the (table, id) moved. Every laptop that
    does this writes the same values, so they agree whichever of them syncs first."""
    went: dict[str, str] = dict(
        driver_rows(
            session,
            "SELECT id, merged_into FROM whales"
            " WHERE deleted_at IS NOT NULL AND merged_into IS NOT NULL",
            [],
        )
    )
    moved: list[tuple[str, str]] = []
    for gone in went:
        target, seen = went[gone], {gone}
        while target in went and target not in seen:  # merged on, into a third
            seen.add(target)
            target = went[target]
        if target not in seen:
            moved += move_whale_rows(session, gone, target, at)
    return moved
