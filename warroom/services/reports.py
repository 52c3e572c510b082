"""The figures of each report, gathered for one moment as typed values: the app's Reports
section, `warroom report` and the tests share them, and ui/reports only draws them.

Every report names itself (its title, its footer) here, once; its dates are on this
process's clock (the rep's zone in the app, the laptop's on the command line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from warroom.domain.errors import BadInput
from warroom.domain.kinds import REPORT_KINDS
from warroom.services.book import Book
from warroom.services.cadences import Cadences
from warroom.services.decay import WhaleDecay
from warroom.services.today import StreakReport, Today
from warroom.services.war_room import Deck, Meeting, WarRoom
from warroom.services.workspace import WhalePage
from warroom.store import queries


@dataclass(frozen=True)
class WeeklyReport:
    team: str
    at: datetime
    deck: Deck
    exact: dict[str, str]  # top-ten whale id -> the exact deal written down

    @property
    def title(self) -> str:
        return f"War room: {self.team}"

    @property
    def footer(self) -> str:
        return f"{self.team} · war room · {self.at.astimezone():%Y-%m-%d}"


@dataclass(frozen=True)
class RepTouch:
    at: datetime  # in the rep's zone
    whale: str
    kind: str


@dataclass(frozen=True)
class RepStep:
    whale: str
    step: str
    due: str


@dataclass(frozen=True)
class RepWeekReport:
    team: str
    at: datetime
    deck: Deck
    streak: StreakReport
    touches: tuple[RepTouch, ...]  # the last seven days', oldest first
    due: tuple[RepStep, ...]

    @property
    def zone(self) -> str:
        """The rep's zone, which every time of this report is in."""
        return self.streak.rep.timezone

    @property
    def title(self) -> str:
        return f"My week: {self.streak.rep.name}"

    @property
    def footer(self) -> str:
        return f"{self.team} · {self.streak.rep.name} · {self.streak.day:%Y-%m-%d}"


@dataclass(frozen=True)
class AccountReport:
    team: str
    at: datetime
    page: WhalePage
    decay: WhaleDecay
    chance: str  # the win chance and why, or why there is none (WinChances.words)

    @property
    def title(self) -> str:
        return f"Account plan: {self.page.definition.name}"

    @property
    def footer(self) -> str:
        return f"{self.team} · {self.page.definition.name} · {self.at.astimezone():%Y-%m-%d}"


@dataclass(frozen=True)
class MeetingReport:
    team: str
    at: datetime
    meeting: Meeting
    zone: str  # this laptop's rep's, which the session's time is shown in

    @property
    def title(self) -> str:
        return f"War-room session: {self.team}, {self.meeting.held_at.astimezone():%Y-%m-%d}"

    @property
    def footer(self) -> str:
        return f"{self.team} · war-room session · {self.meeting.held_at.astimezone():%Y-%m-%d}"


Report = WeeklyReport | RepWeekReport | AccountReport | MeetingReport


def load(book: Book, kind: str, target: str | None, at: datetime) -> Report:
    """The figures of one report as of `at`: `target` is the rep of a weekly or a rep's week
    (None: the team, or me) and the whale of an account plan."""
    if kind == "weekly":
        return weekly(book, at, book.resolve_rep(target).id if target else None)
    if kind == "rep":
        return rep_week(book, target, at)
    if kind == "account":
        if target is None:
            raise BadInput("the account report needs a WHALE")
        return account(book, target, at)
    if kind == "meeting":
        return meeting(book, at)
    raise BadInput(f"unknown report {kind!r}; use one of: {', '.join(REPORT_KINDS)}")


def _team(book: Book) -> str:
    return book.team_settings().team_name or "The team"


def weekly(book: Book, at: datetime, rep_id: str | None = None) -> WeeklyReport:
    war_room = WarRoom(book)
    deck = war_room.deck(at, rep_id)
    return WeeklyReport(_team(book), at, deck, war_room.exact_deals([w.id for w in deck.top_ten]))


def rep_week(book: Book, rep: str | None, at: datetime) -> RepWeekReport:
    person = book.resolve_rep(rep)
    deck = WarRoom(book).deck(at, person.id)
    names = {w.id: w.name for w in deck.whales}
    zone = ZoneInfo(person.timezone)
    with book.store.transaction() as session:
        touches = queries.rep_touches_between(session, person.id, at - timedelta(days=7), at)
    due = [
        RepStep(
            i.enrolment.whale,
            f"step {i.number} of {i.enrolment.template}",
            f"{i.due_on}{' (overdue)' if i.overdue else ''}",
        )
        for i in Cadences(book).due(person.id, at)
    ]
    return RepWeekReport(
        _team(book),
        at,
        deck,
        Today(book).streak(person.id, at),
        tuple(
            RepTouch(t.occurred_at.astimezone(zone), names.get(t.whale_id, ""), t.kind)
            for t in touches
        ),
        tuple(due),
    )


def account(book: Book, whale: str, at: datetime) -> AccountReport:
    whale_id = book.resolve_whale(whale)
    decay = book.decay.whale(whale_id, at)
    chance = book.win_chances.words(decay.heat, decay.deal_open, at)
    return AccountReport(_team(book), at, book.workspace.page(whale_id, at), decay, chance)


def meeting(book: Book, at: datetime) -> MeetingReport:
    """The record of the last session held up to `at`."""
    held = WarRoom(book).meetings(at)
    if not held:
        raise BadInput(
            "no war-room session has been held yet: run one (F11 in the app, or "
            "'warroom gui --war-room'); leaving it keeps it as a meeting record"
        )
    me = book.me()
    return MeetingReport(
        _team(book),
        at,
        held[0],
        me.timezone if me else str(getattr(at.tzinfo, "key", "UTC")),
    )
