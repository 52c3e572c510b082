"""Turning ORM rows into the domain's frozen records, so no ORM object leaves the store."""

from __future__ import annotations

import json
from datetime import date
from zoneinfo import ZoneInfo

from warroom.domain.records import Deal, PlannedTouch, Rep, Touch, Trigger
from warroom.domain.values import parse_clock
from warroom.domain.whales import Stakeholder
from warroom.store.schema import DealRow, RepRow, StakeholderRow, TaskRow, TouchRow, TriggerRow


def rep(row: RepRow) -> Rep:
    return Rep(
        id=row.id,
        name=row.name,
        email=row.email,
        timezone=row.timezone,
        lunch_cutoff=parse_clock(row.lunch_cutoff),
        workdays=tuple(int(ch) for ch in row.workdays),
        started_on=row.created_at.astimezone(ZoneInfo(row.timezone)).date(),
        zones_before=tuple(
            (date.fromisoformat(until), zone) for until, zone in json.loads(row.zones_before)
        ),
    )


def touch(row: TouchRow) -> Touch:
    return Touch(
        id=row.id,
        whale_id=row.whale_id,
        rep_id=row.rep_id,
        stakeholder_id=row.stakeholder_id,
        kind=row.kind,
        occurred_at=row.occurred_at,
        note=row.note,
        also_with=tuple(json.loads(row.also_with or "[]")),
    )


def task(row: TaskRow) -> PlannedTouch:
    return PlannedTouch(
        id=row.id,
        whale_id=row.whale_id,
        rep_id=row.rep_id,
        kind=row.kind,
        due_on=row.due_on,
        note=row.note,
        stakeholder_id=row.stakeholder_id,
        also_with=tuple(json.loads(row.also_with or "[]")),
        source=row.source,
    )


def trigger(row: TriggerRow) -> Trigger:
    return Trigger(
        id=row.id,
        whale_id=row.whale_id,
        kind=row.kind,
        occurred_at=row.occurred_at,
        source_url=row.source_url,
        note=row.note,
    )


def deal(row: DealRow) -> Deal:
    return Deal(
        id=row.id,
        whale_id=row.whale_id,
        size=row.size,
        currency=row.currency,
        solution=row.solution,
        exact_deal=row.exact_deal,
        stage=row.stage,
        opened_on=row.opened_on,
        closed_on=row.closed_on,
        outcome=row.outcome,
        close_on=row.close_on,
    )


def stakeholder(row: StakeholderRow) -> Stakeholder:
    return Stakeholder(
        id=row.id,
        whale_id=row.whale_id,
        name=row.name,
        title=row.title,
        role=row.role,
        influence=row.influence,
        relationship=row.relationship,
        email=row.email,
        profile_url=row.profile_url,
        signed_before=row.signed_before,
        moved_from=row.moved_from,
        reports_to_id=row.reports_to_id,
        left_on=row.left_on,
        now_at=row.now_at,
    )
