"""Today for a rep: the day's plan with its checks, working a row, swapping one, the streak and
its calendar, and the team's figures."""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from warroom.domain.changes import Changes, Done
from warroom.domain.closet import Hold, in_force
from warroom.domain.day_plan import (
    ALREADY,
    TOUCHED,
    CheckRow,
    PlanRow,
    checklist,
    first_plan,
    later_rows,
    swapped_in,
)
from warroom.domain.errors import BadInput
from warroom.domain.records import Rep, WhaleSummary
from warroom.domain.today import (
    FRESH_TRIGGER_DAYS,
    Candidate,
    Streak,
    Swap,
    Zones,
    calendar,
    candidates,
    cutoff_at,
    local_day,
    made_days_of,
    made_rate,
    morning_windows,
    streak,
    zone_at,
)
from warroom.services.book import Book
from warroom.services.cadences import Cadences
from warroom.services.ids import new_id
from warroom.store import cadences as cadence_store
from warroom.store import closet as closet_store
from warroom.store import queries
from warroom.store import today as inputs
from warroom.store.db import Session
from warroom.store.memo import Keeping, TableMemo
from warroom.store.written import Since

HISTORY_DAYS = 400  # enough for 26 weeks of calendar and a long best streak


def _dump_counts(counts: dict[str, dict[date, int]]) -> bytes:
    return json.dumps(
        {rep: {day.isoformat(): n for day, n in days.items()} for rep, days in counts.items()}
    ).encode()


def _load_counts(kept: bytes) -> dict[str, dict[date, int]]:
    return {
        str(rep): {date.fromisoformat(day): int(n) for day, n in days.items()}
        for rep, days in json.loads(kept).items()
    }


_Counts = dict[str, dict[date, int]]
Morning = tuple[date, datetime, datetime]
# How many days back a day's counts are carried from: a weekend away, a week's holiday.
CARRIED_DAYS = 10


@dataclass(frozen=True)
class _Days:
    """The days before today of reps who share a zone and cut-off: their mornings in UTC."""

    zone: str
    cutoff: time
    since: datetime
    before: datetime
    zones_before: Zones = ()  # the zones they lived their earlier days in

    def key(self, ids: list[str], day: date) -> Hashable:
        return (tuple(ids), self.zone, self.cutoff, self.zones_before, day)

    def mornings(self) -> list[Morning]:
        return morning_windows(self.zone, self.cutoff, self.since, self.before, self.zones_before)

    def counted(self, session: Session, ids: list[str], mornings: list[Morning]) -> _Counts:
        return inputs.reps_before_cutoff_counts(session, ids, self.since, self.before, mornings)

    def moved_on(self, session: Session, ids: list[str], kept: _Counts, kept_day: date) -> _Counts:
        """The counts of these days from those kept on `kept_day` (its days before it): the
        days since are counted, the oldest day again (the window's edge cuts it anew), and
        days older than the window dropped."""
        mornings = self.mornings()
        if not mornings:
            return {}
        first = mornings[0][0]
        again = [m for m in mornings if m[0] >= kept_day or m[0] == first]
        fresh = self.counted(session, ids, again)
        counted = {m[0] for m in again}
        out: _Counts = {}
        for rep_id in ids:
            days = {d: n for d, n in kept.get(rep_id, {}).items() if d > first and d not in counted}
            days.update(fresh.get(rep_id, {}))
            if days:
                out[rep_id] = days
        return out


def _by_mornings(reps: Sequence[Rep]) -> dict[tuple[str, time, Zones], list[Rep]]:
    """Reps by zone, lunch cut-off and zones before: those whose mornings are the same hours."""
    groups: dict[tuple[str, time, Zones], list[Rep]] = {}
    for rep in reps:
        groups.setdefault((rep.timezone, rep.lunch_cutoff, rep.zones_before), []).append(rep)
    return groups


@dataclass(frozen=True)
class TodayReport:
    rep: Rep
    at: datetime
    day: date
    rows: tuple[CheckRow, ...]  # the day's plan in its order, then whales touched off-plan
    before_lunch: int  # distinct whales touched before the cut-off today
    cutoff: datetime
    streak: Streak

    @property
    def plan(self) -> list[PlanRow]:
        return [row.plan for row in self.rows if row.plan.origin != TOUCHED]


@dataclass(frozen=True)
class StreakReport:
    rep: Rep
    day: date
    streak: Streak
    made_rate_4_weeks: float | None  # None: too early to tell
    calendar: tuple[tuple[date, bool], ...]


@dataclass(frozen=True)
class TeamRow:
    rep: Rep
    today: int
    made_rate_4_weeks: float | None
    streak: int
    best: int


class Today:
    def __init__(self, book: Book) -> None:
        self.book = book
        # The day counts of a rep's days before today, kept until a touch is written (and in
        # the book for the next process: store.kept): Today, the streak and the team table
        # each ask for them, and they do not move with the hour. Today's own count is read
        # each time.
        self._counts: TableMemo[dict[str, dict[date, int]]] = TableMemo(
            ("touches",), Keeping("reps' day counts", _dump_counts, _load_counts)
        )

    def _history(self, rep: Rep, at: datetime) -> tuple[date, dict[date, int]]:
        """The rep's local day, and per local day of the history (the HISTORY_DAYS before
        today, and today up to `at`) the distinct whales touched before the cut-off: counted
        in SQL (a team lead's book holds half a million touches; whales_before_cutoff gives
        the same from records, and a test holds them equal)."""
        return self._histories([rep], at)[rep.id]

    def _histories(
        self, reps: Sequence[Rep], at: datetime
    ) -> dict[str, tuple[date, dict[date, int]]]:
        """_history of each rep, one query for all reps who share a zone and cut-off: a sales
        floor's team table has hundreds."""
        out = {}
        with self.book.store.transaction() as session:
            for (zone, cutoff, earlier), members in _by_mornings(reps).items():
                day = local_day(at, zone)
                morning = morning_windows(zone, cutoff, at, at)
                today_starts = morning[0][1]
                since = today_starts - timedelta(days=HISTORY_DAYS)
                before = today_starts - timedelta(microseconds=1)
                ids = sorted(rep.id for rep in members)
                days = _Days(zone, cutoff, since, before, earlier)
                past = self._past(session, ids, day, days)
                now = inputs.reps_before_cutoff_counts(session, ids, today_starts, at, morning)
                for rep in members:
                    counts = dict(past.get(rep.id, {}))
                    counts.update(now.get(rep.id, {}))
                    out[rep.id] = (day, counts)
        return out

    def _past(self, session: Session, ids: list[str], day: date, days: _Days) -> _Counts:
        """The day counts of these reps' days before `day`: kept, carried over the touches
        written since (only their reps counted again), or moved on from a day before's."""

        def carry(kept: _Counts, written: Since) -> _Counts:
            again = sorted(written.reps.intersection(ids))
            # A rep counted again replaces their days whole: none left means none kept.
            others = {rep_id: counts for rep_id, counts in kept.items() if rep_id not in again}
            return {**others, **days.counted(session, again, days.mornings())}

        def count() -> _Counts:
            for back in range(1, CARRIED_DAYS + 1):
                earlier_day = day - timedelta(days=back)
                earlier = self._counts.find(session, days.key(ids, earlier_day), carry)
                if earlier is not None:
                    return days.moved_on(session, ids, earlier, earlier_day)
            return days.counted(session, ids, days.mornings())

        return self._counts.get(session, days.key(ids, day), count, carry)

    def _touched_on(self, rep: Rep, day: date, at: datetime) -> list[str]:
        """The whales the rep touched on their local `day` up to `at`, first touched first."""
        with self.book.store.transaction() as session:
            touches = inputs.rep_touches(session, rep.id, at - timedelta(days=2), at)
        ordered = sorted(touches, key=lambda t: t[1])
        return [whale_id for whale_id, when in ordered if local_day(when, rep.timezone) == day]

    def _streak(self, rep: Rep, day: date, counts: dict[date, int]) -> Streak:
        return streak(made_days_of(counts), rep, day, counts.get(day, 0))

    # --- the day's plan ---------------------------------------------------------------------

    def _candidates(
        self, rep: Rep, day: date, at: datetime, whales: list[WhaleSummary]
    ) -> list[Candidate]:
        """What may go on the day's plan, from the rep's whales (`book.whales(at, rep.id)`)."""
        with self.book.store.transaction() as session:
            due = inputs.due_steps(session, rep.id, day)
            fresh = inputs.fresh_triggers(session, at - timedelta(days=FRESH_TRIGGER_DAYS), at)
            holds = closet_store.holds(session)
        # A whale held out of the closet is out of the day's plans until its day (a row the
        # plan holds already stays: Today holds still while the rep works it).
        whales = [w for w in whales if in_force(holds.get(w.id), day) is None]
        return candidates(rep, at, whales, due, fresh)

    def _plan(self, rep: Rep, day: date, at: datetime, whales: list[WhaleSummary]) -> list[PlanRow]:
        """The day's plan, made the first time it is asked for and grown by rows that arrived
        since (never above the rows already there)."""
        with self.book.store.transaction() as session:
            kept = inputs.plan_rows(session, rep.id, day)
        found = self._candidates(rep, day, at, whales)
        if kept and not later_rows(kept, found):
            return kept
        # Another laptop or the command line may write it at the same moment: decide again
        # under the write lock.
        with self.book.store.transaction(write=True) as session:
            kept = inputs.plan_rows(session, rep.id, day)
            new = later_rows(kept, found) if kept else first_plan(found)
            if new:
                inputs.keep_plan_rows(session, rep.id, day, new, at)
            return kept + new

    def today(self, rep_text: str | None, at: datetime) -> TodayReport:
        rep = self.book.resolve_rep(rep_text)
        day, counts = self._history(rep, at)
        # The rep's whales with heat and win chance, read once for the plan and its rows
        # (half a second each on a sales floor's book).
        mine = self.book.whales(at, rep.id)
        plan = self._plan(rep, day, at, mine)
        touched = self._touched_on(rep, day, at)
        whales = self._whales_of(plan, touched, at, mine)
        rows = checklist(plan, whales, touched)
        gaps = self.book.coverage_gaps(at, [row.whale.id for row in rows])
        with self.book.store.transaction() as session:
            holds = closet_store.holds(session)
        rows = [
            replace(
                row,
                gaps=gaps.get(row.whale.id, ()),
                held_until=_until(in_force(holds.get(row.whale.id), day)),
            )
            for row in rows
        ]
        return TodayReport(
            rep,
            at,
            day,
            tuple(rows),
            counts.get(day, 0),
            cutoff_at(rep, day),
            self._streak(rep, day, counts),
        )

    def _whales_of(
        self, plan: list[PlanRow], touched: list[str], at: datetime, mine: list[WhaleSummary]
    ) -> dict[str, WhaleSummary]:
        """The rep's whales, and any other whale on the plan or touched (a swap, a teammate's)."""
        found = {w.id: w for w in mine}
        wanted = {row.whale_id for row in plan} | set(touched)
        if missing := wanted - found.keys():
            found.update({w.id: w for w in self.book.whales(at, whale_ids=missing)})
        return found

    def rebuild(self, rep_text: str | None, at: datetime) -> Done[int]:
        """Plan the day afresh (R on Today): the rules' order as of now."""
        rep = self.book.resolve_rep(rep_text)
        day = local_day(at, rep.timezone)
        plan = first_plan(self._candidates(rep, day, at, self.book.whales(at, rep.id)))
        with self.book.store.transaction(write=True) as session:
            inputs.keep_plan_rows(session, rep.id, day, plan, at)
            inputs.drop_plan_rows_from(session, rep.id, day, len(plan), at)
        return Done(len(plan), Changes(plans=frozenset({rep.id})))

    def swap(
        self, rep_text: str | None, at: datetime, removed: str, added: str, reason: str
    ) -> Done[Swap]:
        """Put another whale in a row's place for the day; the reason is required."""
        if not reason.strip():
            raise BadInput("say why you swap this whale (one line is enough)")
        rep = self.book.resolve_rep(rep_text)
        report = self.today(rep.id, at)
        plan = report.plan
        listed = {row.whale_id for row in plan}
        removed_id = self.book.resolve_whale(removed)
        added_id = self.book.resolve_whale(added)
        if removed_id not in listed:
            raise BadInput("that whale is not on today's list")
        if added_id in {row.whale.id for row in report.rows}:
            raise BadInput("that whale is on today's list already")
        swap = Swap(removed_id, added_id, reason.strip())
        row = swapped_in(plan, removed_id, added_id, swap.reason)
        with self.book.store.transaction(write=True) as session:
            inputs.keep_plan_rows(session, rep.id, report.day, [row], at)
            inputs.add_swap(session, new_id(), rep.id, report.day, swap, at)
        changes = Changes(whales=frozenset({removed_id, added_id}), plans=frozenset({rep.id}))
        return Done(swap, changes)

    def work(self, rep_text: str | None, at: datetime, whale: str) -> Done[str]:
        """Do a row (Space on Today): its cadence step as the step itself would be done (its
        channel, its stakeholder), its planned touch, or else the suggested touch. Returns the
        touch's id; refuses a row already done today, unless its step is still due."""
        rep = self.book.resolve_rep(rep_text)
        whale_id = self.book.resolve_whale(whale)
        report = self.today(rep.id, at)
        found = [row for row in report.rows if row.whale.id == whale_id]
        if not found:
            raise BadInput("that whale is not on today's list")
        row = found[0]
        ref = row.plan.step_ref
        step_pending, task = False, None
        if ref is not None:
            with self.book.store.transaction() as session:
                step_pending = cadence_store.step_pending(session, ref)
                task = inputs.planned_touch(session, ref)
        # A step still due is done even at a whale touched already today: that touch was not
        # the step (the enrolment may have come after it).
        if step_pending and ref is not None:
            done = Cadences(self.book).complete(ref, at)
            return Done(done.value, done.changes | Changes(plans=frozenset({rep.id})))
        if row.done:
            raise BadInput(f"{row.whale.name}: {ALREADY}")
        if task is not None:
            # With whom and what it was planned with (a captured meeting: its attendees, its
            # title, its event), so coverage credits them and capturing it again adds none;
            # someone who has since left for another whale is not there.
            with self.book.store.transaction() as session:
                here = {p.id for p in queries.stakeholders_of(session, whale_id)}
            touched = self.book.log_touch(
                whale_id,
                task.kind,
                at,
                at,
                rep=rep.id,
                contact=task.stakeholder_id if task.stakeholder_id in here else None,
                note=task.note,
                also_with=[p for p in task.also_with if p in here],
                source=task.source,
            )
            return Done(touched.value.id, touched.changes)
        touched = self.book.log_touch(whale_id, row.suggested_kind, at, at, rep=rep.id)
        return Done(touched.value.id, touched.changes)

    # --- the streak and the team ------------------------------------------------------------

    def streak(self, rep_text: str | None, at: datetime) -> StreakReport:
        rep = self.book.resolve_rep(rep_text)
        return self.streaks([rep], at)[rep.id]

    def streaks(self, reps: Sequence[Rep], at: datetime) -> dict[str, StreakReport]:
        """Each rep's streak report, read together (see _histories)."""
        out = {}
        histories = self._histories(reps, at)
        for rep in reps:
            day, counts = histories[rep.id]
            made = made_days_of(counts)
            out[rep.id] = StreakReport(
                rep,
                day,
                self._streak(rep, day, counts),
                made_rate(made, rep, day),
                tuple(calendar(made, rep, day)),
            )
        return out

    def made_rate_then(self, rep_text: str | None, at: datetime, then: datetime) -> float | None:
        rep = self.book.resolve_rep(rep_text)
        return self.made_rates_then([rep], at, then)[rep.id]

    def made_rates_then(
        self, reps: Sequence[Rep], at: datetime, then: datetime
    ) -> dict[str, float | None]:
        """The 4-week made rate each rep had at `then`, a few weeks before `at` (the streak's
        made_rate_4_weeks as of `then`), from the day counts read for `at`: the days before
        `then`'s are the same days (their mornings ended before either moment); only its own
        day is counted again, up to `then`."""
        histories = self._histories(reps, at)
        out: dict[str, float | None] = {}
        with self.book.store.transaction() as session:
            for (now_in, cutoff, lived), members in _by_mornings(reps).items():
                zone = zone_at(now_in, lived, then)  # `then` on the clock it was lived on
                day = local_day(then, zone)
                morning = morning_windows(zone, cutoff, then, then)
                ids = sorted(rep.id for rep in members)
                that_day = inputs.reps_before_cutoff_counts(
                    session, ids, morning[0][1], then, morning
                )
                for rep in members:
                    counts = histories[rep.id][1]
                    earlier = {past: n for past, n in counts.items() if past < day}
                    earlier.update(that_day.get(rep.id, {}))
                    out[rep.id] = made_rate(made_days_of(earlier), rep, day)
        return out

    def team(self, at: datetime) -> list[TeamRow]:
        """Per rep: today's count before lunch, made rate over 4 weeks, current streak."""
        out = []
        reps = self.book.reps()
        histories = self._histories(reps, at)
        for rep in reps:
            day, counts = histories[rep.id]
            made = made_days_of(counts)
            current = self._streak(rep, day, counts)
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


def _until(hold: Hold | None) -> date | None:
    return hold.until if hold is not None else None
