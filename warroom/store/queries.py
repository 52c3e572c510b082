"""Reads over the book, returning domain records. Tombstoned rows are never returned."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warroom.domain.cadence import ACTIVE, PENDING
from warroom.domain.coverage import RECENT_DAYS, Contact, gaps_of
from warroom.domain.journey import MEETING_KINDS, RepActivity
from warroom.domain.kinds import MEANINGFUL_TOUCH_STRENGTHS
from warroom.domain.records import (
    Deal,
    PlannedTouch,
    Rep,
    Touch,
    Trigger,
    WhaleChoice,
    WhaleSummary,
)
from warroom.domain.whales import Stakeholder
from warroom.store import records
from warroom.store.bulk import sqlite_time
from warroom.store.db import driver_rows
from warroom.store.schema import (
    TABLES,
    DealRow,
    EnrolmentRow,
    EnrolmentStepRow,
    MeetingRow,
    RepRow,
    SettingRow,
    StakeholderRow,
    TaskRow,
    TouchRow,
    TriggerRow,
    WhaleRow,
)


def reps(session: Session) -> list[Rep]:
    rows = session.scalars(select(RepRow).where(RepRow.deleted_at.is_(None)).order_by(RepRow.name))
    return [records.rep(row) for row in rows]


def rep_by_id(session: Session, rep_id: str) -> Rep | None:
    row = session.get(RepRow, rep_id)
    return records.rep(row) if row is not None and row.deleted_at is None else None


def reps_named(session: Session, name: str) -> list[Rep]:
    rows = session.scalars(
        select(RepRow).where(RepRow.deleted_at.is_(None), func.lower(RepRow.name) == name.lower())
    )
    return [records.rep(row) for row in rows]


def whale_ids_named(session: Session, name: str) -> list[tuple[str, str]]:
    """(id, name) of live whales whose name matches case-insensitively."""
    rows = session.execute(
        select(WhaleRow.id, WhaleRow.name).where(
            WhaleRow.deleted_at.is_(None), func.lower(WhaleRow.name) == name.strip().lower()
        )
    )
    return [(row.id, row.name) for row in rows]


def whale_choices(session: Session) -> list[WhaleChoice]:
    """Every live whale's id, name and owner, by name."""
    rows = session.execute(
        select(WhaleRow.id, WhaleRow.name, WhaleRow.owner_id)
        .where(WhaleRow.deleted_at.is_(None))
        .order_by(func.lower(WhaleRow.name))
    )
    return [WhaleChoice(row.id, row.name, row.owner_id) for row in rows]


def whale_exists(session: Session, whale_id: str) -> bool:
    row = session.get(WhaleRow, whale_id)
    return row is not None and row.deleted_at is None


def whale_name(session: Session, whale_id: str) -> str:
    row = session.get(WhaleRow, whale_id)
    return row.name if row is not None else ""


def stakeholders_named(session: Session, whale_id: str, name: str) -> list[str]:
    rows = session.scalars(
        select(StakeholderRow.id).where(
            StakeholderRow.deleted_at.is_(None),
            StakeholderRow.whale_id == whale_id,
            func.lower(StakeholderRow.name) == name.strip().lower(),
        )
    )
    return list(rows)


def stakeholder_whale(session: Session, stakeholder_id: str) -> str | None:
    row = session.get(StakeholderRow, stakeholder_id)
    return row.whale_id if row is not None and row.deleted_at is None else None


_DEAL_COLUMNS = (
    DealRow.id,
    DealRow.whale_id,
    DealRow.size,
    DealRow.currency,
    DealRow.solution,
    DealRow.exact_deal,
    DealRow.stage,
    DealRow.opened_on,
    DealRow.closed_on,
    DealRow.outcome,
)


# The deal a whale shows: open before closed, then the latest closed, then the biggest,
# then the first written. Ranked within each whale, it is place 1.
_DEAL_SHOWN = "closed_on IS NULL DESC, coalesce(closed_on, '') DESC, size DESC, rowid"
_RANKED_DEALS = (
    f"SELECT *, row_number() OVER (PARTITION BY whale_id ORDER BY {_DEAL_SHOWN}) AS place"
    " FROM deals WHERE deleted_at IS NULL"
)


def current_deals(
    session: Session, owner_id: str | None = None, whale_ids: Collection[str] | None = None
) -> dict[str, Deal]:
    """Per whale, the deal to show: its biggest open deal, else its latest closed one.
    Through the driver: a sales floor has tens of thousands of deals."""
    scope, params = _scope("whale_id", owner_id, whale_ids)
    rows = driver_rows(
        session,
        "SELECT id, whale_id, size, currency, solution, exact_deal, stage, opened_on,"
        f" closed_on, outcome, close_on FROM ({_RANKED_DEALS}{scope}) WHERE place = 1",
        params,
    )
    shown = {}
    for deal_id, whale_id, size, currency, solution, exact, stage, opened, closed, won, due in rows:
        shown[whale_id] = Deal(
            deal_id,
            whale_id,
            size,
            currency,
            solution,
            exact,
            stage,
            _date(opened),
            _date(closed),
            won,
            _date(due),
        )
    return shown


def _scope(
    column: str, owner_id: str | None, whale_ids: Collection[str] | None
) -> tuple[str, list[object]]:
    """The SQL (and its parameters) that keeps rows whose `column` is a whale of one rep, or
    one of `whale_ids`; nothing when neither is given."""
    sql, params = "", list[object]()
    if owner_id is not None:
        sql += f" AND {column} IN (SELECT id FROM whales WHERE owner_id = ?)"
        params.append(owner_id)
    if whale_ids is not None:
        sql += f" AND {column} IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(sorted(whale_ids)))
    return sql, params


def _date(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def deals(session: Session) -> list[Deal]:
    return [
        Deal(**row._asdict())
        for row in session.execute(select(*_DEAL_COLUMNS).where(DealRow.deleted_at.is_(None)))
    ]


TouchFigures = dict[str, tuple[int, datetime | None, datetime | None]]


def touch_figures(
    session: Session, owner_id: str | None = None, whale_ids: Collection[str] | None = None
) -> TouchFigures:
    """Per whale (or per whale of one rep, or of `whale_ids`) with touches: how many live
    touches, the last one's time and the last meaningful one's, in one pass over the live
    touches' index."""
    meaningful = sorted(MEANINGFUL_TOUCH_STRENGTHS)
    sql = (
        "SELECT whale_id, count(*), max(occurred_at),"
        f" max(CASE WHEN kind IN ({', '.join('?' for _ in meaningful)}) THEN occurred_at END)"
        " FROM touches WHERE deleted_at IS NULL"
    )
    scope, params = _scope("whale_id", owner_id, whale_ids)
    sql += scope
    params = [*meaningful, *params]
    return {
        whale_id: (count, _aware(last), _aware(meaningful_last))
        for whale_id, count, last, meaningful_last in driver_rows(
            session, sql + " GROUP BY whale_id", params
        )
    }


def carried_figures(
    session: Session, figures: TouchFigures, whales: frozenset[str]
) -> TouchFigures:
    """The figures after an edit of these whales' touches: theirs read again, others kept."""
    out = {whale_id: kept for whale_id, kept in figures.items() if whale_id not in whales}
    out.update(touch_figures(session, whale_ids=whales))
    return out


def dump_figures(figures: TouchFigures) -> bytes:
    """Touch figures as bytes to keep: JSON, times in ISO form."""

    def shown(at: datetime | None) -> str | None:
        return None if at is None else at.isoformat()

    return json.dumps(
        {
            whale: [count, shown(last), shown(meaningful)]
            for whale, (count, last, meaningful) in figures.items()
        }
    ).encode()


def load_figures(kept: bytes) -> TouchFigures:
    def read(text: str | None) -> datetime | None:
        return None if text is None else datetime.fromisoformat(text)

    return {
        str(whale): (int(count), read(last), read(meaningful))
        for whale, (count, last, meaningful) in json.loads(kept).items()
    }


def whale_summaries(
    session: Session,
    owner_id: str | None = None,
    figures: TouchFigures | None = None,
    whale_ids: Collection[str] | None = None,
    *,
    people: bool = True,
) -> list[WhaleSummary]:
    """Every live whale (or one rep's, or those of `whale_ids`) with its owner, current deal
    and touch figures, by name.

    Column selects, not ORM objects: this runs for every whale of a big book. `figures` are
    touch_figures of these whales (or of more: the whole book's serve one rep's), when the
    caller kept them. Without `people`, the rows leave out the people's names and the next
    step due (figures a team table does not show, and a sales floor has 130,000 people).
    """
    if figures is None:
        figures = touch_figures(session, owner_id, whale_ids)
    owners = {rep.id: rep.name for rep in reps(session)}
    next_due = next_steps_due(session) if people else {}
    names = (
        "(SELECT group_concat(name || '; ', '') FROM (SELECT name FROM stakeholders"
        " WHERE stakeholders.whale_id = whales.id AND deleted_at IS NULL ORDER BY rowid))"
        if people
        else "NULL"
    )
    scope, params = _scope("whales.id", None, whale_ids)
    if owner_id is not None:
        scope += " AND whales.owner_id = ?"
        params.append(owner_id)
    # The deal shown is current_deals' (open before closed, then the latest closed, then the
    # biggest; the first written among equals), and the people's names: both looked up per
    # whale through their whale_id indexes, three times faster on a sales floor than ranking
    # and grouping its 100,000 deals and 135,000 people whole.
    rows = driver_rows(
        session,
        "SELECT whales.id, whales.name, web_domain, owner_id, top_ten, deals.size,"
        f" deals.currency, deals.stage, deals.solution, {names}, held_on, held_until FROM whales"
        " LEFT JOIN deals ON deals.rowid = (SELECT rowid FROM deals"
        " WHERE deals.whale_id = whales.id AND deleted_at IS NULL"
        f" ORDER BY {_DEAL_SHOWN} LIMIT 1)"
        f" WHERE whales.deleted_at IS NULL{scope}"
        " ORDER BY lower(whales.name)",
        params,
    )
    no_figures = (0, None, None)
    out: list[WhaleSummary] = []
    for row in rows:
        whale_id, name, domain, owner, top, size, currency, stage, solution, names = row[:10]
        held_on, held_until = (_date(value) for value in row[10:])
        count, last, last_meaningful = figures.get(whale_id, no_figures)
        out.append(
            WhaleSummary(
                whale_id,
                name,
                domain,
                owner,
                owners.get(owner or "", ""),
                size or 0,
                currency or "",
                stage or "",
                solution or "",
                bool(top),
                count,
                last,
                last_meaningful,
                stakeholders=names or "",
                next_step_due=next_due.get(whale_id),
                held_on=held_on,
                held_until=held_until,
            )
        )
    return out


def _aware(value: datetime | None) -> datetime | None:
    # Aggregates bypass the column type, so SQLite hands back naive UTC (or text).
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


def touches(session: Session, whale_id: str | None = None) -> list[Touch]:
    query = select(TouchRow).where(TouchRow.deleted_at.is_(None))
    if whale_id is not None:
        query = query.where(TouchRow.whale_id == whale_id)
    return [records.touch(row) for row in session.scalars(query.order_by(TouchRow.occurred_at))]


def rep_activity(session: Session, at: datetime) -> dict[str, RepActivity]:
    """Per rep, journey.rep_activity's counts: the first touch is one seek of the live
    touches' (rep, time) index, the counts one range of it over the last 8 weeks; no touch is
    loaded. Straight through the driver: a sales floor asks it of hundreds of reps."""
    meetings = sorted(MEETING_KINDS)
    until = sqlite_time(at)
    weeks_2, weeks_4, weeks_8 = (sqlite_time(at - timedelta(weeks=n)) for n in (2, 4, 8))
    live = "touches.rep_id = reps.id AND touches.deleted_at IS NULL"
    recent = f"FROM touches WHERE {live} AND occurred_at >= ? AND occurred_at <= ?"
    # One statement for every rep, each figure a correlated read of the (rep, time) index;
    # the 2 weeks before the last 2 are counted apart.
    sql = (
        f"SELECT id, (SELECT min(occurred_at) FROM touches WHERE {live} AND occurred_at <= ?),"
        f" (SELECT count(*) {recent} AND kind IN ({', '.join('?' for _ in meetings)})),"
        f" (SELECT count(*) {recent}), (SELECT count(*) {recent} AND occurred_at < ?) FROM reps"
    )
    params = (
        *(until, weeks_8, until, *meetings),
        *(weeks_2, until, weeks_4, until, weeks_2),
    )
    return {
        rep_id: RepActivity(_aware(first), meeting, recent, before)
        for rep_id, first, meeting, recent, before in driver_rows(session, sql, params)
        if first is not None
    }


def touch_count(
    session: Session,
    *,
    whale_id: str | None = None,
    rep_id: str | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    from_day: date | None = None,
    to_day: date | None = None,
) -> int:
    """How many live touches match (days are UTC dates of the touch): counted in SQL."""
    query = select(func.count()).select_from(TouchRow).where(TouchRow.deleted_at.is_(None))
    for column, value in ((TouchRow.whale_id, whale_id), (TouchRow.rep_id, rep_id)):
        if value is not None:
            query = query.where(column == value)
    if kind is not None:
        query = query.where(TouchRow.kind == kind)
    if since is not None:
        query = query.where(TouchRow.occurred_at >= since)
    if until is not None:
        query = query.where(TouchRow.occurred_at <= until)
    if from_day is not None:
        query = query.where(func.date(TouchRow.occurred_at) >= from_day.isoformat())
    if to_day is not None:
        query = query.where(func.date(TouchRow.occurred_at) <= to_day.isoformat())
    return int(session.execute(query).scalar_one())


# A touch record's columns, in the order of domain.records.Touch: read as plain rows.
_TOUCH = (
    TouchRow.id,
    TouchRow.whale_id,
    TouchRow.rep_id,
    TouchRow.stakeholder_id,
    TouchRow.kind,
    TouchRow.occurred_at,
    TouchRow.note,
)


def rep_touches_between(
    session: Session, rep_id: str, since: datetime, until: datetime
) -> list[Touch]:
    """The rep's live touches in [since, until], oldest first, as plain rows."""
    rows = session.execute(
        select(*_TOUCH)
        .where(
            TouchRow.deleted_at.is_(None),
            TouchRow.rep_id == rep_id,
            TouchRow.occurred_at >= since,
            TouchRow.occurred_at <= until,
        )
        .order_by(TouchRow.occurred_at)
    )
    return [Touch(*row) for row in rows]


def triggers(session: Session, whale_id: str | None = None) -> list[Trigger]:
    query = select(TriggerRow).where(TriggerRow.deleted_at.is_(None))
    if whale_id is not None:
        query = query.where(TriggerRow.whale_id == whale_id)
    return [records.trigger(row) for row in session.scalars(query.order_by(TriggerRow.occurred_at))]


def setting(session: Session, key: str) -> Any:
    """A setting's stored value as JSON decodes it; None when unset or not JSON (a bad value
    must not stop a read: warroom.services.settings checks values and says which are bad)."""
    text = setting_text(session, key)
    if text is None:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def setting_text(session: Session, key: str) -> str | None:
    """A setting's stored JSON text, unchecked; None when it is unset."""
    row = session.get(SettingRow, key)
    return row.value if row is not None and row.deleted_at is None else None


def setting_texts(session: Session) -> dict[str, str]:
    """Every set setting's stored JSON text, unchecked, by key."""
    query = select(SettingRow.id, SettingRow.value).where(SettingRow.deleted_at.is_(None))
    return {key: value for key, value in session.execute(query.order_by(SettingRow.id))}


def setting_written(session: Session, key: str) -> datetime | None:
    """When a setting was first written; None when it never was."""
    row = session.get(SettingRow, key)
    return row.created_at if row is not None and row.deleted_at is None else None


def edited_since(session: Session, at: datetime) -> bool:
    """True when any row of the book (but this laptop's own settings) was written after `at`."""
    for table in TABLES:
        query = select(table.id).where(table.updated_at > at)
        if table is SettingRow:
            query = query.where(~SettingRow.id.startswith("device."))
        if session.scalar(query.limit(1)) is not None:
            return True
    return False


def holds_whales_or_touches(session: Session) -> bool:
    """True when any live whale or touch exists: the book holds data worth protecting."""
    for table in (WhaleRow, TouchRow):
        if session.scalar(select(table.id).where(table.deleted_at.is_(None)).limit(1)):
            return True
    return False


_IN_CHUNK = 900  # ids per IN (...): well under SQLite's bound-parameter limit


def _chunks(ids: list[str]) -> list[list[str]]:
    return [ids[i : i + _IN_CHUNK] for i in range(0, len(ids), _IN_CHUNK)]


@dataclass
class HeatRecords:
    """What the decay reports of some whales read, fetched for all of them at once and as
    plain rows: their heat-raising touches, their triggers, their open tasks, their names."""

    touches: dict[str, list[Touch]] = field(default_factory=dict)
    triggers: dict[str, list[Trigger]] = field(default_factory=dict)
    tasks: dict[str, list[PlannedTouch]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)


def heat_records(session: Session, whale_ids: list[str]) -> HeatRecords:
    """The whales' meaningful touches (the others add no heat), triggers, open tasks and names;
    a few queries for any number of whales, no ORM objects."""
    found = HeatRecords()
    meaningful = sorted(MEANINGFUL_TOUCH_STRENGTHS)
    for ids in _chunks(sorted(set(whale_ids))):
        touch_rows = session.execute(
            select(*_TOUCH)
            .where(
                TouchRow.deleted_at.is_(None),
                TouchRow.whale_id.in_(ids),
                TouchRow.kind.in_(meaningful),
            )
            .order_by(TouchRow.occurred_at)
        )
        for row in touch_rows:
            found.touches.setdefault(row.whale_id, []).append(Touch(*row))
        trigger_rows = session.execute(
            select(
                TriggerRow.id,
                TriggerRow.whale_id,
                TriggerRow.kind,
                TriggerRow.occurred_at,
                TriggerRow.source_url,
                TriggerRow.note,
            )
            .where(TriggerRow.deleted_at.is_(None), TriggerRow.whale_id.in_(ids))
            .order_by(TriggerRow.occurred_at)
        )
        for trigger in trigger_rows:
            found.triggers.setdefault(trigger.whale_id, []).append(Trigger(*trigger))
        task_rows = session.execute(
            select(
                TaskRow.id,
                TaskRow.whale_id,
                TaskRow.rep_id,
                TaskRow.kind,
                TaskRow.due_on,
                TaskRow.note,
            )
            .where(
                TaskRow.deleted_at.is_(None),
                TaskRow.whale_id.in_(ids),
                TaskRow.done_touch_id.is_(None),
            )
            .order_by(TaskRow.due_on)
        )
        for task in task_rows:
            found.tasks.setdefault(task.whale_id, []).append(PlannedTouch(*task))
        for whale_id, name in session.execute(
            select(WhaleRow.id, WhaleRow.name).where(WhaleRow.id.in_(ids))
        ):
            found.names[whale_id] = name
    return found


def tasks(session: Session, whale_id: str) -> list[PlannedTouch]:
    """The whale's planned touches not done yet, soonest first."""
    rows = session.scalars(
        select(TaskRow)
        .where(
            TaskRow.deleted_at.is_(None),
            TaskRow.whale_id == whale_id,
            TaskRow.done_touch_id.is_(None),
        )
        .order_by(TaskRow.due_on)
    )
    return [records.task(row) for row in rows]


def whale_deals(session: Session, whale_id: str) -> list[Deal]:
    rows = session.scalars(
        select(DealRow).where(DealRow.deleted_at.is_(None), DealRow.whale_id == whale_id)
    )
    return [records.deal(row) for row in rows]


def next_steps_due(session: Session) -> dict[str, date]:
    """Per whale, the earliest open cadence step or planned touch."""
    out: dict[str, date] = {}
    steps = session.execute(
        select(EnrolmentRow.whale_id, func.min(EnrolmentStepRow.due_on))
        .join(EnrolmentRow, EnrolmentRow.id == EnrolmentStepRow.enrolment_id)
        .where(
            EnrolmentStepRow.status == PENDING,
            EnrolmentStepRow.deleted_at.is_(None),
            EnrolmentRow.status == ACTIVE,
            EnrolmentRow.deleted_at.is_(None),
        )
        .group_by(EnrolmentRow.whale_id)
    )
    tasks_due = session.execute(
        select(TaskRow.whale_id, func.min(TaskRow.due_on))
        .where(TaskRow.deleted_at.is_(None), TaskRow.done_touch_id.is_(None))
        .group_by(TaskRow.whale_id)
    )
    for whale_id, due in [*steps, *tasks_due]:
        if due is not None:
            day = due if isinstance(due, date) else date.fromisoformat(str(due))
            out[whale_id] = min(day, out.get(whale_id, day))
    return out


def whale_row(session: Session, whale_id: str) -> WhaleRow | None:
    row = session.get(WhaleRow, whale_id)
    return row if row is not None and row.deleted_at is None else None


def whales_with_people(session: Session) -> set[str]:
    """The whales with at least one live stakeholder."""
    return set(
        session.scalars(
            select(StakeholderRow.whale_id).where(StakeholderRow.deleted_at.is_(None)).distinct()
        )
    )


def stakeholders_of(session: Session, whale_id: str | None = None) -> list[Stakeholder]:
    """The live stakeholders (of one whale, or the whole book), by name: straight through the
    driver, as a sales floor's 135,000 people took nine seconds as ORM rows."""
    session.flush()  # a raw read does not flush the session's pending writes itself
    scope = " AND whale_id = ?" if whale_id is not None else ""
    rows = driver_rows(
        session,
        "SELECT id, whale_id, name, title, role, influence, relationship, email, profile_url,"
        " signed_before, moved_from, reports_to_id, left_on, now_at FROM stakeholders"
        f" WHERE deleted_at IS NULL{scope} ORDER BY name",
        [whale_id] if whale_id is not None else [],
    )
    return [_person(list(row)) for row in rows]


def _person(values: list[Any]) -> Stakeholder:
    """A person from the columns stakeholders_of reads, in Stakeholder's order."""
    values[9] = bool(values[9])  # signed_before
    values[12] = None if values[12] is None else date.fromisoformat(values[12])  # left_on
    return Stakeholder(*values)


def contacts(session: Session, at: datetime, whale_id: str | None = None) -> dict[str, Contact]:
    """Per stakeholder (of one whale, or all): our meaningful touches with them up to `at`,
    how many in the last RECENT_DAYS, and the last one's time. One aggregate in SQL."""
    kinds = sorted(MEANINGFUL_TOUCH_STRENGTHS)
    marks = ", ".join("?" for _ in kinds)
    scope = " AND whale_id = ?" if whale_id is not None else ""
    recent = sqlite_time(at - timedelta(days=RECENT_DAYS))
    params = [recent, *kinds, sqlite_time(at), *([whale_id] if whale_id is not None else [])]
    rows = driver_rows(
        session,
        "SELECT stakeholder_id, sum(occurred_at >= ?), count(*), max(occurred_at) FROM touches"
        f" WHERE deleted_at IS NULL AND stakeholder_id IS NOT NULL AND kind IN ({marks})"
        f" AND occurred_at <= ?{scope} GROUP BY stakeholder_id",
        params,
    )
    found = {row[0]: Contact(int(row[1]), int(row[2]), _aware(row[3])) for row in rows}
    # The others met with a touch count as its stakeholder does: the few touches that have
    # any, through their own partial index.
    for person, lately, count, last in driver_rows(
        session,
        "SELECT j.value, sum(t.occurred_at >= ?), count(*), max(t.occurred_at)"
        f" FROM touches t, json_each(t.also_with) j WHERE {_ALSO_WITH} AND t.deleted_at IS NULL"
        f" AND t.kind IN ({marks}) AND t.occurred_at <= ?{scope.replace('whale_id', 't.whale_id')}"
        " GROUP BY j.value",
        params,
    ):
        was = found.get(person)
        last = _aware(last)
        if was is not None:
            lately, count = was.recent + int(lately), was.ever + int(count)
            last = max(filter(None, (was.last_at, last)), default=None)
        found[person] = Contact(int(lately), int(count), last)
    return found


# The touches that name others met with them (the same text as their partial index's).
_ALSO_WITH = "t.also_with != '[]'"


def coverage_gaps(
    session: Session, at: datetime, whale_ids: Collection[str] | None = None
) -> dict[str, tuple[str, ...]]:
    """Every live whale's (or these whales') coverage gaps as of `at`: what
    coverage.coverage finds from `contacts`, in one query that seeks the indexes instead of
    reading every touch (0.1 s for 3,000 whales and 400,000 touches with people)."""
    kinds = sorted(MEANINGFUL_TOUCH_STRENGTHS)
    marks = ", ".join("?" for _ in kinds)
    scope, params = _scope("s.whale_id", None, whale_ids)
    # Touched lately (a touch counts for its person wherever it was logged): for the whole
    # book through the per-whale index, one short range per whale and kind; for a few
    # whales (Today's), through the per-person index, for their people alone.
    near = (
        "whale_id IN (SELECT id FROM whales)"
        if whale_ids is None
        else "stakeholder_id IN (SELECT id FROM stakeholders s WHERE 1" + scope + ")"
    )
    # The others met with a touch count as its stakeholder does (few touches name any:
    # read through their partial index).
    also = (
        f"SELECT j.value FROM touches t, json_each(t.also_with) j WHERE {_ALSO_WITH}"
        f" AND t.kind IN ({marks}) AND t.occurred_at >= ? AND t.occurred_at <= ?"
        " AND t.deleted_at IS NULL"
    )
    recent = sqlite_time(at - timedelta(days=RECENT_DAYS))
    rows = driver_rows(
        session,
        "WITH recent AS (SELECT DISTINCT stakeholder_id AS id FROM touches"
        f" WHERE {near} AND kind IN ({marks})"
        " AND occurred_at >= ? AND occurred_at <= ? AND deleted_at IS NULL"
        f" AND stakeholder_id IS NOT NULL UNION {also})"
        " SELECT s.whale_id,"
        " max(s.role = 'champion' AND s.left_on IS NOT NULL),"
        " max(s.role = 'champion' AND s.left_on IS NULL),"
        " max(s.role = 'economic_buyer' AND (EXISTS (SELECT 1 FROM touches t"
        "  WHERE t.stakeholder_id = s.id AND t.deleted_at IS NULL"
        f"  AND t.kind IN ({marks}) AND t.occurred_at <= ?)"
        "  OR EXISTS (SELECT 1 FROM touches t, json_each(t.also_with) j"
        f"  WHERE {_ALSO_WITH} AND j.value = s.id AND t.deleted_at IS NULL"
        f"  AND t.kind IN ({marks}) AND t.occurred_at <= ?))),"
        " sum(s.left_on IS NULL AND s.id IN recent)"
        " FROM stakeholders s WHERE s.deleted_at IS NULL" + scope + " GROUP BY s.whale_id",
        [
            *([] if whale_ids is None else params),
            *kinds,
            recent,
            sqlite_time(at),
            *kinds,
            recent,
            sqlite_time(at),
            *kinds,
            sqlite_time(at),
            *kinds,
            sqlite_time(at),
            *params,
        ],
    )
    found = {
        whale_id: gaps_of(
            champion_left=bool(left),
            has_champion=bool(champion),
            buyer_met=bool(buyer),
            touched_lately=int(lately or 0),
        )
        for whale_id, left, champion, buyer, lately in rows
    }
    nobody = gaps_of(champion_left=False, has_champion=False, buyer_met=False, touched_lately=0)
    whales, whale_params = _scope("id", None, whale_ids)
    live = driver_rows(
        session, f"SELECT id FROM whales WHERE deleted_at IS NULL{whales}", whale_params
    )
    return {whale_id: found.get(whale_id, nobody) for (whale_id,) in live}


def left_for(
    session: Session, companies: Collection[str]
) -> dict[str, list[tuple[Stakeholder, str]]]:
    """Per company (by name without case), the stakeholders of live whales who left for it,
    with the whale they left: one read for an import's thousands of new whales."""
    wanted = {company.strip().lower() for company in companies}
    rows = session.execute(
        select(StakeholderRow, WhaleRow.name)
        .join(WhaleRow, WhaleRow.id == StakeholderRow.whale_id)
        .where(
            StakeholderRow.deleted_at.is_(None),
            WhaleRow.deleted_at.is_(None),
            StakeholderRow.left_on.is_not(None),
            StakeholderRow.now_at != "",
        )
    )
    found: dict[str, list[tuple[Stakeholder, str]]] = {}
    for row, name in rows:
        company = row.now_at.strip().lower()
        if company in wanted:
            found.setdefault(company, []).append((records.stakeholder(row), name))
    return found


def touches_with(session: Session, stakeholder_id: str) -> tuple[int, datetime | None]:
    """How many live touches were logged with a stakeholder (as its person, or one of the
    others met with it), and the last one's time."""
    count, last = driver_rows(
        session,
        "SELECT count(*), max(occurred_at) FROM (SELECT occurred_at FROM touches"
        " WHERE deleted_at IS NULL AND stakeholder_id = ? UNION ALL"
        " SELECT t.occurred_at FROM touches t, json_each(t.also_with) j"
        f" WHERE {_ALSO_WITH} AND t.deleted_at IS NULL AND j.value = ?)",
        [stakeholder_id, stakeholder_id],
    )[0]
    return int(count), _aware(last)


def top_ten_ids(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(WhaleRow.id).where(WhaleRow.deleted_at.is_(None), WhaleRow.top_ten.is_(True))
        )
    )


def stakeholder_known(session: Session, stakeholder_id: str) -> bool:
    """True when the id is taken, tombstoned or not."""
    return session.get(StakeholderRow, stakeholder_id) is not None


def last_meeting_before(session: Session, at: datetime) -> tuple[datetime, str] | None:
    row = session.execute(
        select(MeetingRow.held_at, MeetingRow.notes)
        .where(MeetingRow.deleted_at.is_(None), MeetingRow.held_at < at)
        .order_by(MeetingRow.held_at.desc())
        .limit(1)
    ).first()
    return (row.held_at, row.notes) if row else None


def meetings(session: Session) -> list[tuple[str, datetime, str, tuple[str, ...]]]:
    """(id, held at, notes, rep ids of who was there) of every live war-room session, oldest
    first."""
    rows = session.execute(
        select(MeetingRow.id, MeetingRow.held_at, MeetingRow.notes, MeetingRow.attendees)
        .where(MeetingRow.deleted_at.is_(None))
        .order_by(MeetingRow.held_at)
    )
    return [
        (row.id, row.held_at, row.notes, tuple(json.loads(row.attendees or "[]"))) for row in rows
    ]


def whale_created(session: Session) -> dict[str, datetime]:
    return {
        row.id: row.created_at
        for row in session.execute(
            select(WhaleRow.id, WhaleRow.created_at).where(WhaleRow.deleted_at.is_(None))
        )
    }


def whale_fields(session: Session, whale_id: str) -> dict[str, str]:
    row = session.get_one(WhaleRow, whale_id)
    return {"web_domain": row.web_domain, "industry": row.industry, "name": row.name}
