"""What the closet reads (when each whale's open deal opened, the holds) and the hold's write."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from warroom.domain.cadence import RUNNING
from warroom.domain.closet import Hold
from warroom.store.db import driver_rows
from warroom.store.schema import WhaleRow


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# A deal still open: live, not closed (the same deal the closet, holds and merges mean).
OPEN_DEAL = "deleted_at IS NULL AND closed_on IS NULL AND stage != 'closed'"


def open_since(session: Session, whale_ids: list[str] | None = None) -> dict[str, date]:
    """Per live whale (or of these) with an open deal: the day the first of its open deals
    opened (the day it was written down, when no opening day was kept)."""
    scope = "" if whale_ids is None else f" AND whale_id IN ({', '.join('?' * len(whale_ids))})"
    rows = driver_rows(
        session,
        "SELECT whale_id, min(coalesce(opened_on, date(created_at))) FROM deals"
        f" WHERE {OPEN_DEAL} AND whale_id IN (SELECT id FROM whales WHERE deleted_at IS NULL)"
        f"{scope} GROUP BY whale_id",
        list(whale_ids or []),
    )
    return {whale_id: _day(opened) for whale_id, opened in rows if opened is not None}


def holds(session: Session) -> dict[str, Hold]:
    """Every live whale's hold (in force or over), by whale."""
    rows = driver_rows(
        session,
        "SELECT id, held_on, held_until, hold_reason FROM whales"
        " WHERE deleted_at IS NULL AND held_until IS NOT NULL",
        [],
    )
    return {
        whale_id: Hold(whale_id, _day(held_on or until), _day(until), reason or "")
        for whale_id, held_on, until, reason in rows
    }


def running_in(session: Session, template: str) -> set[str]:
    """The live whales with an enrolment still running in the cadence named `template`."""
    marks = ", ".join("?" for _ in RUNNING)
    rows = driver_rows(
        session,
        "SELECT DISTINCT enrolments.whale_id FROM enrolments"
        " JOIN cadence_templates ON cadence_templates.id = enrolments.template_id"
        f" WHERE enrolments.deleted_at IS NULL AND enrolments.status IN ({marks})"
        " AND lower(cadence_templates.name) = lower(?)",
        [*RUNNING, template],
    )
    return {whale_id for (whale_id,) in rows}


def set_hold(session: Session, whale_id: str, hold: Hold | None, at: datetime) -> None:
    """Hold the whale (or, with None, lift its hold)."""
    row = session.get_one(WhaleRow, whale_id)
    row.held_on = hold.held_on if hold else None
    row.held_until = hold.until if hold else None
    row.hold_reason = hold.reason if hold else ""
    row.updated_at = at
