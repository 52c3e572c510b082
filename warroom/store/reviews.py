"""Closing deals, win/loss reviews, and triggers as a feed: reads and writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.domain.errors import NotFound
from warroom.domain.records import Trigger
from warroom.store import records
from warroom.store.db import driver_rows
from warroom.store.deal_history import change_deal
from warroom.store.schema import DealRow, TriggerRow, WhaleRow


@dataclass(frozen=True)
class Review:
    id: str
    deal_id: str
    whale_id: str
    whale: str
    owner_id: str | None
    deal_size: int
    outcome: str
    primary_reason: str
    secondary_reasons: tuple[str, ...]
    do_differently: str
    customer_quote: str
    reviewed_on: date
    closed_on: date | None


@dataclass(frozen=True)
class ClosedDeal:
    deal_id: str
    whale_id: str
    whale: str
    owner_id: str | None
    outcome: str
    closed_on: date
    size: int
    reviewed: bool


def reviews(
    session: Session,
    *,
    until: date | None = None,
    owner_id: str | None = None,
    newest: int | None = None,
) -> list[Review]:
    """Every live review with its deal and whale, newest first (or those written by `until`,
    of one owner's whales, the `newest` few): plain rows through the driver (a sales floor
    reviews thousands of deals a year, and the war room shows a dozen)."""
    where, params = "", []
    if until is not None:
        where += " AND r.reviewed_on <= ?"
        params.append(until.isoformat())
    if owner_id is not None:
        where += " AND w.owner_id = ?"
        params.append(owner_id)
    limit = "" if newest is None else f" LIMIT {int(newest)}"
    rows = driver_rows(
        session,
        "SELECT r.id, d.id, d.whale_id, w.name, w.owner_id, d.size, r.outcome,"
        " r.primary_reason, r.secondary_reasons, r.do_differently, r.customer_quote,"
        " r.reviewed_on, d.closed_on"
        " FROM reviews r JOIN deals d ON d.id = r.deal_id JOIN whales w ON w.id = d.whale_id"
        f" WHERE r.deleted_at IS NULL{where} ORDER BY r.reviewed_on DESC, r.rowid{limit}",
        params,
    )
    out = []
    for row in rows:
        review_id, deal_id, whale_id, whale, owner, size, outcome, primary = row[:8]
        secondary, differently, quote, reviewed_on, closed_on = row[8:]
        out.append(
            Review(
                review_id,
                deal_id,
                whale_id,
                whale,
                owner,
                size,
                outcome,
                primary,
                tuple(json.loads(secondary or "[]")),
                differently,
                quote,
                date.fromisoformat(reviewed_on),
                None if closed_on is None else date.fromisoformat(closed_on),
            )
        )
    return out


def closed_deals(
    session: Session,
    since: date | None = None,
    *,
    owner_id: str | None = None,
    waiting: bool = False,
) -> list[ClosedDeal]:
    """Every live closed deal of a live whale (closed on `since` or later, when given; of one
    rep's whales; only those not yet reviewed), with whether it was reviewed: plain rows
    through the driver (a sales floor closes thousands a year; one rep's are read through
    the whales' owner index, not all of them)."""
    reviewed = "EXISTS (SELECT 1 FROM reviews r WHERE r.deal_id = d.id AND r.deleted_at IS NULL)"
    sql = (
        f"SELECT d.id, d.whale_id, w.name, w.owner_id, d.outcome, d.closed_on, d.size, {reviewed}"
        " FROM deals d JOIN whales w ON w.id = d.whale_id"
        " WHERE d.deleted_at IS NULL AND d.outcome IS NOT NULL AND d.closed_on IS NOT NULL"
        " AND w.deleted_at IS NULL AND d.closed_on >= ?"
    )
    params: list[object] = [(since or date.min).isoformat()]
    if owner_id is not None:
        sql += " AND w.owner_id = ?"
        params.append(owner_id)
    if waiting:
        sql += f" AND NOT {reviewed}"
    rows = driver_rows(session, sql, params)
    return [
        ClosedDeal(
            deal_id,
            whale_id,
            name,
            owner,
            outcome or "",
            date.fromisoformat(closed_on),
            size,
            bool(reviewed),
        )
        for deal_id, whale_id, name, owner, outcome, closed_on, size, reviewed in rows
    ]


def close_deal(
    session: Session,
    deal_id: str,
    outcome: str,
    closed_on: date,
    at: datetime,
    by: str | None = None,
) -> None:
    row = session.get(DealRow, deal_id)
    if row is None:
        raise NotFound("no such deal")
    row.outcome, row.closed_on, row.updated_at = outcome, closed_on, at
    change_deal(session, row, at, by, stage="closed")


def triggers_since(session: Session, since: datetime) -> list[tuple[Trigger, str, str | None]]:
    """(trigger, whale name, owner id), newest first."""
    rows = session.execute(
        select(TriggerRow, WhaleRow.name, WhaleRow.owner_id)
        .join(WhaleRow, WhaleRow.id == TriggerRow.whale_id)
        .where(
            TriggerRow.deleted_at.is_(None),
            WhaleRow.deleted_at.is_(None),
            TriggerRow.occurred_at >= since,
        )
        .order_by(TriggerRow.occurred_at.desc())
    )
    return [(records.trigger(t), name, owner) for t, name, owner in rows]


def update_trigger(session: Session, trigger: Trigger, at: datetime) -> None:
    row = session.get_one(TriggerRow, trigger.id)
    row.kind, row.occurred_at, row.source_url, row.note = (
        trigger.kind,
        trigger.occurred_at,
        trigger.source_url,
        trigger.note,
    )
    row.updated_at = at


def tombstone_trigger(session: Session, trigger_id: str, deleted: bool, at: datetime) -> str:
    row = session.get(TriggerRow, trigger_id)
    if row is None:
        raise NotFound("no such trigger")
    row.deleted_at, row.updated_at = (at if deleted else None), at
    return row.whale_id
