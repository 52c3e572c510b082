"""Today for a rep: the list with its reasons and done flags, the streak and the calendar, the
team's figures, and swapping a row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput
from warroom.domain.records import Rep
from warroom.domain.today import (
    FRESH_TRIGGER_DAYS,
    Streak,
    Swap,
    TodayRow,
    calendar,
    cutoff_at,
    local_day,
    made_days,
    made_rate,
    streak,
    today_list,
    whales_before_cutoff,
)
from warroom.services.book import Book
from warroom.services.ids import new_id
from warroom.store import today as inputs

HISTORY_DAYS = 400  # enough for 26 weeks of calendar and a long best streak


@dataclass(frozen=True)
class TodayReport:
    rep: Rep
    at: datetime
    day: date
    rows: tuple[TodayRow, ...]
    before_lunch: int  # distinct whales touched before the cut-off today
    cutoff: datetime
    streak: Streak


@dataclass(frozen=True)
class StreakReport:
    rep: Rep
    day: date
    streak: Streak
    made_rate_4_weeks: float
    calendar: tuple[tuple[date, bool], ...]


@dataclass(frozen=True)
class TeamRow:
    rep: Rep
    today: int
    made_rate_4_weeks: float
    streak: int
    best: int


class Today:
    def __init__(self, book: Book) -> None:
        self.book = book

    def _history(self, rep: Rep, at: datetime) -> tuple[date, list[tuple[str, datetime]]]:
        day = local_day(at, rep.timezone)
        with self.book.store.transaction() as session:
            touches = inputs.rep_touches(session, rep.id, at - timedelta(days=HISTORY_DAYS), at)
        return day, touches

    def _streak(self, rep: Rep, day: date, touches: list[tuple[str, datetime]]) -> Streak:
        count = len(whales_before_cutoff(touches, rep).get(day, set()))
        return streak(made_days(touches, rep), rep, day, count)

    def today(self, rep_text: str | None, at: datetime) -> TodayReport:
        rep = self.book.resolve_rep(rep_text)
        day, touches = self._history(rep, at)
        whales = self.book.whales(at, rep.id)
        with self.book.store.transaction() as session:
            due = inputs.due_steps(session, rep.id, day)
            fresh = inputs.fresh_triggers(session, at - timedelta(days=FRESH_TRIGGER_DAYS), at)
            swaps = inputs.swaps(session, rep.id, day)
        touched = {whale_id for whale_id, when in touches if local_day(when, rep.timezone) == day}
        rows = today_list(rep, at, whales, due, fresh, touched, swaps)
        count = len(whales_before_cutoff(touches, rep).get(day, set()))
        return TodayReport(
            rep, at, day, tuple(rows), count, cutoff_at(rep, day), self._streak(rep, day, touches)
        )

    def streak(self, rep_text: str | None, at: datetime) -> StreakReport:
        rep = self.book.resolve_rep(rep_text)
        day, touches = self._history(rep, at)
        made = made_days(touches, rep)
        return StreakReport(
            rep,
            day,
            self._streak(rep, day, touches),
            made_rate(made, rep, day),
            tuple(calendar(made, rep, day)),
        )

    def team(self, at: datetime) -> list[TeamRow]:
        """Per rep: today's count before lunch, made rate over 4 weeks, current streak."""
        out = []
        for rep in self.book.reps():
            day, touches = self._history(rep, at)
            made = made_days(touches, rep)
            current = self._streak(rep, day, touches)
            out.append(
                TeamRow(
                    rep,
                    current.today_count,
                    made_rate(made, rep, day),
                    current.current,
                    current.best,
                )
            )
        return out

    def swap(
        self, rep_text: str | None, at: datetime, removed: str, added: str, reason: str
    ) -> Done[Swap]:
        """Take a whale off today's list for another; the reason is required."""
        if not reason.strip():
            raise BadInput("say why you swap this whale (one line is enough)")
        rep = self.book.resolve_rep(rep_text)
        report = self.today(rep.id, at)
        listed = {row.whale.id for row in report.rows}
        removed_id = self.book.resolve_whale(removed)
        added_id = self.book.resolve_whale(added)
        if removed_id not in listed:
            raise BadInput("that whale is not on today's list")
        if added_id in listed:
            raise BadInput("that whale is on today's list already")
        swap = Swap(removed_id, added_id, reason.strip())
        with self.book.store.transaction() as session:
            inputs.add_swap(session, new_id(), rep.id, report.day, swap, at)
        return Done(swap, Changes(whales=frozenset({removed_id, added_id})))
