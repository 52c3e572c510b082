"""Outreach cadences: templates, enrolling stakeholders, the due queue, doing and skipping
steps, pausing, stopping (with the give-up guard), follow-through, and the calendar export."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from warroom.domain.book_settings import INMAIL_BUDGET, INMAIL_BUDGET_MAX
from warroom.domain.cadence import (
    ACTIVE,
    DONE,
    ENDED,
    FINISHED,
    GIVE_UP_STEPS,
    PAUSED,
    PENDING,
    RUNNING,
    SKIPPED,
    STOPPED,
    Enrolment,
    FollowThrough,
    SavedTemplate,
    StepYield,
    check_template,
    due_dates,
    follow_through,
    resumed_due_dates,
    step_yields,
)
from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput, NotFound, Refused
from warroom.domain.kinds import TOUCH_LABELS
from warroom.domain.today import local_day
from warroom.domain.values import WORKDAYS_DEFAULT
from warroom.paths import resources_dir
from warroom.services import settings
from warroom.services.book import Book
from warroom.services.cadence_files import shipped_templates
from warroom.services.files import write_atomically
from warroom.services.ids import new_id
from warroom.store import cadences as store
from warroom.store import edits, queries
from warroom.store.db import Session


@dataclass(frozen=True)
class DueItem:
    enrolment: Enrolment
    step_id: str
    number: int
    channel: str
    instruction: str
    due_on: date
    overdue: bool


@dataclass(frozen=True)
class InmailBudget:
    budget: int
    used: int

    @property
    def left(self) -> int:
        return max(self.budget - self.used, 0)


def _changes(
    enrolment_ids: set[str], whale_ids: set[str], touches: frozenset[str] = frozenset()
) -> Changes:
    return Changes(
        cadences=frozenset(enrolment_ids), whales=frozenset(whale_ids), touches=frozenset(touches)
    )


class Cadences:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.store = book.store

    # --- templates --------------------------------------------------------------------------

    def templates(self) -> list[SavedTemplate]:
        """The book's templates, and those the app ships that the book has none of that
        name (written into the book when first used or edited): a new book offers Whale
        opener, Trigger strike and Re-warm as the demo does."""
        with self.store.transaction() as session:
            saved = store.templates(session)
            ever = store.template_ids(session)  # one deleted stays deleted
        names = {t.name.lower() for t in saved}
        shipped = [
            t
            for t in shipped_templates(resources_dir() / "cadences")
            if t.name.lower() not in names and t.id not in ever
        ]
        return sorted([*saved, *shipped], key=lambda t: t.name)

    def template(self, text: str) -> SavedTemplate:
        """A template by id or name (case-insensitive)."""
        found = [
            t for t in self.templates() if t.id == text or t.name.lower() == text.strip().lower()
        ]
        if not found:
            names = ", ".join(t.name for t in self.templates()) or "none yet"
            raise NotFound(f"no cadence named {text!r}; cadences: {names}")
        return found[0]

    def save_template(self, template: SavedTemplate, at: datetime) -> Done[SavedTemplate]:
        """Add (empty id) or update a template; validated whole before anything is written."""
        check_template(template.as_template())
        with self.store.transaction() as session:
            kept = store.templates(session)
        # One the app ships and the book does not have yet may be written over by its name.
        if any(
            t.name.lower() == template.name.strip().lower() and t.id != template.id for t in kept
        ):
            raise BadInput(f"a cadence named {template.name.strip()!r} exists already")
        template = replace(template, id=template.id or new_id(), name=template.name.strip())
        with self.store.transaction() as session:
            store.save_template(session, template, [new_id() for _ in template.steps], at)
            session.flush()
            saved = next(t for t in store.templates(session) if t.id == template.id)
        return Done(saved, Changes(cadences=frozenset({saved.id})))

    # --- enrolments -------------------------------------------------------------------------

    def enrolments(
        self, *, rep: str | None = None, whale: str | None = None, active_only: bool = False
    ) -> list[Enrolment]:
        rep_id = self.book.resolve_rep(rep).id if rep else None
        whale_id = self.book.resolve_whale(whale) if whale else None
        with self.store.transaction() as session:
            return store.enrolments(
                session,
                rep_id=rep_id,
                whale_id=whale_id,
                statuses=RUNNING if active_only else (),
            )

    def enrol(
        self,
        whale: str,
        stakeholders: list[str],
        template: str,
        start_on: date,
        at: datetime,
        *,
        rep: str | None = None,
        confirm_double: bool = False,
    ) -> Done[list[str]]:
        """Enrol stakeholders of a whale in a cadence from `start_on`; due dates skip the rep's
        non-workdays. A stakeholder already running a cadence needs `confirm_double`."""
        if not stakeholders:
            raise BadInput("choose at least one stakeholder to enrol")
        by = self.book.resolve_rep(rep)
        chosen = self.template(template)
        whale_id = self.book.resolve_whale(whale)
        people = {p.id: p for p in self.book.workspace.page(whale_id).stakeholders}
        names = {p.name.lower(): p.id for p in people.values()}
        ids = []
        for text in stakeholders:
            person = text if text in people else names.get(text.strip().lower())
            if person is None:
                raise NotFound(f"no stakeholder {text!r} at {self.book.whale_name(whale_id)}")
            ids.append(person)
        dues = due_dates(start_on, [s.day_offset for s in chosen.steps], by.workdays)
        made: list[str] = []
        with self.store.transaction() as session:
            if not store.template_ids(session, [chosen.id]):
                store.save_template(session, chosen, [], at)  # shipped, first used here
            for person_id in ids:
                running = store.enrolments(session, stakeholder_id=person_id, statuses=RUNNING)
                if running and not confirm_double:
                    raise Refused(
                        f"{people[person_id].name} is already in {running[0].template}; "
                        "confirm to run two cadences at once"
                    )
                enrolment_id = new_id()
                edits.add_enrolment(
                    session,
                    enrolment_id,
                    at,
                    template_id=chosen.id,
                    whale_id=whale_id,
                    stakeholder_id=person_id,
                    rep_id=by.id,
                    started_on=start_on,
                )
                store.add_enrolment_steps(
                    session,
                    enrolment_id,
                    [
                        (new_id(), step.id, due)
                        for step, due in zip(chosen.steps, dues, strict=True)
                    ],
                    at,
                )
                made.append(enrolment_id)
        return Done(made, _changes({*made, chosen.id}, {whale_id}))

    def _one(self, enrolment_id: str) -> Enrolment:
        with self.store.transaction() as session:
            found = store.enrolments(session, enrolment_id=enrolment_id)
        if not found:
            raise NotFound("no such enrolment")
        return found[0]

    # --- the due queue and its steps --------------------------------------------------------

    def due(self, rep: str | None, at: datetime) -> list[DueItem]:
        """Today's and overdue steps of the rep's active enrolments, grouped by whale."""
        by = self.book.resolve_rep(rep)
        today = local_day(at, by.timezone)
        with self.store.transaction() as session:
            running = store.enrolments(session, rep_id=by.id, statuses=(ACTIVE,))
        items = []
        for enrolment in running:
            step = enrolment.next_step
            if step is not None and step.due_on <= today:
                items.append(
                    DueItem(
                        enrolment,
                        step.id,
                        step.number,
                        step.channel,
                        step.instruction,
                        step.due_on,
                        step.overdue(today),
                    )
                )
        return sorted(items, key=lambda i: (i.enrolment.whale.lower(), i.due_on))

    def complete(self, step_id: str, at: datetime, note: str = "") -> Done[str]:
        """Do a step: log its touch (heat and the daily five see it) and move on."""
        enrolment = self._enrolment_of_step(step_id)
        step = next(s for s in enrolment.steps if s.id == step_id)
        if step.status != PENDING:
            raise BadInput(f"step {step.number} of {enrolment.template} is {step.status} already")
        touch = self.book.log_touch(
            enrolment.whale_id,
            step.channel,
            at,
            at,
            rep=enrolment.rep_id,
            contact=enrolment.stakeholder_id,
            note=note or step.instruction[:200],
        ).value
        with self.store.transaction() as session:
            store.set_step(session, step_id, DONE, touch.id, at)
            self._finish_if_done(session, enrolment, step_id, at)
        return Done(touch.id, _changes({enrolment.id}, {enrolment.whale_id}, frozenset({touch.id})))

    def skip(self, step_id: str, at: datetime) -> Done[str]:
        enrolment = self._enrolment_of_step(step_id)
        with self.store.transaction() as session:
            store.set_step(session, step_id, SKIPPED, None, at)
            self._finish_if_done(session, enrolment, step_id, at)
        return Done(step_id, _changes({enrolment.id}, {enrolment.whale_id}))

    def _finish_if_done(
        self, session: Session, enrolment: Enrolment, step_id: str, at: datetime
    ) -> None:
        if all(s.status != PENDING or s.id == step_id for s in enrolment.steps):
            store.set_enrolment(session, enrolment.id, at, status=FINISHED, ended_on=at.date())

    def _enrolment_of_step(self, step_id: str) -> Enrolment:
        with self.store.transaction() as session:
            for enrolment in store.enrolments(session, statuses=RUNNING):
                if any(s.id == step_id for s in enrolment.steps):
                    return enrolment
        raise NotFound("no open cadence step with that id")

    # --- pause, resume, stop ----------------------------------------------------------------

    def pause(self, enrolment_id: str, at: datetime) -> Done[str]:
        enrolment = self._one(enrolment_id)
        if enrolment.status != ACTIVE:
            raise BadInput(
                f"only an active enrolment can be paused (this one is {enrolment.status})"
            )
        with self.store.transaction() as session:
            store.set_enrolment(session, enrolment_id, at, status=PAUSED, paused_on=at.date())
        return Done(enrolment_id, _changes({enrolment_id}, {enrolment.whale_id}))

    def resume(self, enrolment_id: str, at: datetime) -> Done[str]:
        """Resume; the pending steps move on by the workdays the pause lasted."""
        enrolment = self._one(enrolment_id)
        if enrolment.status != PAUSED or enrolment.paused_on is None:
            raise BadInput("only a paused enrolment can be resumed")
        rep = self.book.resolve_rep(enrolment.rep_id) if enrolment.rep_id else None
        workdays = rep.workdays if rep else WORKDAYS_DEFAULT
        pending = [s for s in enrolment.steps if s.status == PENDING]
        moved = resumed_due_dates(
            [s.due_on for s in pending], enrolment.paused_on, at.date(), workdays
        )
        with self.store.transaction() as session:
            for step, due in zip(pending, moved, strict=True):
                store.move_step(session, step.id, due, at)
            store.set_enrolment(session, enrolment_id, at, status=ACTIVE)
        return Done(enrolment_id, _changes({enrolment_id}, {enrolment.whale_id}))

    def stop(self, enrolment_id: str, reason: str, at: datetime) -> Done[str]:
        """Stop with a reason. Giving up at step one or two is allowed, with the reason."""
        enrolment = self._one(enrolment_id)
        if enrolment.status in ENDED:
            raise BadInput(f"this enrolment has ended already ({enrolment.status})")
        if not reason.strip():
            raise BadInput("say why you stop this cadence")
        with self.store.transaction() as session:
            store.set_enrolment(
                session,
                enrolment_id,
                at,
                status=STOPPED,
                reason=reason.strip(),
                ended_on=at.date(),
            )
        return Done(enrolment_id, _changes({enrolment_id}, {enrolment.whale_id}))

    def gives_up(self, enrolment_id: str) -> bool:
        """Stopping this one now would be giving up after one or two tries."""
        enrolment = self._one(enrolment_id)
        return enrolment.status in RUNNING and enrolment.done_steps <= GIVE_UP_STEPS

    # --- follow-through and the InMail budget -----------------------------------------------

    def follow_through(self) -> list[FollowThrough]:
        return follow_through(self.book.enrolment_outcomes())

    def step_yields(self) -> list[StepYield]:
        with self.store.transaction() as session:
            return step_yields(store.enrolments(session))

    def touches_to_win(self) -> float | None:
        """Average touches on whales before their won deals closed: what the guard shows."""
        with self.store.transaction() as session:
            won = [d for d in queries.deals(session) if d.outcome == "won" and d.closed_on]
            counts = [
                # Without an opening date every touch of the whale counts, as before.
                queries.touch_count(
                    session,
                    whale_id=d.whale_id,
                    from_day=d.opened_on,
                    to_day=d.closed_on if d.opened_on is not None else None,
                )
                for d in won
                if d.closed_on is not None
            ]
        return sum(counts) / len(counts) if counts else None

    def inmail_budget(self, rep: str | None, at: datetime) -> InmailBudget:
        by = self.book.resolve_rep(rep)
        local = at.astimezone(ZoneInfo(by.timezone))
        month_start = datetime.combine(local.date().replace(day=1), time(0), ZoneInfo(by.timezone))
        with self.store.transaction() as session:
            budget: int = settings.read(session, INMAIL_BUDGET)
            used = queries.touch_count(
                session, rep_id=by.id, kind="inmail_sent", since=month_start, until=at
            )
        return InmailBudget(budget, used)

    def set_inmail_budget(self, budget: int, at: datetime) -> Done[int]:
        if not 0 <= budget <= INMAIL_BUDGET_MAX:
            raise BadInput(f"an InMail budget is between 0 and {INMAIL_BUDGET_MAX:,} a month")
        with self.store.transaction() as session:
            settings.write(session, INMAIL_BUDGET, budget, at)
        return Done(budget, Changes(settings=frozenset({INMAIL_BUDGET})))

    # --- the calendar -----------------------------------------------------------------------

    def export_ics(self, rep: str | None, out: Path, at: datetime, days: int = 60) -> int:
        """Upcoming steps as an iCalendar file; one all-day event per step. Returns the count."""
        from icalendar import Calendar, Event

        by = self.book.resolve_rep(rep)
        today = local_day(at, by.timezone)
        calendar = Calendar()
        calendar.add("prodid", "-//Whale War Room//warroom//EN")
        calendar.add("version", "2.0")
        count = 0
        for enrolment in self.enrolments(rep=by.id, active_only=True):
            for step in enrolment.steps:
                if step.status != PENDING or step.due_on > today + timedelta(days=days):
                    continue
                event = Event()
                event.add("uid", f"{step.id}@warroom")
                event.add("dtstamp", at)
                event.add("dtstart", step.due_on)
                event.add("dtend", step.due_on + timedelta(days=1))
                who = f" with {enrolment.stakeholder}" if enrolment.stakeholder else ""
                event.add("summary", f"{enrolment.whale}: {TOUCH_LABELS[step.channel]}{who}")
                event.add(
                    "description", f"Step {step.number} of {enrolment.template}. {step.instruction}"
                )
                calendar.add_component(event)
                count += 1
        write_atomically(out, calendar.to_ical())
        return count
