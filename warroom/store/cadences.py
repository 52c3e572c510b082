"""Cadence templates, enrolments and their steps: reads as domain records, and the writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.domain.cadence import (
    DONE,
    ENGAGED,
    FINISHED,
    PENDING,
    RUNNING,
    Enrolment,
    EnrolmentOutcome,
    EnrolmentStep,
    SavedTemplate,
    TemplateStep,
)
from warroom.domain.errors import NotFound
from warroom.store.db import driver_rows
from warroom.store.schema import (
    CadenceStepRow,
    CadenceTemplateRow,
    EnrolmentRow,
    EnrolmentStepRow,
    StakeholderRow,
    Stamped,
    WhaleRow,
)


def _stamp(row: Stamped, row_id: str, at: datetime) -> None:
    row.id, row.created_at, row.updated_at = row_id, at, at


def templates(session: Session) -> list[SavedTemplate]:
    steps: dict[str, list[TemplateStep]] = defaultdict(list)
    for row in session.scalars(
        select(CadenceStepRow)
        .where(CadenceStepRow.deleted_at.is_(None))
        .order_by(CadenceStepRow.position)
    ):
        steps[row.template_id].append(
            TemplateStep(row.id, row.day_offset, row.channel, row.instruction, row.message)
        )
    rows = session.scalars(
        select(CadenceTemplateRow)
        .where(CadenceTemplateRow.deleted_at.is_(None))
        .order_by(CadenceTemplateRow.name)
    )
    return [SavedTemplate(r.id, r.name, r.description, tuple(steps[r.id])) for r in rows]


def template_ids(session: Session, among: list[str] | None = None) -> set[str]:
    """Ids of templates the book has or had (deleted ones too), of `among` when given."""
    query = select(CadenceTemplateRow.id)
    if among is not None:
        query = query.where(CadenceTemplateRow.id.in_(among))
    return set(session.scalars(query))


def save_template(
    session: Session, template: SavedTemplate, new_ids: list[str], at: datetime
) -> None:
    """Insert or update a template and its steps, in order; steps left out are tombstoned.

    Steps keep their ids, so enrolments already running keep pointing at them."""
    row = session.get(CadenceTemplateRow, template.id)
    if row is None:
        row = CadenceTemplateRow(name=template.name, description=template.description)
        _stamp(row, template.id, at)
        session.add(row)
    else:
        row.name, row.description, row.updated_at = template.name, template.description, at
        row.deleted_at = None
    kept = set()
    fresh = iter(new_ids)
    for position, step in enumerate(template.steps):
        step_row = session.get(CadenceStepRow, step.id) if step.id else None
        if step_row is None:
            step_row = CadenceStepRow(template_id=template.id)
            _stamp(step_row, step.id or next(fresh), at)
            session.add(step_row)
        step_row.position, step_row.day_offset = position, step.day_offset
        step_row.channel, step_row.instruction = step.channel, step.instruction
        step_row.message, step_row.updated_at, step_row.deleted_at = step.message, at, None
        kept.add(step_row.id)
    for old in session.scalars(
        select(CadenceStepRow).where(
            CadenceStepRow.template_id == template.id, CadenceStepRow.deleted_at.is_(None)
        )
    ):
        if old.id not in kept:
            old.deleted_at, old.updated_at = at, at


def enrolment_outcomes(session: Session) -> list[EnrolmentOutcome]:
    """Every live enrolment as follow-through sees it (status, steps done, steps in all):
    one aggregate, no enrolment or step loaded (a team's book holds thousands)."""
    rows = driver_rows(
        session,
        "SELECT enrolments.rep_id, cadence_templates.name, enrolments.status,"
        " count(CASE WHEN enrolment_steps.status = ? THEN 1 END), count(enrolment_steps.id)"
        " FROM enrolments"
        " JOIN cadence_templates ON cadence_templates.id = enrolments.template_id"
        " JOIN whales ON whales.id = enrolments.whale_id"
        " LEFT JOIN enrolment_steps ON enrolment_steps.enrolment_id = enrolments.id"
        " AND enrolment_steps.deleted_at IS NULL"
        " WHERE enrolments.deleted_at IS NULL AND whales.deleted_at IS NULL"
        " GROUP BY enrolments.id ORDER BY enrolments.started_on",
        (DONE,),
    )
    return [EnrolmentOutcome(*row) for row in rows]


def enrolments(
    session: Session,
    *,
    rep_id: str | None = None,
    whale_id: str | None = None,
    stakeholder_id: str | None = None,
    enrolment_id: str | None = None,
    statuses: tuple[str, ...] = (),
) -> list[Enrolment]:
    query = (
        select(EnrolmentRow, CadenceTemplateRow.name, WhaleRow.name, StakeholderRow.name)
        .join(CadenceTemplateRow, CadenceTemplateRow.id == EnrolmentRow.template_id)
        .join(WhaleRow, WhaleRow.id == EnrolmentRow.whale_id)
        .outerjoin(StakeholderRow, StakeholderRow.id == EnrolmentRow.stakeholder_id)
        .where(EnrolmentRow.deleted_at.is_(None), WhaleRow.deleted_at.is_(None))
    )
    for column, value in (
        (EnrolmentRow.rep_id, rep_id),
        (EnrolmentRow.whale_id, whale_id),
        (EnrolmentRow.stakeholder_id, stakeholder_id),
        (EnrolmentRow.id, enrolment_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if statuses:
        query = query.where(EnrolmentRow.status.in_(statuses))
    rows = session.execute(query.order_by(EnrolmentRow.started_on)).all()
    ids = [row[0].id for row in rows]
    steps: dict[str, list[EnrolmentStep]] = defaultdict(list)
    if ids:
        for step, template_step in session.execute(
            select(EnrolmentStepRow, CadenceStepRow)
            .join(CadenceStepRow, CadenceStepRow.id == EnrolmentStepRow.step_id)
            .where(EnrolmentStepRow.enrolment_id.in_(ids), EnrolmentStepRow.deleted_at.is_(None))
            .order_by(EnrolmentStepRow.due_on, CadenceStepRow.position)
        ):
            steps[step.enrolment_id].append(
                EnrolmentStep(
                    step.id,
                    template_step.position + 1,
                    template_step.channel,
                    template_step.instruction,
                    template_step.message,
                    step.due_on,
                    step.status,
                    step.touch_id,
                )
            )
    return [
        Enrolment(
            e.id,
            e.template_id,
            template,
            e.whale_id,
            whale,
            e.stakeholder_id,
            person or "",
            e.rep_id,
            e.started_on,
            e.status,
            e.stop_reason,
            e.paused_on,
            e.ended_on,
            tuple(steps[e.id]),
        )
        for e, template, whale, person in rows
    ]


def add_enrolment_steps(
    session: Session, enrolment_id: str, steps: list[tuple[str, str, date]], at: datetime
) -> None:
    """(new id, template step id, due date) per step."""
    for row_id, step_id, due in steps:
        row = EnrolmentStepRow(
            enrolment_id=enrolment_id, step_id=step_id, due_on=due, status=PENDING, touch_id=None
        )
        _stamp(row, row_id, at)
        session.add(row)


def set_step(
    session: Session, step_id: str, status: str, touch_id: str | None, at: datetime
) -> str:
    """Mark an enrolment step; returns its enrolment's id."""
    row = session.get(EnrolmentStepRow, step_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("no such cadence step")
    row.status, row.touch_id, row.updated_at = status, touch_id, at
    return row.enrolment_id


def move_step(session: Session, step_id: str, due_on: date, at: datetime) -> None:
    row = session.get_one(EnrolmentStepRow, step_id)
    row.due_on, row.updated_at = due_on, at


def set_enrolment(
    session: Session,
    enrolment_id: str,
    at: datetime,
    *,
    status: str,
    reason: str | None = None,
    paused_on: date | None = None,
    ended_on: date | None = None,
) -> None:
    row = session.get(EnrolmentRow, enrolment_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("no such enrolment")
    row.status, row.paused_on, row.ended_on, row.updated_at = status, paused_on, ended_on, at
    if reason is not None:
        row.stop_reason = reason


def engage(session: Session, people: Iterable[str | None], at: datetime) -> set[str]:
    """End the running enrolments of the people a reply or meeting was with, as engaged;
    returns their ids."""
    ended: set[str] = set()
    for stakeholder_id in filter(None, dict.fromkeys(people)):
        running = enrolments(session, stakeholder_id=stakeholder_id, statuses=RUNNING)
        ended |= _end(session, running, at, ENGAGED)
    return ended


def end_with_the_deal(session: Session, whale_id: str, outcome: str, at: datetime) -> set[str]:
    """End the whale's running enrolments because its deal closed; returns their ids. They end
    as finished, with the close as the reason: the deal ended them, the rep gave up nothing."""
    running = enrolments(session, whale_id=whale_id, statuses=RUNNING)
    return _end(session, running, at, FINISHED, f"the deal closed {outcome.replace('_', ' ')}")


def _end(
    session: Session, running: list[Enrolment], at: datetime, status: str, reason: str | None = None
) -> set[str]:
    for enrolment in running:
        set_enrolment(session, enrolment.id, at, status=status, reason=reason, ended_on=at.date())
    return {enrolment.id for enrolment in running}


def step_pending(session: Session, step_id: str) -> bool:
    """True when this enrolment step exists, is live and waits to be done."""
    row = session.get(EnrolmentStepRow, step_id)
    return row is not None and row.deleted_at is None and row.status == PENDING
