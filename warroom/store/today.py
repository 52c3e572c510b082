"""What the daily five is built from: due steps, planned touches, fresh triggers, a rep's
touches and the day's swaps."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.domain.cadence import ACTIVE, PENDING
from warroom.domain.day_plan import PlanRow
from warroom.domain.kinds import TOUCH_LABELS
from warroom.domain.records import PlannedTouch
from warroom.domain.today import DueStep, FreshTrigger, Swap
from warroom.store import records
from warroom.store.bulk import sqlite_time
from warroom.store.db import driver_rows
from warroom.store.schema import (
    CadenceStepRow,
    CadenceTemplateRow,
    EnrolmentRow,
    EnrolmentStepRow,
    PlanRowRow,
    SwapRow,
    TaskRow,
    TouchRow,
    TriggerRow,
)


def due_steps(session: Session, rep_id: str, day: date) -> list[DueStep]:
    """Open cadence steps of the rep's active enrolments and their planned touches, due by day."""
    steps = session.execute(
        select(
            EnrolmentStepRow.id,
            EnrolmentRow.whale_id,
            EnrolmentStepRow.due_on,
            CadenceStepRow.position,
            CadenceStepRow.channel,
            CadenceTemplateRow.name,
        )
        .join(EnrolmentRow, EnrolmentRow.id == EnrolmentStepRow.enrolment_id)
        .join(CadenceStepRow, CadenceStepRow.id == EnrolmentStepRow.step_id)
        .join(CadenceTemplateRow, CadenceTemplateRow.id == EnrolmentRow.template_id)
        .where(
            EnrolmentRow.rep_id == rep_id,
            EnrolmentRow.status == ACTIVE,
            EnrolmentRow.deleted_at.is_(None),
            EnrolmentStepRow.deleted_at.is_(None),
            EnrolmentStepRow.status == PENDING,
            EnrolmentStepRow.due_on <= day,
        )
    )
    out = [
        DueStep(
            row.whale_id, row.due_on, f"step {row.position + 1} of {row.name}", row.channel, row.id
        )
        for row in steps
    ]
    tasks = session.scalars(
        select(TaskRow).where(
            TaskRow.rep_id == rep_id,
            TaskRow.deleted_at.is_(None),
            TaskRow.done_touch_id.is_(None),
            TaskRow.due_on <= day,
        )
    )
    out += [
        DueStep(
            task.whale_id,
            task.due_on,
            f"planned {TOUCH_LABELS[task.kind].lower()}",
            task.kind,
            task.id,
        )
        for task in tasks
    ]
    return out


def fresh_triggers(session: Session, since: datetime, at: datetime) -> list[FreshTrigger]:
    """Triggers between `since` and `at` that no touch on their whale has answered yet: one
    query, each answer looked up in the live touches' (whale, kind, time) index."""
    answered = (
        select(TouchRow.id)
        .where(
            TouchRow.deleted_at.is_(None),
            TouchRow.whale_id == TriggerRow.whale_id,
            TouchRow.occurred_at > TriggerRow.occurred_at,
            TouchRow.occurred_at <= at,
        )
        .exists()
    )
    rows = session.execute(
        select(TriggerRow.whale_id, TriggerRow.kind, TriggerRow.occurred_at, TriggerRow.note)
        .where(
            TriggerRow.deleted_at.is_(None),
            TriggerRow.occurred_at >= since,
            TriggerRow.occurred_at <= at,
            ~answered,
        )
        .order_by(TriggerRow.occurred_at, TriggerRow.id)
    )
    return [FreshTrigger(row.whale_id, row.kind, row.occurred_at, row.note) for row in rows]


def reps_before_cutoff_counts(
    session: Session,
    rep_ids: list[str],
    since: datetime,
    until: datetime,
    mornings: list[tuple[date, datetime, datetime]],
) -> dict[str, dict[date, int]]:
    """Per rep and local day, how many distinct whales the rep touched before the cut-off:
    the rule of domain.today.whales_before_cutoff counted in SQL, each day's morning (in UTC,
    from domain.today.morning_windows) one range of the live-touches index. The reps share
    their mornings (one zone and cut-off): a sales floor's team table asks it of hundreds."""
    if not mornings or not rep_ids:
        return {}
    days = ", ".join("(?, ?, ?)" for _ in mornings)
    params: list[object] = []
    for day, start, stop in mornings:
        params += [day.isoformat(), sqlite_time(max(start, since)), sqlite_time(stop)]
    sql = (
        f"WITH mornings(day, start, stop) AS (VALUES {days}),"
        " chosen(rep_id) AS (SELECT value FROM json_each(?))"
        " SELECT touches.rep_id, mornings.day, count(DISTINCT touches.whale_id)"
        # CROSS JOIN keeps this order, each morning one range of the (rep, time) index;
        # left to choose, SQLite walks every touch of the rep against every morning (400
        # mornings by a year's touches: a second per rep on a big book).
        " FROM chosen CROSS JOIN mornings CROSS JOIN touches"
        " ON touches.rep_id = chosen.rep_id AND touches.deleted_at IS NULL"
        " AND touches.occurred_at >= mornings.start AND touches.occurred_at < mornings.stop"
        " AND touches.occurred_at <= ? GROUP BY touches.rep_id, mornings.day"
    )
    found = driver_rows(session, sql, (*params, json.dumps(rep_ids), sqlite_time(until)))
    out: dict[str, dict[date, int]] = {}
    for rep_id, day, count in found:
        out.setdefault(rep_id, {})[date.fromisoformat(day)] = int(count)
    return out


def rep_touches(
    session: Session, rep_id: str, since: datetime, until: datetime
) -> list[tuple[str, datetime]]:
    """(whale id, time) of every touch the rep made in [since, until]."""
    rows = session.execute(
        select(TouchRow.whale_id, TouchRow.occurred_at).where(
            TouchRow.deleted_at.is_(None),
            TouchRow.rep_id == rep_id,
            TouchRow.occurred_at >= since,
            TouchRow.occurred_at <= until,
        )
    )
    return [(row.whale_id, row.occurred_at) for row in rows]


def add_swap(
    session: Session, swap_id: str, rep_id: str, day: date, swap: Swap, at: datetime
) -> None:
    row = SwapRow(
        rep_id=rep_id,
        day=day,
        removed_whale_id=swap.removed_whale_id,
        added_whale_id=swap.added_whale_id,
        reason=swap.reason,
    )
    row.id, row.created_at, row.updated_at = swap_id, at, at
    session.add(row)


# --- the day's plan ----------------------------------------------------------------------

_PLAN = uuid.UUID("6f1d2b1e-5c55-4a47-9a53-0d5b6b7f3c21")


def plan_row_id(rep_id: str, day: date, position: int) -> str:
    """The same id on every laptop of the rep for the same place in the same day's plan."""
    return str(uuid.uuid5(_PLAN, f"{rep_id}/{day.isoformat()}/{position}"))


def plan_rows(session: Session, rep_id: str, day: date) -> list[PlanRow]:
    rows = session.scalars(
        select(PlanRowRow)
        .where(
            PlanRowRow.rep_id == rep_id,
            PlanRowRow.day == day,
            PlanRowRow.deleted_at.is_(None),
        )
        .order_by(PlanRowRow.position)
    )
    return [
        PlanRow(r.position, r.whale_id, r.rule, r.reason, r.suggested_kind, r.step_ref, r.origin)
        for r in rows
    ]


def keep_plan_rows(
    session: Session, rep_id: str, day: date, rows: Sequence[PlanRow], at: datetime
) -> None:
    """Write these rows in their places (a row tombstoned there before comes back)."""
    for row in rows:
        row_id = plan_row_id(rep_id, day, row.position)
        stored = session.get(PlanRowRow, row_id)
        if stored is None:
            stored = PlanRowRow(rep_id=rep_id, day=day, position=row.position)
            stored.id, stored.created_at = row_id, at
            session.add(stored)
        stored.whale_id, stored.rule, stored.reason = row.whale_id, row.rule, row.reason
        stored.suggested_kind, stored.step_ref, stored.origin = (
            row.suggested_kind,
            row.step_ref,
            row.origin,
        )
        stored.deleted_at, stored.updated_at = None, at


def drop_plan_rows_from(
    session: Session, rep_id: str, day: date, position: int, at: datetime
) -> None:
    """Tombstone the day's rows at `position` and below (a rebuilt plan may be shorter)."""
    for stored in session.scalars(
        select(PlanRowRow).where(
            PlanRowRow.rep_id == rep_id,
            PlanRowRow.day == day,
            PlanRowRow.position >= position,
            PlanRowRow.deleted_at.is_(None),
        )
    ):
        stored.deleted_at, stored.updated_at = at, at


def planned_touch(session: Session, task_id: str) -> PlannedTouch | None:
    """The planned touch not done yet; None when there is no such task."""
    row = session.get(TaskRow, task_id)
    if row is None or row.deleted_at is not None or row.done_touch_id is not None:
        return None
    return records.task(row)


def complete_tasks(
    session: Session, whale_id: str, rep_id: str, kind: str, day: date, touch_id: str, at: datetime
) -> set[str]:
    """Planned touches of this kind at this whale, due by `day`, done by this touch."""
    done = set()
    for row in session.scalars(
        select(TaskRow).where(
            TaskRow.whale_id == whale_id,
            TaskRow.rep_id == rep_id,
            TaskRow.kind == kind,
            TaskRow.due_on <= day,
            TaskRow.done_touch_id.is_(None),
            TaskRow.deleted_at.is_(None),
        )
    ):
        row.done_touch_id, row.updated_at = touch_id, at
        done.add(row.id)
    return done
