"""Five whales before lunch: the list for a rep and a day, made days and the streak.

The list, in this order (DESIGN.md), each whale once, at least five rows when five exist:
1. cadence steps (and planned touches) due or overdue;
2. triggers of the last 7 days not yet answered by a touch on that whale;
3. whales above the watermark that sink within 7 days, biggest deal first;
4. the rest by deal size x (1 - heat), never-touched first among equals, to fill up to five.
A rep may swap a row for another whale (with a reason); the list stays at five or more.

A row is done when that rep logged any touch on that whale that (local) day. A day is made when
five distinct whales were touched by the rep before the lunch cut-off, in the rep's own zone.
The streak counts consecutive made workdays; today only counts once made, and an unmade today
does not break it until the day is over.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from warroom.domain.kinds import TRIGGER_LABELS
from warroom.domain.records import Rep, WhaleSummary

DAILY_FIVE = 5
FRESH_TRIGGER_DAYS = 7
SINKS_SOON_DAYS = 7.0


@dataclass(frozen=True)
class DueStep:
    """A cadence step or planned touch for a whale, due on a day."""

    whale_id: str
    due_on: date
    label: str  # "step 3 of Whale opener" or "planned on-site"
    channel: str
    ref_id: str


@dataclass(frozen=True)
class FreshTrigger:
    whale_id: str
    kind: str
    occurred_at: datetime
    note: str


@dataclass(frozen=True)
class Swap:
    removed_whale_id: str
    added_whale_id: str
    reason: str


@dataclass(frozen=True)
class TodayRow:
    whale: WhaleSummary
    rule: int  # 1..4 as above, 5 for a whale swapped in
    reason: str
    suggested_kind: str
    done: bool


def local_day(at: datetime, zone: str) -> date:
    return at.astimezone(ZoneInfo(zone)).date()


def _ago(then: datetime, at: datetime) -> str:
    days = (at - then).days
    return "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"


def _due_reason(step: DueStep, day: date) -> str:
    if step.due_on >= day:
        return f"{step.label} due"
    late = (day - step.due_on).days
    return f"{step.label} overdue by {late} day{'s' if late > 1 else ''}"


def _trigger_reason(trigger: FreshTrigger, at: datetime) -> str:
    what = trigger.note.split(";")[0].strip() or TRIGGER_LABELS.get(trigger.kind, trigger.kind)
    if len(what) > 60:
        what = what[:57] + "…"
    return f"{what} ({_ago(trigger.occurred_at, at)})"


def today_list(
    rep: Rep,
    at: datetime,
    whales: Sequence[WhaleSummary],
    due: Sequence[DueStep],
    triggers: Sequence[FreshTrigger],
    touched_today: Iterable[str],
    swaps: Sequence[Swap] = (),
) -> list[TodayRow]:
    """The rep's list for the local day of `at` (see the module docstring for the rules)."""
    day = local_day(at, rep.timezone)
    mine = {w.id: w for w in whales if w.owner_id == rep.id}
    removed = {s.removed_whale_id for s in swaps}
    done = set(touched_today)
    rows: list[TodayRow] = []
    placed: set[str] = set()

    def place(whale: WhaleSummary, rule: int, reason: str, kind: str) -> None:
        if whale.id not in placed and whale.id not in removed:
            placed.add(whale.id)
            rows.append(TodayRow(whale, rule, reason, kind, whale.id in done))

    for step in sorted(due, key=lambda s: (s.due_on, s.label)):
        if step.due_on <= day and step.whale_id in mine:
            place(mine[step.whale_id], 1, _due_reason(step, day), step.channel)
    since = at - timedelta(days=FRESH_TRIGGER_DAYS)
    for trigger in sorted(triggers, key=lambda t: t.occurred_at, reverse=True):
        if since <= trigger.occurred_at <= at and trigger.whale_id in mine:
            place(mine[trigger.whale_id], 2, _trigger_reason(trigger, at), "email_sent")
    sinking = [w for w in mine.values() if not w.sinking and w.days_to_sink <= SINKS_SOON_DAYS]
    for whale in sorted(sinking, key=lambda w: (-w.deal_size, w.name)):
        days = whale.days_to_sink
        place(
            whale,
            3,
            "sinks today"
            if days < 1
            else f"sinks in {days:.0f} day" + ("s" if round(days) != 1 else ""),
            "call_attempt",
        )
    rest = sorted(
        (w for w in mine.values() if w.id not in placed and w.id not in removed),
        key=lambda w: (-w.deal_size * (1 - w.heat), w.touch_count > 0, w.name),
    )
    for whale in rest:
        if len(rows) >= DAILY_FIVE:
            break
        if whale.touch_count == 0:
            reason = "never touched"
        else:
            state = "sunk" if whale.sinking else "keep warm"
            reason = f"{state}: {whale.deal_size:,.0f} {whale.currency} at heat {whale.heat:.2f}"
        place(whale, 4, reason, "research" if whale.touch_count == 0 else "call_attempt")
    everyone = {w.id: w for w in whales}
    for swap in swaps:
        added = everyone.get(swap.added_whale_id)
        if added is not None:
            place(added, 5, f"swapped in: {swap.reason}", "call_attempt")
    return rows


# --- made days and the streak -------------------------------------------------------------


def whales_before_cutoff(touches: Iterable[tuple[str, datetime]], rep: Rep) -> dict[date, set[str]]:
    """Per local day, the distinct whales the rep touched before their lunch cut-off."""
    zone = ZoneInfo(rep.timezone)
    out: dict[date, set[str]] = defaultdict(set)
    for whale_id, when in touches:
        local = when.astimezone(zone)
        if local.time() < rep.lunch_cutoff:
            out[local.date()].add(whale_id)
    return out


def made_days(touches: Iterable[tuple[str, datetime]], rep: Rep) -> set[date]:
    """The local days on which five distinct whales were touched before the cut-off."""
    return {
        day
        for day, whales in whales_before_cutoff(touches, rep).items()
        if len(whales) >= DAILY_FIVE
    }


def workdays_back(rep: Rep, last: date, count: int) -> list[date]:
    """The `count` workdays up to and including `last` (if it is one), newest first."""
    out: list[date] = []
    day = last
    while len(out) < count:
        if day.isoweekday() in rep.workdays:
            out.append(day)
        day -= timedelta(days=1)
    return out


@dataclass(frozen=True)
class Streak:
    current: int
    best: int
    made_today: bool
    today_count: int  # distinct whales before the cut-off so far today


def streak(made: set[date], rep: Rep, today: date, today_count: int) -> Streak:
    made_today = today in made
    day = today if made_today else today - timedelta(days=1)
    current = 0
    while True:
        if day.isoweekday() in rep.workdays:
            if day not in made:
                break
            current += 1
        day -= timedelta(days=1)
    best = run = 0
    if made:
        day, end = min(made), today
        while day <= end:
            if day.isoweekday() in rep.workdays:
                run = run + 1 if day in made else 0
                best = max(best, run)
            day += timedelta(days=1)
    return Streak(current, max(best, current), made_today, today_count)


def calendar(made: set[date], rep: Rep, today: date, weeks: int = 26) -> list[tuple[date, bool]]:
    """Each workday of the last `weeks` weeks up to today, oldest first, made or not."""
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    out: list[tuple[date, bool]] = []
    day = start
    while day <= today:
        if day.isoweekday() in rep.workdays:
            out.append((day, day in made))
        day += timedelta(days=1)
    return out


def made_rate(made: set[date], rep: Rep, today: date, weeks: int = 4) -> float:
    """Share of the last `weeks` weeks' workdays that were made (today counted once made)."""
    last = today if today in made else today - timedelta(days=1)
    days = workdays_back(rep, last, weeks * len(rep.workdays))
    return sum(1 for d in days if d in made) / len(days)


def reminder_due(
    now: datetime, rep: Rep, remind_at: time, today_count: int, last_reminded: date | None
) -> bool:
    """Remind once a workday, at or after `remind_at` local and before the cut-off, when fewer
    than five whales are done."""
    local = now.astimezone(ZoneInfo(rep.timezone))
    return (
        local.isoweekday() in rep.workdays
        and remind_at <= local.time() < rep.lunch_cutoff
        and today_count < DAILY_FIVE
        and last_reminded != local.date()
    )


def cutoff_at(rep: Rep, day: date) -> datetime:
    """The lunch cut-off of a local day as an aware time (DST-safe through zoneinfo)."""
    return datetime.combine(day, rep.lunch_cutoff, ZoneInfo(rep.timezone))


def progress_text(before_lunch: int, cutoff: datetime, at: datetime) -> str:
    """'3 of 5 before lunch · 1 h 25 min left', or how the day ended."""
    left = max(cutoff - at, timedelta(0))
    if before_lunch >= DAILY_FIVE:
        return f"{before_lunch} of {DAILY_FIVE} before lunch: today is made"
    if left <= timedelta(0):
        return f"{before_lunch} of {DAILY_FIVE} before lunch: lunch has passed, today was not made"
    hours, minutes = divmod(int(left.total_seconds() // 60), 60)
    span = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    return f"{before_lunch} of {DAILY_FIVE} before lunch · {span} left"


def before_lunch(rep: Rep, at: datetime) -> bool:
    """True on a workday before the rep's cut-off, in their zone."""
    local = at.astimezone(ZoneInfo(rep.timezone))
    return local.isoweekday() in rep.workdays and local.time() < rep.lunch_cutoff
