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
from warroom.store.schema import DealChangeRow, DealRow, WhaleRow

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


def changes(session: Session) -> list[DealChange]:
    rows = session.scalars(
        select(DealChangeRow)
        .join(DealRow, DealRow.id == DealChangeRow.deal_id)
        .where(DealChangeRow.deleted_at.is_(None), DealRow.deleted_at.is_(None))
    )
    return [_change(row) for row in rows]


def deals_now(session: Session) -> list[DealNow]:
    """Every live deal of a live whale, as the pipeline reads it."""
    rows = session.execute(
        select(DealRow, WhaleRow.name)
        .join(WhaleRow, WhaleRow.id == DealRow.whale_id)
        .where(DealRow.deleted_at.is_(None), WhaleRow.deleted_at.is_(None))
    )
    return [
        DealNow(
            deal.id,
            deal.whale_id,
            name,
            deal.size,
            deal.stage,
            deal.close_on,
            deal.opened_on,
            deal.closed_on,
            deal.outcome,
        )
        for deal, name in rows
    ]


def _change(row: DealChangeRow) -> DealChange:
    at = row.changed_at
    return DealChange(row.deal_id, row.rep_id, at, row.field, row.before, row.after)
