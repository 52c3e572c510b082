"""Writes to the book. Each takes the session of the caller's one transaction and the time."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from warroom.domain.cadence import ACTIVE, CadenceTemplate
from warroom.domain.errors import NotFound
from warroom.domain.records import Rep, Touch
from warroom.domain.whales import Stakeholder, WhaleDefinition
from warroom.store import records
from warroom.store.deal_history import change_deal
from warroom.store.schema import (
    CadenceStepRow,
    CadenceTemplateRow,
    DealRow,
    EnrolmentRow,
    EnrolmentStepRow,
    MeetingRow,
    RepRow,
    ReviewRow,
    SettingRow,
    StakeholderRow,
    Stamped,
    TaskRow,
    TouchRow,
    TriggerRow,
    WhaleRow,
)

# What a whale's definition says in words, beside its deal (a merge chooses among these too).
WHALE_WORDS = (
    "name",
    "web_domain",
    "industry",
    "why_now",
    "past_attempts",
    "past_proposals",
    "competitors",
    "notes",
    "listening",
)


def _stamp(row: Stamped, row_id: str, at: datetime) -> None:
    row.id = row_id
    row.created_at = at
    row.updated_at = at


def add_rep(session: Session, rep: Rep, at: datetime) -> None:
    row = RepRow(
        name=rep.name,
        email=rep.email,
        timezone=rep.timezone,
        lunch_cutoff=rep.lunch_cutoff.strftime("%H:%M"),
        workdays="".join(str(day) for day in rep.workdays),
        zones_before=_zones_text(rep),
    )
    _stamp(row, rep.id, at)
    session.add(row)


def update_rep(session: Session, rep: Rep, at: datetime) -> Rep:
    row = session.get_one(RepRow, rep.id)
    row.name = rep.name
    row.email = rep.email
    row.timezone = rep.timezone
    row.lunch_cutoff = rep.lunch_cutoff.strftime("%H:%M")
    row.workdays = "".join(str(day) for day in rep.workdays)
    row.zones_before = _zones_text(rep)
    row.updated_at = at
    return records.rep(row)


def _zones_text(rep: Rep) -> str:
    return json.dumps([[until.isoformat(), zone] for until, zone in rep.zones_before])


def add_whale(
    session: Session,
    whale_id: str,
    name: str,
    at: datetime,
    *,
    owner_id: str | None = None,
    web_domain: str = "",
    industry: str = "",
    why_now: str = "",
    past_attempts: str = "",
    past_proposals: str = "",
    competitors: str = "",
    notes: str = "",
    listening: str = "",
) -> None:
    row = WhaleRow(
        name=name,
        owner_id=owner_id,
        web_domain=web_domain,
        industry=industry,
        top_ten=False,
        why_now=why_now,
        past_attempts=past_attempts,
        past_proposals=past_proposals,
        competitors=competitors,
        notes=notes,
        listening=listening,
    )
    _stamp(row, whale_id, at)
    session.add(row)


def add_deal(
    session: Session,
    deal_id: str,
    whale_id: str,
    at: datetime,
    *,
    size: int,
    currency: str,
    solution: str = "",
    exact_deal: str = "",
    stage: str = "identified",
    opened_on: date | None = None,
    closed_on: date | None = None,
    outcome: str | None = None,
    close_on: date | None = None,
) -> None:
    row = DealRow(
        whale_id=whale_id,
        size=size,
        currency=currency,
        solution=solution,
        exact_deal=exact_deal,
        stage=stage,
        opened_on=opened_on,
        closed_on=closed_on,
        outcome=outcome,
        close_on=close_on,
    )
    _stamp(row, deal_id, at)
    session.add(row)


def add_touch(
    session: Session,
    touch_id: str,
    at: datetime,
    *,
    whale_id: str,
    rep_id: str | None,
    stakeholder_id: str | None,
    kind: str,
    occurred_at: datetime,
    note: str,
    source: str = "",
    also_with: Sequence[str] = (),
) -> None:
    row = TouchRow(
        whale_id=whale_id,
        rep_id=rep_id,
        stakeholder_id=stakeholder_id,
        kind=kind,
        occurred_at=occurred_at,
        note=note,
        source=source,
        also_with=json.dumps(list(also_with)),
    )
    _stamp(row, touch_id, at)
    session.add(row)


def add_trigger(
    session: Session,
    trigger_id: str,
    at: datetime,
    *,
    whale_id: str,
    kind: str,
    occurred_at: datetime,
    source_url: str,
    note: str,
) -> None:
    row = TriggerRow(
        whale_id=whale_id, kind=kind, occurred_at=occurred_at, source_url=source_url, note=note
    )
    _stamp(row, trigger_id, at)
    session.add(row)


def set_setting(session: Session, key: str, value: Any, at: datetime) -> None:
    encoded = json.dumps(value, sort_keys=True)
    row = session.get(SettingRow, key)
    if row is None:
        row = SettingRow(value=encoded)
        _stamp(row, key, at)
        session.add(row)
    elif row.value != encoded or row.deleted_at is not None:
        row.value = encoded
        row.deleted_at = None
        row.updated_at = at


def add_stakeholder(
    session: Session,
    stakeholder_id: str,
    whale_id: str,
    at: datetime,
    *,
    name: str,
    title: str = "",
    role: str = "influencer",
    influence: int = 3,
    relationship: int = 1,
    email: str = "",
    profile_url: str = "",
    signed_before: bool = False,
    moved_from: str = "",
    reports_to_id: str | None = None,
    left_on: date | None = None,
    now_at: str = "",
) -> None:
    row = StakeholderRow(
        whale_id=whale_id,
        name=name,
        title=title,
        role=role,
        influence=influence,
        relationship=relationship,
        email=email,
        profile_url=profile_url,
        signed_before=signed_before,
        moved_from=moved_from,
        reports_to_id=reports_to_id,
        left_on=left_on,
        now_at=now_at,
    )
    _stamp(row, stakeholder_id, at)
    session.add(row)


def add_cadence_template(
    session: Session,
    template_id: str,
    template: CadenceTemplate,
    step_ids: list[str],
    at: datetime,
) -> None:
    row = CadenceTemplateRow(name=template.name, description=template.description)
    _stamp(row, template_id, at)
    session.add(row)
    for position, (step_id, step) in enumerate(zip(step_ids, template.steps, strict=True)):
        step_row = CadenceStepRow(
            template_id=template_id,
            position=position,
            day_offset=step.day_offset,
            channel=step.channel,
            instruction=step.instruction,
            message=step.message,
        )
        _stamp(step_row, step_id, at)
        session.add(step_row)


def add_enrolment(
    session: Session,
    enrolment_id: str,
    at: datetime,
    *,
    template_id: str,
    whale_id: str,
    stakeholder_id: str | None,
    rep_id: str | None,
    started_on: date,
    status: str = ACTIVE,
    stop_reason: str = "",
) -> None:
    row = EnrolmentRow(
        template_id=template_id,
        whale_id=whale_id,
        stakeholder_id=stakeholder_id,
        rep_id=rep_id,
        started_on=started_on,
        status=status,
        stop_reason=stop_reason,
    )
    _stamp(row, enrolment_id, at)
    session.add(row)


def add_enrolment_step(
    session: Session,
    row_id: str,
    at: datetime,
    *,
    enrolment_id: str,
    step_id: str,
    due_on: date,
    status: str,
    touch_id: str | None,
) -> None:
    row = EnrolmentStepRow(
        enrolment_id=enrolment_id, step_id=step_id, due_on=due_on, status=status, touch_id=touch_id
    )
    _stamp(row, row_id, at)
    session.add(row)


def add_review(
    session: Session,
    review_id: str,
    at: datetime,
    *,
    deal_id: str,
    outcome: str,
    primary_reason: str,
    secondary_reasons: list[str],
    do_differently: str,
    customer_quote: str,
    reviewed_on: date,
) -> None:
    row = ReviewRow(
        deal_id=deal_id,
        outcome=outcome,
        primary_reason=primary_reason,
        secondary_reasons=json.dumps(secondary_reasons),
        do_differently=do_differently,
        customer_quote=customer_quote,
        reviewed_on=reviewed_on,
    )
    _stamp(row, review_id, at)
    session.add(row)


def set_top_ten(session: Session, whale_id: str, top_ten: bool, at: datetime) -> None:
    row = session.get_one(WhaleRow, whale_id)
    row.top_ten = top_ten
    row.updated_at = at


def add_task(
    session: Session,
    task_id: str,
    at: datetime,
    *,
    whale_id: str,
    rep_id: str | None,
    kind: str,
    due_on: date,
    note: str,
    source: str = "",
    stakeholder_id: str | None = None,
    also_with: Sequence[str] = (),
) -> None:
    row = TaskRow(
        whale_id=whale_id,
        rep_id=rep_id,
        kind=kind,
        due_on=due_on,
        note=note,
        source=source,
        stakeholder_id=stakeholder_id,
        also_with=json.dumps(list(also_with)),
    )
    _stamp(row, task_id, at)
    session.add(row)


def _tombstone(
    session: Session, table: type[Stamped], row_id: str, deleted: bool, at: datetime
) -> Stamped:
    """Delete (as a tombstone) or bring back one row; both are edits that sync can carry."""
    row = session.get(table, row_id)
    if row is None:
        raise NotFound(f"no such {table.__tablename__[:-1]}")
    row.deleted_at = at if deleted else None
    row.updated_at = at
    return row


def tombstone_whale(session: Session, whale_id: str, deleted: bool, at: datetime) -> str:
    """Returns the whale's name."""
    row = _tombstone(session, WhaleRow, whale_id, deleted, at)
    assert isinstance(row, WhaleRow)
    return row.name


def tombstone_stakeholder(
    session: Session, stakeholder_id: str, deleted: bool, at: datetime
) -> str:
    """Returns the stakeholder's whale id."""
    row = _tombstone(session, StakeholderRow, stakeholder_id, deleted, at)
    assert isinstance(row, StakeholderRow)
    return row.whale_id


def tombstone_touch(session: Session, touch_id: str, deleted: bool, at: datetime) -> str:
    """Returns the touch's whale id."""
    row = _tombstone(session, TouchRow, touch_id, deleted, at)
    assert isinstance(row, TouchRow)
    return row.whale_id


def update_whale(
    session: Session,
    whale_id: str,
    definition: WhaleDefinition,
    at: datetime,
    deal_id: str | None,
    by: str | None = None,
) -> None:
    """Write a whale's definition: the whale row and its current deal (or a new one); a
    change of the deal's amount or stage is kept in its history, as `by`'s."""
    row = session.get_one(WhaleRow, whale_id)
    for name in (*WHALE_WORDS, "top_ten"):
        setattr(row, name, getattr(definition, name))
    row.updated_at = at
    deal = session.get(DealRow, deal_id) if deal_id else None
    if deal is None:
        add_deal(
            session,
            deal_id or str(uuid.uuid4()),
            whale_id,
            at,
            size=definition.deal_size,
            currency=definition.currency,
            solution=definition.solution,
            exact_deal=definition.exact_deal,
            stage=definition.stage,
            opened_on=at.date(),
            close_on=definition.close_on,
        )
        return
    change_deal(
        session,
        deal,
        at,
        by,
        size=definition.deal_size,
        stage=definition.stage,
        close_on=definition.close_on,
    )
    deal.currency = definition.currency
    deal.solution = definition.solution
    deal.exact_deal = definition.exact_deal
    deal.updated_at = at


def update_stakeholder(session: Session, stakeholder: Stakeholder, at: datetime) -> None:
    row = session.get_one(StakeholderRow, stakeholder.id)
    for name in (
        "name",
        "title",
        "role",
        "influence",
        "relationship",
        "email",
        "profile_url",
        "signed_before",
        "moved_from",
        "reports_to_id",
        "left_on",
        "now_at",
    ):
        setattr(row, name, getattr(stakeholder, name))
    row.updated_at = at


def update_touch(session: Session, touch: Touch, at: datetime) -> None:
    row = session.get_one(TouchRow, touch.id)
    row.kind = touch.kind
    row.occurred_at = touch.occurred_at
    row.note = touch.note
    row.stakeholder_id = touch.stakeholder_id
    row.updated_at = at


def add_meeting(
    session: Session,
    meeting_id: str,
    held_at: datetime,
    notes: str,
    at: datetime,
    attendees: Sequence[str] = (),
) -> None:
    row = MeetingRow(held_at=held_at, notes=notes, attendees=json.dumps(list(attendees)))
    _stamp(row, meeting_id, at)
    session.add(row)


def set_deal_size(session: Session, deal_id: str, size: int, at: datetime) -> None:
    row = session.get_one(DealRow, deal_id)
    row.size, row.updated_at = size, at


def set_deal_close_on(session: Session, deal_id: str, close_on: date, at: datetime) -> None:
    row = session.get_one(DealRow, deal_id)
    row.close_on, row.updated_at = close_on, at


def fill_whale(session: Session, whale_id: str, values: dict[str, str], at: datetime) -> None:
    """Set the given text fields (web_domain, industry) of a whale."""
    row = session.get_one(WhaleRow, whale_id)
    for column, value in values.items():
        if column not in ("web_domain", "industry"):
            raise ValueError(f"not a fillable field: {column}")
        setattr(row, column, value)
    row.updated_at = at
