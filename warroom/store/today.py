"""What the daily five is built from: due steps, planned touches, fresh triggers, a rep's
touches and the day's swaps."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.domain.cadence import ACTIVE, PENDING
from warroom.domain.kinds import TOUCH_LABELS
from warroom.domain.today import DueStep, FreshTrigger, Swap
from warroom.store.schema import (
    CadenceStepRow,
    CadenceTemplateRow,
    EnrolmentRow,
    EnrolmentStepRow,
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
    """Triggers between `since` and `at` that no touch on their whale has answered yet."""
    rows = session.scalars(
        select(TriggerRow).where(
            TriggerRow.deleted_at.is_(None),
            TriggerRow.occurred_at >= since,
            TriggerRow.occurred_at <= at,
        )
    ).all()
    out = []
    for row in rows:
        answered = session.scalar(
            select(TouchRow.id)
            .where(
                TouchRow.deleted_at.is_(None),
                TouchRow.whale_id == row.whale_id,
                TouchRow.occurred_at > row.occurred_at,
                TouchRow.occurred_at <= at,
            )
            .limit(1)
        )
        if answered is None:
            out.append(FreshTrigger(row.whale_id, row.kind, row.occurred_at, row.note))
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


def swaps(session: Session, rep_id: str, day: date) -> list[Swap]:
    rows = session.scalars(
        select(SwapRow)
        .where(SwapRow.rep_id == rep_id, SwapRow.day == day, SwapRow.deleted_at.is_(None))
        .order_by(SwapRow.created_at)
    )
    return [Swap(row.removed_whale_id, row.added_whale_id, row.reason) for row in rows]


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
