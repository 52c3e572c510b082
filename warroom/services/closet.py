"""Spring-cleaning the closet: the open deals that hit the half-life and hide, decaying, in
the pipeline, and the three choices for each (re-warm, close as no decision, hold until a
day with a reason)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from warroom.domain.changes import Changes, Done
from warroom.domain.closet import (
    Hold,
    InCloset,
    check_hold,
    closet,
    held,
    in_force,
    value_by_currency,
)
from warroom.domain.errors import BadInput
from warroom.domain.records import WhaleSummary
from warroom.domain.today import local_day
from warroom.services.book import Book
from warroom.services.cadences import Cadences
from warroom.store import closet as store
from warroom.store.db import Session

REWARM = "Re-warm a sinking whale"


@dataclass(frozen=True)
class HeldWhale:
    hold: Hold
    whale: str


@dataclass(frozen=True)
class ClosetReport:
    at: datetime
    day: date
    half_life_days: float
    rows: tuple[InCloset, ...]
    rewarming: tuple[str, ...]  # whales (names) with a re-warm cadence running
    holds: tuple[HeldWhale, ...]  # in force today, the soonest back first

    @property
    def value(self) -> dict[str, int]:
        return value_by_currency(self.rows)


class Closet:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.store = book.store

    def day(self, at: datetime) -> date:
        """The day in the rep's zone (a hold ends at their midnight)."""
        me = self.book.me()
        return local_day(at, me.timezone) if me else at.date()

    def report(self, at: datetime, rep: str | None = None) -> ClosetReport:
        """The closet (of the team, or one rep's whales) and the holds in force."""
        owner = self.book.resolve_rep(rep).id if rep else None
        return self.of(self.book.whales(at, owner), at)

    def of(self, whales: Sequence[WhaleSummary], at: datetime) -> ClosetReport:
        """The closet among these whales (as `Book.whales` gave them at `at`)."""
        day = self.day(at)
        heat = self.book.decay.book_heat(at)
        with self.store.transaction() as session:
            since = store.open_since(session)
            holds = store.holds(session)
            rewarming = store.running_in(session, REWARM)
        names = {w.id: w.name for w in whales}
        rows = closet(whales, since, holds, rewarming, at, day, heat.params.half_life_days)
        return ClosetReport(
            at,
            day,
            heat.params.half_life_days,
            tuple(rows),
            tuple(sorted(names[w] for w in rewarming if w in names)),
            tuple(
                HeldWhale(h, names[h.whale_id])
                for h in held(holds.values(), day)
                if h.whale_id in names
            ),
        )

    def hold_of(self, whale_id: str, day: date) -> Hold | None:
        with self.store.transaction() as session:
            return in_force(store.holds(session).get(whale_id), day)

    # --- the three choices ------------------------------------------------------------------

    def hold(self, whale: str, until: date, reason: str, at: datetime) -> Done[Hold]:
        """Set the whale aside until a day, with why."""
        whale_id = self.book.resolve_whale(whale)
        hold = check_hold(whale_id, until, reason, self.day(at))
        with self.store.transaction(write=True) as session:
            self._open_deal(session, whale_id, "hold")
            store.set_hold(session, whale_id, hold, at)
        return Done(hold, Changes(whales=frozenset({whale_id})))

    def _open_deal(self, session: Session, whale_id: str, what: str) -> None:
        """BadInput unless the whale has an open deal: a closed one has nothing to `what`."""
        if whale_id not in store.open_since(session, [whale_id]):
            name = self.book.whale_name(whale_id)
            raise BadInput(f"{name} has no open deal: nothing to {what}")

    def lift(self, whale: str, at: datetime) -> Done[str]:
        """End a whale's hold today: it is back in the closet (if cold) and Today."""
        whale_id = self.book.resolve_whale(whale)
        if self.hold_of(whale_id, self.day(at)) is None:
            raise BadInput(f"{self.book.whale_name(whale_id)} is not on hold")
        with self.store.transaction(write=True) as session:
            store.set_hold(session, whale_id, None, at)
        return Done(whale_id, Changes(whales=frozenset({whale_id})))

    def rewarm(self, whale: str, at: datetime) -> Done[list[str]]:
        """Enrol the whale's people (those still there and not in a cadence already) in
        "Re-warm a sinking whale" from today; the template is added first if the book has
        none of that name."""
        whale_id = self.book.resolve_whale(whale)
        name = self.book.whale_name(whale_id)
        with self.store.transaction() as session:
            self._open_deal(session, whale_id, "re-warm")
        held = self.hold_of(whale_id, self.day(at))
        if held is not None:
            raise BadInput(
                f"{name} is on hold until {held.until.isoformat()} ({held.reason}):"
                " lift the hold first (warroom hold WHALE --lift, or Del in the Closet)"
            )
        cadences = Cadences(self.book)
        people = [p for p in self.book.workspace.page(whale_id).stakeholders if p.left_on is None]
        if not people:
            raise BadInput(f"{name} has nobody to re-warm: add a stakeholder first")
        busy = {e.stakeholder_id for e in cadences.enrolments(whale=whale_id, active_only=True)}
        free = [p.id for p in people if p.id not in busy]
        if not free:
            raise BadInput(f"everyone at {name} is in a cadence already")
        return cadences.enrol(whale_id, free, REWARM, self.day(at), at)
