"""A deal's expected close date, amount and stage: changed with their history kept (who,
when, from what to what), and read back for a whale's page and the pipeline."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.domain.pipeline import DealChange, DealNow
from warroom.domain.records import Deal
from warroom.store import records
from warroom.store.bulk import sqlite_time
from warroom.store.db import driver_rows
from warroom.store.schema import DealChangeRow, DealRow

TRACKED = ("close_on", "size", "stage")


def as_text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def change_deal(
    session: Session, row: DealRow, at: datetime, by: str | None, **values: object
) -> list[str]:
    """Set `values` (of TRACKED) on the deal, keeping a history row for each that changes;
    returns the history rows' ids."""
    added = []
    for field, value in values.items():
        assert field in TRACKED, field
        before = getattr(row, field)
        if before == value:
            continue
        setattr(row, field, value)
        change = DealChangeRow(
            deal_id=row.id,
            rep_id=by,
            changed_at=at,
            field=field,
            before=as_text(before),
            after=as_text(value),
        )
        change.id, change.created_at, change.updated_at = str(uuid.uuid4()), at, at
        session.add(change)
        added.append(change.id)
    if added:
        row.updated_at = at
    return added


def edit(
    session: Session, deal_id: str, at: datetime, by: str | None, **values: object
) -> tuple[Deal, bool]:
    """change_deal on the deal of that id: the deal as it is now, and whether it changed."""
    row = session.get_one(DealRow, deal_id)
    changed = change_deal(session, row, at, by, **values)
    return records.deal(row), bool(changed)


def history(session: Session, deal_ids: list[str]) -> list[DealChange]:
    """The live history rows of these deals, oldest first."""
    rows = session.scalars(
        select(DealChangeRow)
        .where(DealChangeRow.deal_id.in_(deal_ids), DealChangeRow.deleted_at.is_(None))
        .order_by(DealChangeRow.changed_at, DealChangeRow.id)
    )
    return [_change(row) for row in rows]


def deals_moved(
    session: Session, since: datetime, today: date
) -> tuple[list[DealNow], list[DealChange]]:
    """The live deals of live whales that may have moved since `since` (changed, opened or
    closed since, or past their close date while open), with their whole history: a team
    lead's book holds thousands of deals and few move in a week. Through the driver."""
    day = since.date().isoformat()
    rows = driver_rows(
        session,
        "SELECT d.id, d.whale_id, w.name, d.size, d.stage, d.close_on, d.opened_on,"
        " d.closed_on, d.outcome FROM deals d JOIN whales w ON w.id = d.whale_id"
        " WHERE d.deleted_at IS NULL AND w.deleted_at IS NULL AND (d.opened_on >= ?"
        " OR d.closed_on >= ? OR (d.closed_on IS NULL AND d.close_on < ?) OR d.id IN"
        " (SELECT deal_id FROM deal_changes WHERE deleted_at IS NULL AND changed_at >= ?))",
        [day, day, today.isoformat(), sqlite_time(since)],
    )
    deals = [
        DealNow(r[0], r[1], r[2], r[3], r[4], _day(r[5]), _day(r[6]), _day(r[7]), r[8])
        for r in rows
    ]
    return deals, history(session, [deal.id for deal in deals])


def _day(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value)[:10])


def _change(row: DealChangeRow) -> DealChange:
    at = row.changed_at
    return DealChange(row.deal_id, row.rep_id, at, row.field, row.before, row.after)
