"""The book's everyday use cases: who I am, whales, touches, triggers and team settings."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from warroom.domain.book_settings import (
    DEMO_SEED,
    ME,
    REMINDER_AT,
    REMINDER_ON,
    TEAM_CURRENCY,
    TEAM_LUNCH_CUTOFF,
    TEAM_NAME,
    THEME,
)
from warroom.domain.cadence import ENGAGING_KINDS, EnrolmentOutcome
from warroom.domain.capture import addresses_in, my_addresses
from warroom.domain.changes import ANY, Changes, Done
from warroom.domain.errors import Ambiguous, BadInput, NotFound, SameCompany
from warroom.domain.import_rows import normalize_company
from warroom.domain.kinds import TOUCH_KINDS, TRIGGER_KINDS
from warroom.domain.names import closest, matches
from warroom.domain.records import (
    PlannedTouch,
    Rep,
    TeamSettings,
    Touch,
    Trigger,
    WhaleChoice,
    WhaleSummary,
    others_with,
)
from warroom.domain.text import check_url, clean_name, clean_text
from warroom.domain.today import moved_to
from warroom.domain.values import WORKDAYS_DEFAULT, check_currency, check_workdays, check_zone
from warroom.services import settings
from warroom.services.decay import Decay
from warroom.services.ids import new_id
from warroom.services.settings import Settings
from warroom.services.win_chance import WinChances
from warroom.services.workspace import Workspace
from warroom.store import cadences as cadence_store
from warroom.store import edits, people_moves, queries
from warroom.store import today as today_store
from warroom.store.db import Session, Store, driver_rows
from warroom.store.memo import Keeping, TableMemo
from warroom.store.written import owning_whales

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# A touch is logged after it happens; a little slack covers clocks a minute or two apart.
_FUTURE_SLACK = timedelta(minutes=5)


def _kind_error(what: str, kind: str, allowed: tuple[str, ...]) -> BadInput:
    return BadInput(f"unknown {what} kind {kind!r}; use one of: {', '.join(allowed)}")


# What a whale's row in the list shows besides the whale itself, by kind of change, and the
# table whose rows of that kind name their whale (a cadence's enrolment: the next step due).
_WHALE_ROW_KINDS = {
    "deals": "deals",
    "touches": "touches",
    "triggers": "triggers",
    "stakeholders": "stakeholders",
    "tasks": "tasks",
    "cadences": "enrolments",
}


class Book:
    """The use cases over one open book. Reads return records; edits return `Done`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.decay = Decay(store)
        self.win_chances = WinChances(self.decay)
        self.workspace = Workspace(store)
        self.settings = Settings(store)
        # Touch counts and last times per whale, kept until a touch or whale is written:
        # Today, the list and the team table each ask, and a big book has 500,000 touches
        # (kept in the book for the next process too: store.kept).
        self._touch_figures: TableMemo[queries.TouchFigures] = TableMemo(
            ("touches", "whales"),
            Keeping("touch figures", queries.dump_figures, queries.load_figures),
        )
        # Every enrolment's outcome, kept until a cadence or whale is written: the war room's
        # follow-through and the team's journey both ask, of a sales floor's 36,000.
        self._enrolment_outcomes: TableMemo[list[EnrolmentOutcome]] = TableMemo(
            ("cadence_templates", "enrolment_steps", "enrolments", "whales")
        )

    # --- who is who -------------------------------------------------------------------------

    def reps(self) -> list[Rep]:
        with self.store.transaction() as session:
            return queries.reps(session)

    def me(self) -> Rep | None:
        with self.store.transaction() as session:
            return self._me(session)

    def zone(self) -> ZoneInfo:
        """This laptop's rep's zone: where their days start (UTC until they say who they are)."""
        me = self.me()
        return ZoneInfo(me.timezone if me else "UTC")

    def _me(self, session: Session) -> Rep | None:
        rep_id: str | None = settings.read(session, ME)
        return queries.rep_by_id(session, rep_id) if rep_id else None

    def set_me(
        self, name: str, zone_name: str, at: datetime, emails: Sequence[str] | None = None
    ) -> Done[Rep]:
        """Make `name` this laptop's rep, adding the rep to the team when new; `emails`, when
        given, become the rep's own addresses (capture tells our side by them)."""
        with self.store.transaction() as session:
            rep = self._set_me(session, name, zone_name, at)
            if emails is not None:
                rep = replace(rep, email=my_addresses(emails))
                edits.update_rep(session, rep, at)
        return Done(rep, Changes(reps=frozenset({rep.id}), settings=frozenset({ME})))

    def _set_me(self, session: Session, name: str, zone_name: str, at: datetime) -> Rep:
        name = clean_name(name, "a rep's name")
        found = queries.reps_named(session, name)
        if found:
            rep = found[0]
        else:
            rep = Rep(
                id=new_id(),
                name=name,
                email="",
                timezone=check_zone(zone_name),
                lunch_cutoff=settings.read(session, TEAM_LUNCH_CUTOFF),
                workdays=WORKDAYS_DEFAULT,
            )
            edits.add_rep(session, rep, at)
        settings.write(session, ME, rep.id, at)
        return rep

    def resolve_rep(self, text: str | None) -> Rep:
        """A rep by id or name; None means this laptop's rep."""
        with self.store.transaction() as session:
            if text is None:
                rep = self._me(session)
                if rep is None:
                    raise NotFound(
                        "no one is set for this laptop: say who you are in File ▸ Settings"
                        " (or 'warroom me NAME')"
                    )
                return rep
            by_id = queries.rep_by_id(session, text)
            if by_id is not None:
                return by_id
            found = queries.reps_named(session, text)
            if not found:
                known = ", ".join(rep.name for rep in queries.reps(session)) or "none yet"
                raise NotFound(f"no rep named {text!r}; reps: {known}")
            return found[0]

    # --- whales -----------------------------------------------------------------------------

    def resolve_whale(self, text: str) -> str:
        """A whale's id from its id or its unique name (case-insensitive)."""
        with self.store.transaction() as session:
            return self._resolve_whale(session, text)

    def _resolve_whale(self, session: Session, text: str) -> str:
        text = text.strip()
        if _UUID.match(text.lower()) and queries.whale_exists(session, text.lower()):
            return text.lower()
        exact = queries.whale_ids_named(session, text)
        if len(exact) == 1:
            return exact[0][0]
        names = {whale.id: whale.name for whale in queries.whale_choices(session)}
        found = [whale_id for whale_id, _ in exact] or matches(text, names)
        if not found:
            near = closest(text, names)
            hint = (
                f"; did you mean {' or '.join(near)}?" if near else "; 'warroom whales' lists them"
            )
            raise NotFound(f"no whale named {text!r}{hint}")
        if len(found) > 1:
            shown = "; ".join(f"{names[i]} ({i})" for i in found[:8])
            more = f" and {len(found) - 8} more" if len(found) > 8 else ""
            raise Ambiguous(f"{text!r} names {len(found)} whales: {shown}{more}; type more of it")
        return found[0]

    def whale_choices(self) -> list[WhaleChoice]:
        """Every whale to pick from (id, name, owner), without computing any heat."""
        with self.store.transaction() as session:
            return queries.whale_choices(session)

    def whale_name(self, whale_id: str) -> str:
        with self.store.transaction() as session:
            return queries.whale_name(session, whale_id)

    def whales(
        self, at: datetime, owner_id: str | None = None, whale_ids: Collection[str] | None = None
    ) -> list[WhaleSummary]:
        """Every whale (or one rep's, or those of `whale_ids` still live) with its deal,
        touches, and heat as of `at`."""
        heated = self.decay.with_heat(self.unheated(owner_id, whale_ids), at)
        return self.win_chances.with_chances(heated, at)

    def unheated(
        self,
        owner_id: str | None = None,
        whale_ids: Collection[str] | None = None,
        *,
        people: bool = True,
    ) -> list[WhaleSummary]:
        """The whales of `whales` with their heat left at zero: for figures that do not
        depend on the moment (who owns what, deal sizes, last touches); without `people`,
        without the people's names and next steps (queries.whale_summaries)."""
        with self.store.transaction() as session:
            # The whole book's figures serve one rep's whales too: one read (and one kept
            # value) for every rep, instead of one per rep.
            figures = self.touch_figures()
            return queries.whale_summaries(session, owner_id, figures, whale_ids, people=people)

    def whales_changed(self, changes: Changes) -> frozenset[str] | None:
        """The whales whose rows in the list `changes` alters (found from whatever rows it
        names: a touch, a deal, a person); None when every row may change (the whole book,
        rows not named, reps or settings)."""
        if changes.book or changes.reps or changes.settings:
            return None
        named = {kind: getattr(changes, kind) for kind in _WHALE_ROW_KINDS}
        if ANY in changes.whales or any(ANY in ids for ids in named.values()):
            return None
        whales = set(changes.whales)
        with self.store.transaction() as session:
            for kind, table in _WHALE_ROW_KINDS.items():
                if named[kind]:
                    whales |= owning_whales(session, table, named[kind])
        return frozenset(whales)

    def coverage_gaps(
        self, at: datetime, whale_ids: Collection[str] | None = None
    ) -> dict[str, tuple[str, ...]]:
        """Every live whale's (or these whales') coverage gaps as of `at`, read in SQL."""
        with self.store.transaction() as session:
            return queries.coverage_gaps(session, at, whale_ids)

    def touch_figures(self) -> queries.TouchFigures:
        """Per whale: live touches, last touch, last meaningful touch."""
        with self.store.transaction() as session:
            return self._touch_figures.get(
                session,
                None,
                lambda: queries.touch_figures(session),
                lambda kept, since: queries.carried_figures(session, kept, since.whales),
            )

    def enrolment_outcomes(self) -> list[EnrolmentOutcome]:
        """Every live enrolment as follow-through sees it."""
        with self.store.transaction() as session:
            return self._enrolment_outcomes.get(
                session, None, lambda: cadence_store.enrolment_outcomes(session)
            )

    def check_new_company(self, name: str) -> None:
        """SameCompany when a live whale is `name` by import's matching rule ('Globex Inc' is
        'GLOBEX'): asked before a whale is added by hand, which would write it down twice."""
        with self.store.transaction() as session:
            twin = _same_company(session, clean_name(name, "a whale's name"))
        if twin is not None:
            raise SameCompany(
                f"{twin!r} is already in the book, the same company as {name!r} but for case, "
                "accents, punctuation or a legal suffix"
            )

    def add_whale(
        self,
        name: str,
        at: datetime,
        *,
        deal_size: int = 0,
        currency: str | None = None,
        solution: str = "",
        owner: str | None = None,
        whale_id: str | None = None,
    ) -> Done[str]:
        """A new whale with its deal; the owner defaults to this laptop's rep."""
        name = clean_name(name, "a whale's name")
        if deal_size < 0:
            raise BadInput("a deal size cannot be negative")
        owner_rep = self.resolve_rep(owner) if owner else self.me()
        with self.store.transaction() as session:
            if queries.whale_ids_named(session, name):
                raise BadInput(f"a whale named {name!r} is already in the book")
            code = check_currency(currency or self._team_currency(session))
            whale_id, deal_id = whale_id or new_id(), new_id()
            edits.add_whale(
                session, whale_id, name, at, owner_id=owner_rep.id if owner_rep else None
            )
            edits.add_deal(
                session,
                deal_id,
                whale_id,
                at,
                size=deal_size,
                currency=code,
                solution=solution,
                opened_on=at.date(),
            )
            # Someone we knew at another whale left for this company: now it is a whale,
            # that is news here, with what we did together.
            triggers = set(people_moves.announce_moved_in(session, {whale_id: name}, at))
        return Done(
            whale_id,
            Changes(
                whales=frozenset({whale_id}),
                deals=frozenset({deal_id}),
                triggers=frozenset(triggers),
            ),
        )

    # --- touches and triggers ---------------------------------------------------------------

    def log_touch(
        self,
        whale: str,
        kind: str,
        occurred_at: datetime,
        at: datetime,
        *,
        rep: str | None = None,
        contact: str | None = None,
        note: str = "",
        touch_id: str | None = None,
        also_with: Sequence[str] = (),
        source: str = "",
    ) -> Done[Touch]:
        """Log one touch on a whale, by a rep, optionally with a stakeholder (and others, by
        id: a planned meeting's other attendees).

        `touch_id` lets the app name the touch up front, so its undo can refer to it;
        `source` is a captured event's, when the touch does a planned touch capture made."""
        note = clean_text(note, "the note")
        if kind not in TOUCH_KINDS:
            raise _kind_error("touch", kind, TOUCH_KINDS)
        if occurred_at > at + _FUTURE_SLACK:
            raise BadInput("a touch is logged after it happens; its time is in the future")
        by = self.resolve_rep(rep)
        with self.store.transaction() as session:
            whale_id = self._resolve_whale(session, whale)
            stakeholder_id = self._resolve_contact(session, whale_id, contact)
            # Each other person by id or name, at this whale (NotFound names the one not).
            found = (self._resolve_contact(session, whale_id, p) for p in also_with)
            others = others_with(stakeholder_id, found)
            touch = Touch(
                touch_id or new_id(),
                whale_id,
                by.id,
                stakeholder_id,
                kind,
                occurred_at,
                note,
                others,
            )
            edits.add_touch(
                session,
                touch.id,
                at,
                whale_id=whale_id,
                rep_id=by.id,
                stakeholder_id=stakeholder_id,
                kind=kind,
                occurred_at=occurred_at,
                note=note,
                source=source,
                also_with=others,
            )
            # A reply or a meeting ends the cadences of the people in it: they did their job.
            engaged = (
                cadence_store.engage(session, (stakeholder_id, *others), at)
                if kind in ENGAGING_KINDS
                else set()
            )
            # A planned touch of this kind, due by now, is done by this one.
            day = occurred_at.astimezone(ZoneInfo(by.timezone)).date()
            tasks = today_store.complete_tasks(session, whale_id, by.id, kind, day, touch.id, at)
        return Done(
            touch,
            Changes(
                touches=frozenset({touch.id}),
                whales=frozenset({whale_id}),
                cadences=frozenset(engaged),
                tasks=frozenset(tasks),
            ),
        )

    def _resolve_contact(self, session: Session, whale_id: str, contact: str | None) -> str | None:
        if not contact:
            return None
        if queries.stakeholder_whale(session, contact) == whale_id:
            return contact
        found = queries.stakeholders_named(session, whale_id, contact)
        if len(found) != 1:
            what = "no stakeholder" if not found else "more than one stakeholder"
            raise NotFound(f"{what} named {contact!r} at {queries.whale_name(session, whale_id)}")
        return found[0]

    def add_trigger(
        self,
        whale: str,
        kind: str,
        occurred_at: datetime,
        at: datetime,
        *,
        source_url: str = "",
        note: str = "",
        trigger_id: str | None = None,
    ) -> Done[Trigger]:
        """Record an outside event that can flare a whale's interest."""
        if kind not in TRIGGER_KINDS:
            raise _kind_error("trigger", kind, TRIGGER_KINDS)
        source_url = check_url(source_url, "source")
        note = clean_text(note, "the note")
        if occurred_at > at + _FUTURE_SLACK:
            raise BadInput("a trigger is recorded after it happens; its time is in the future")
        with self.store.transaction() as session:
            whale_id = self._resolve_whale(session, whale)
            trigger = Trigger(trigger_id or new_id(), whale_id, kind, occurred_at, source_url, note)
            edits.add_trigger(
                session,
                trigger.id,
                at,
                whale_id=whale_id,
                kind=kind,
                occurred_at=occurred_at,
                source_url=source_url,
                note=note,
            )
        return Done(
            trigger, Changes(triggers=frozenset({trigger.id}), whales=frozenset({whale_id}))
        )

    def plan_touch(
        self,
        whale: str,
        kind: str,
        due_on: date,
        at: datetime,
        *,
        rep: str | None = None,
        note: str = "",
    ) -> Done[PlannedTouch]:
        """Save a planned touch (a task) for a day, e.g. from the decay chart's what-if."""
        if kind not in TOUCH_KINDS:
            raise _kind_error("touch", kind, TOUCH_KINDS)
        by = self.resolve_rep(rep)
        with self.store.transaction() as session:
            whale_id = self._resolve_whale(session, whale)
            task = PlannedTouch(new_id(), whale_id, by.id, kind, due_on, note)
            edits.add_task(
                session,
                task.id,
                at,
                whale_id=whale_id,
                rep_id=by.id,
                kind=kind,
                due_on=due_on,
                note=note,
            )
        return Done(task, Changes(tasks=frozenset({task.id}), whales=frozenset({whale_id})))

    # --- settings ---------------------------------------------------------------------------

    def _team_currency(self, session: Session) -> str:
        code: str = settings.read(session, TEAM_CURRENCY)
        return code

    def team_settings(self) -> TeamSettings:
        with self.store.transaction() as session:
            me = self._me(session)
            return TeamSettings(
                team_name=settings.read(session, TEAM_NAME),
                currency=self._team_currency(session),
                lunch_cutoff=me.lunch_cutoff if me else settings.read(session, TEAM_LUNCH_CUTOFF),
            )

    def save_settings(
        self,
        me_name: str,
        team: TeamSettings,
        zone_name: str,
        at: datetime,
        *,
        rename_me: bool = False,
        emails: str | None = None,
    ) -> Done[TeamSettings]:
        """Save who uses this laptop, the team name, currency, and this rep's time zone and lunch
        cut-off. `rename_me` gives the name to the rep already set (on first run with the demo
        book, the user takes over the demo's rep instead of starting as a stranger)."""
        code = check_currency(team.currency)
        team_name = clean_name(team.team_name, "the team name") if team.team_name.strip() else ""
        with self.store.transaction() as session:
            me = self._me(session)
            if rename_me and me is not None and not queries.reps_named(session, me_name.strip()):
                # The demo's rep becomes the user: their whales, their streak, their name.
                rep = replace(me, name=me_name.strip())
                edits.update_rep(session, rep, at)
            else:
                rep = self._set_me(session, me_name, zone_name, at)
            settings.write(session, TEAM_NAME, team_name, at)
            settings.write(session, TEAM_CURRENCY, code, at)
            settings.write(session, TEAM_LUNCH_CUTOFF, team.lunch_cutoff.strftime("%H:%M"), at)
            moved = moved_to(rep, check_zone(zone_name), at)
            updated = replace(moved, lunch_cutoff=team.lunch_cutoff)
            if emails is not None:
                updated = replace(updated, email=my_addresses(addresses_in(emails)))
            edits.update_rep(session, updated, at)
        keys = frozenset({TEAM_NAME, TEAM_CURRENCY, TEAM_LUNCH_CUTOFF})
        saved = TeamSettings(team_name, code, team.lunch_cutoff)
        return Done(saved, Changes(settings=keys | {ME}, reps=frozenset({rep.id})))

    def set_workdays(self, days: tuple[int, ...], at: datetime) -> Done[Rep]:
        """The days this laptop's rep works (ISO weekdays): their made days, streak and
        cadence due dates count these."""
        days = check_workdays(days)
        with self.store.transaction() as session:
            me = self._me(session)
            if me is None:
                raise NotFound("say who you are first (File ▸ Settings, or 'warroom me NAME')")
            rep = replace(me, workdays=days)
            edits.update_rep(session, rep, at)
        return Done(rep, Changes(reps=frozenset({rep.id})))

    def reminder(self) -> tuple[bool, time]:
        """Whether this laptop reminds before lunch, and at what time."""
        with self.store.transaction() as session:
            on: bool = settings.read(session, REMINDER_ON)
            remind_at: time = settings.read(session, REMINDER_AT)
        return on, remind_at

    def save_reminder(self, on: bool, remind_at: time, at: datetime) -> Done[tuple[bool, time]]:
        with self.store.transaction() as session:
            settings.write(session, REMINDER_ON, on, at)
            settings.write(session, REMINDER_AT, remind_at.strftime("%H:%M"), at)
        return Done((on, remind_at), Changes(settings=frozenset({REMINDER_ON, REMINDER_AT})))

    def theme(self) -> str:
        """'system', 'light' or 'dark' for this laptop."""
        with self.store.transaction() as session:
            theme: str = settings.read(session, THEME)
        return theme

    def save_theme(self, theme: str, at: datetime) -> Done[str]:
        with self.store.transaction() as session:
            settings.write(session, THEME, theme, at)
        return Done(theme, Changes(settings=frozenset({THEME})))

    def holds_real_data(self) -> bool:
        """True when the book has whales or touches that are not a demo's, or is a demo book
        someone has edited since it was made (those edits are theirs to keep)."""
        with self.store.transaction() as session:
            made = queries.setting_written(session, DEMO_SEED)
            if made is not None:
                return queries.edited_since(session, made)
            return queries.holds_whales_or_touches(session)


def _same_company(session: Session, name: str) -> str | None:
    """A live whale that is `name` by import's matching rule ('Globex Inc' is 'GLOBEX')."""
    wanted = normalize_company(name)
    if not wanted:
        return None
    found = driver_rows(session, "SELECT name FROM whales WHERE deleted_at IS NULL")
    return next((row[0] for row in found if normalize_company(row[0]) == wanted), None)
