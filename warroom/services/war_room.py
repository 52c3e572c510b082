"""The weekly war room's deck: every slide's figures for one moment, for the team or one rep.

"Since the last session" compares heat now with heat at the last meeting (or a week ago when
there was none): heat can be computed at any past moment, so no snapshot is needed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from warroom.domain.cadence import FollowThrough
from warroom.domain.changes import Changes, Done
from warroom.domain.coverage import gap_words
from warroom.domain.pipeline import Moved, sessions_before
from warroom.domain.records import WhaleSummary
from warroom.services.book import Book
from warroom.services.cadences import Cadences
from warroom.services.closet import Closet, ClosetReport
from warroom.services.ids import new_id
from warroom.services.learning import Learning, RepJourney, TriggerItem
from warroom.services.pipeline import Pipeline
from warroom.services.today import TeamRow, Today
from warroom.store import edits, queries
from warroom.store.reviews import Review

SINKING_DAYS = 7.0
FRESH_DAYS = 7
LESSONS = 12  # the newest reviews the war room shows


@dataclass(frozen=True)
class Move:
    """A whale's change since the last session, like a line of a pipeline diff."""

    whale: WhaleSummary
    heat_then: float | None  # None: added since
    change: str  # "added", "rose", "sank", "fell"


@dataclass(frozen=True)
class SinkingWhale:
    whale: WhaleSummary
    plan: str


@dataclass(frozen=True)
class Deck:
    at: datetime
    since: datetime
    since_meeting: bool
    rep_id: str | None
    rep_name: str
    half_life_days: float
    watermark: float
    moves: tuple[Move, ...]
    top_ten: tuple[WhaleSummary, ...]
    whales: tuple[WhaleSummary, ...]
    sinking: tuple[SinkingWhale, ...]
    triggers: tuple[TriggerItem, ...]
    scoreboard: tuple[TeamRow, ...]
    follow_through: tuple[FollowThrough, ...]
    journey: tuple[RepJourney, ...]
    lessons: tuple[Review, ...]
    rep_names: dict[str, str]
    last_notes: str = ""  # typed during the session before, to read again this week
    pipeline: tuple[Moved, ...] = ()  # deals pushed, slipped, resized, restaged since
    gaps: dict[str, str] = field(default_factory=dict)  # top-ten whale id -> coverage gaps
    closet: ClosetReport | None = None  # cold open deals, and the holds with their reasons


CHANGES = ("added", "sank", "rose", "fell")


@dataclass(frozen=True)
class Meeting:
    """A war-room session as kept: when, the notes typed during it, and how many whales
    moved each way since the session before (`since`; None for the first)."""

    id: str
    held_at: datetime
    notes: str
    since: datetime | None
    moves: tuple[Move, ...]
    there: tuple[str, ...] = ()  # names of the reps who were there (empty: not asked then)

    @property
    def moved(self) -> dict[str, int]:
        """Whales per kind of change (CHANGES)."""
        return {change: sum(1 for m in self.moves if m.change == change) for change in CHANGES}

    @property
    def summary(self) -> str:
        """'3 added, 2 sank, 5 rose, 1 fell', the changes that happened."""
        return ", ".join(f"{n} {change}" for change, n in self.moved.items() if n) or "no change"


def _moves(
    now: list[WhaleSummary],
    then: dict[str, float],
    created: dict[str, datetime],
    since: datetime,
    at: datetime,
    watermark: float,
) -> list[Move]:
    """How each whale moved between `since` and `at` (its heat then, now), biggest deals
    first within each kind of change."""
    moves = []
    for whale in now:
        before = then.get(whale.id, 0.0)
        if created.get(whale.id, at) > since:
            moves.append(Move(whale, None, "added"))
        elif before >= watermark > whale.heat:
            moves.append(Move(whale, before, "sank"))
        elif whale.heat > before + 0.005:
            moves.append(Move(whale, before, "rose"))
        elif whale.heat < before - 0.05:
            moves.append(Move(whale, before, "fell"))
    moves.sort(key=lambda m: (CHANGES.index(m.change), -m.whale.deal_size))
    return moves


class WarRoom:
    def __init__(self, book: Book) -> None:
        self.book = book

    def deck(self, at: datetime, rep_id: str | None = None) -> Deck:
        book = self.book
        with book.store.transaction() as session:
            last = queries.last_meeting_before(session, at)  # its notes are read again
            counted = queries.last_meeting_before(session, sessions_before(at, book.zone()))
            created = queries.whale_created(session)
        since = counted[0] if counted else at - timedelta(days=7)
        mine = (lambda owner: owner == rep_id) if rep_id else (lambda owner: True)
        everyone = book.whales(at)
        now = [w for w in everyone if mine(w.owner_id)]
        then = book.decay.book_heat(since).heat  # the same whales, only their heat moved
        heat = book.decay.book_heat(at)
        watermark = heat.params.watermark
        moves = _moves(now, then, created, since, at, watermark)
        sinking = []
        for whale in sorted(
            (w for w in now if w.sinks_within(SINKING_DAYS)),
            key=lambda w: w.days_to_sink,
        ):
            plan = (
                f"next step due {whale.next_step_due:%a %d %b}"
                if whale.next_step_due
                else "no plan yet"
            )
            sinking.append(SinkingWhale(whale, plan))
        learning = Learning(book)
        triggers = [
            t for t in learning.feed(at, days=FRESH_DAYS, unanswered=True) if mine(t.owner_id)
        ]
        table = Today(book).team(at)
        scoreboard = [row for row in table if mine(row.rep.id)]
        follow = [f for f in Cadences(book).follow_through() if mine(f.rep_id)]
        journey = [j for j in learning.team(at, everyone, table) if mine(j.rep.id)]
        lessons = learning.reviews(until=at.date(), owner_id=rep_id, newest=LESSONS)
        reps = {rep.id: rep.name for rep in book.reps()}
        follow.sort(key=lambda f: (reps.get(f.rep_id or "", "").lower(), f.template))  # by name
        shown = {w.id for w in now}
        pipeline = [m for m in Pipeline(book).moved(at, since)[1] if m.whale_id in shown]
        top = {w.id for w in now if w.top_ten}
        # The words alone, read in SQL for every top-ten whale at once (a sales floor's
        # hundreds of reps have thousands).
        gaps = {
            whale_id: gap_words(found) for whale_id, found in book.coverage_gaps(at, top).items()
        }
        closet = Closet(book).of(now, at)
        return Deck(
            at=at,
            since=since,
            since_meeting=counted is not None,
            rep_id=rep_id,
            rep_name=reps.get(rep_id or "", "the whole team"),
            half_life_days=heat.params.half_life_days,
            watermark=watermark,
            moves=tuple(moves),
            top_ten=tuple(sorted((w for w in now if w.top_ten), key=lambda w: -w.deal_size)),
            whales=tuple(now),
            sinking=tuple(sinking),
            triggers=tuple(triggers),
            scoreboard=tuple(scoreboard),
            follow_through=tuple(follow),
            journey=tuple(journey),
            lessons=tuple(lessons),
            rep_names=reps,
            last_notes=last[1] if last else "",
            pipeline=tuple(pipeline),
            gaps=gaps,
            closet=closet,
        )

    def meetings(self, at: datetime) -> list[Meeting]:
        """Every session held up to `at`, newest first, each with what moved since the one
        before it (or the week before, for the first)."""
        book = self.book
        with book.store.transaction() as session:
            held = [m for m in queries.meetings(session) if m[1] <= at]
            created = queries.whale_created(session)
        whales = book.unheated()
        out = []
        names = {rep.id: rep.name for rep in book.reps()}
        # Each session's moment is the next one's "then": each moment's heat is read once.
        heat_at = functools.cache(book.decay.book_heat)
        for number, (meeting_id, held_at, notes, attendees) in enumerate(held):
            since = held[number - 1][1] if number else held_at - timedelta(days=7)
            heat_then = heat_at(since).heat
            now = heat_at(held_at)
            heat_now, watermark = now.heat, now.params.watermark
            there = [
                replace(w, heat=heat_now.get(w.id, 0.0))
                for w in whales
                if created.get(w.id, held_at) <= held_at
            ]
            moved = _moves(there, heat_then, created, since, held_at, watermark)
            present = tuple(sorted(names[rep_id] for rep_id in attendees if rep_id in names))
            out.append(
                Meeting(
                    meeting_id, held_at, notes, since if number else None, tuple(moved), present
                )
            )
        return out[::-1]

    def exact_deals(self, whale_ids: list[str]) -> dict[str, str]:
        """The exact deal written down for each top-ten whale."""
        with self.book.store.transaction() as session:
            deals = queries.current_deals(session, whale_ids=whale_ids)
        return {whale_id: deals[whale_id].exact_deal for whale_id in whale_ids if whale_id in deals}

    def save_meeting(
        self, held_at: datetime, notes: str, at: datetime, there: Sequence[str] = ()
    ) -> Done[str]:
        """Keep the session as a dated meeting record with its notes and who was there (rep
        ids)."""
        meeting_id = new_id()
        with self.book.store.transaction() as session:
            edits.add_meeting(session, meeting_id, held_at, notes.strip(), at, there)
        return Done(meeting_id, Changes(settings=frozenset({"meetings"})))
