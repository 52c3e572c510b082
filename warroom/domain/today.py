"""Five whales before lunch: the order of a rep's list, made days and the streak.

The list, in this order (DESIGN.md), each whale once, at least five rows when five exist:
1. cadence steps (and planned touches) due or overdue;
2. triggers of the last 7 days not yet answered by a touch on that whale;
3. whales above the watermark that sink within 7 days, biggest deal first;
4. the rest by deal size x (1 - heat), never-touched first among equals, to fill up to five.
The first list of a day is kept as the day's plan (day_plan.py), so its rows never move.

A day is made when five distinct whales were touched by the rep before the lunch cut-off, in
the rep's own zone. The streak counts consecutive made workdays; today only counts once made,
and an unmade today does not break it until the day is over.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from warroom.domain.kinds import TRIGGER_LABELS
from warroom.domain.records import Rep, WhaleSummary
from warroom.domain.words import days_ago, plural, sink_words

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
    ref_id: str  # the enrolment step's id, or the planned touch's


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
class Candidate:
    """A whale for the list now, by the rules above, with why and the touch to make."""

    whale: WhaleSummary
    rule: int  # 1..4 as above
    reason: str
    suggested_kind: str
    step_ref: str | None  # the due step or planned touch this row does


def local_day(at: datetime, zone: str) -> date:
    return at.astimezone(ZoneInfo(zone)).date()


def _due_reason(step: DueStep, day: date) -> str:
    if step.due_on >= day:
        return f"{step.label} due"
    return f"{step.label} overdue by {plural((day - step.due_on).days, 'day')}"


REASON_LENGTH = 60  # a trigger's note as Today's reason, in its column and on one line


def _trigger_reason(trigger: FreshTrigger, at: datetime, zone: ZoneInfo) -> str:
    what = trigger.note.split(";")[0].strip() or TRIGGER_LABELS.get(trigger.kind, trigger.kind)
    if len(what) > REASON_LENGTH:
        # A note too long ends where its first clause does, when that fits ("Anna Schmidt
        # (Procurement Lead at Nestle SA) is now here" and not "... is now here:…"), else
        # at a word, with an ellipsis.
        clause = what.split(": ")[0].rstrip(".")
        cut = what[: REASON_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:(") + "…"
        what = clause if len(clause) <= REASON_LENGTH and len(clause) > 20 else cut
    days = (at.astimezone(zone).date() - trigger.occurred_at.astimezone(zone).date()).days
    return f"{what} ({days_ago(days)})"


def _worth(whale: WhaleSummary, at: datetime, zone: ZoneInfo) -> str:
    """Why a whale fills the list by rule 4: its deal and where it stands."""
    if whale.touch_count == 0:
        return "never touched"
    deal = f"{whale.deal_size:,.0f} {whale.currency}" if whale.deal_size else "no deal size yet"
    state = sink_words(whale.heat, whale.days_to_sink, whale.sank_days_ago, at, zone)
    return f"{deal}, {state}"


def candidates(
    rep: Rep,
    at: datetime,
    whales: Sequence[WhaleSummary],
    due: Sequence[DueStep],
    triggers: Sequence[FreshTrigger],
) -> list[Candidate]:
    """The rep's list for the local day of `at`, in the rules' order (module docstring)."""
    zone = ZoneInfo(rep.timezone)
    day = local_day(at, rep.timezone)
    # A whale whose deal has closed is not hunted until a new deal opens there.
    mine = {w.id: w for w in whales if w.owner_id == rep.id and not w.deal_closed}
    rows: list[Candidate] = []
    placed: set[str] = set()

    def place(whale: WhaleSummary, rule: int, reason: str, kind: str, ref: str | None) -> None:
        if whale.id not in placed:
            placed.add(whale.id)
            rows.append(Candidate(whale, rule, reason, kind, ref))

    for step in sorted(due, key=lambda s: (s.due_on, s.label)):
        if step.due_on <= day and step.whale_id in mine:
            place(mine[step.whale_id], 1, _due_reason(step, day), step.channel, step.ref_id)
    since = at - timedelta(days=FRESH_TRIGGER_DAYS)
    for trigger in sorted(triggers, key=lambda t: t.occurred_at, reverse=True):
        if since <= trigger.occurred_at <= at and trigger.whale_id in mine:
            reason = _trigger_reason(trigger, at, zone)
            place(mine[trigger.whale_id], 2, reason, "email_sent", None)
    sinking = [w for w in mine.values() if w.sinks_within(SINKS_SOON_DAYS)]
    for whale in sorted(sinking, key=lambda w: (-w.deal_size, w.name)):
        reason = sink_words(whale.heat, whale.days_to_sink, whale.sank_days_ago, at, zone)
        place(whale, 3, reason, "call_attempt", None)
    rest = sorted(
        (w for w in mine.values() if w.id not in placed),
        key=lambda w: (-w.deal_size * (1 - w.heat), w.touch_count > 0, w.name),
    )
    for whale in rest:
        if len(rows) >= DAILY_FIVE:
            break
        kind = "research" if whale.touch_count == 0 else "call_attempt"
        place(whale, 4, _worth(whale, at, zone), kind, None)
    return rows


# --- made days and the streak -------------------------------------------------------------


Zones = tuple[tuple[date, str], ...]  # a rep's zones before (Rep.zones_before)


def zone_of_day(zone_name: str, before: Zones, day: date) -> str:
    """The zone the rep lived `day` in: an earlier one before their move, else `zone_name`."""
    for until, zone in before:
        if day < until:
            return zone
    return zone_name


def zone_at(zone_name: str, before: Zones, at: datetime) -> str:
    """The zone the rep lived the moment `at` in: the one whose own day of `at` it lived."""
    names = sorted({zone_name, *(zone for _, zone in before)})
    lived = (name for name in names if zone_of_day(zone_name, before, local_day(at, name)) == name)
    return next(lived, zone_name)


def moved_to(rep: Rep, zone_name: str, at: datetime) -> Rep:
    """The rep in `zone_name` from `at`'s day there on; their days before stay in the zone
    they lived them in (moving New York to Tokyo re-judged a year of mornings: 95% made became
    5%, the streak 0)."""
    if zone_name == rep.timezone:
        return rep
    until = local_day(at, zone_name)
    # Periods ended by `until` stay; the zone being left gets its own unless it began there
    # (a move straight back, or to a zone whose day is behind: nothing was lived in it).
    kept = [entry for entry in rep.zones_before if entry[0] <= until]
    if not kept or kept[-1][0] < until:
        kept.append((until, rep.timezone))
    return replace(rep, timezone=zone_name, zones_before=tuple(kept))


def whales_before_cutoff(touches: Iterable[tuple[str, datetime]], rep: Rep) -> dict[date, set[str]]:
    """Per local day, the distinct whales the rep touched before their lunch cut-off, each day
    in the zone the rep lived it in."""
    names = {rep.timezone, *(zone for _, zone in rep.zones_before)}
    zones = [(name, ZoneInfo(name)) for name in sorted(names)]
    out: dict[date, set[str]] = defaultdict(set)
    for whale_id, when in touches:
        for name, zone in zones:
            local = when.astimezone(zone)
            day = local.date()
            lived_here = zone_of_day(rep.timezone, rep.zones_before, day) == name
            if lived_here and local.time() < rep.lunch_cutoff:
                out[day].add(whale_id)
    return out


def morning_windows(
    zone_name: str, cutoff: time, since: datetime, until: datetime, before: Zones = ()
) -> list[tuple[date, datetime, datetime]]:
    """Each local day from `since` to `until`, with its morning in UTC: from local midnight
    to the cut-off (a touch in it counts for that day), in the zone the day was lived in. The
    zone's rules, DST included, are applied once per day here, so a store can count a day's
    whales with a range lookup."""
    zones = {name: ZoneInfo(name) for name in (zone_name, *(zone for _, zone in before))}
    day = min(since.astimezone(zone).date() for zone in zones.values())
    last = max(until.astimezone(zone).date() for zone in zones.values())
    out = []
    while day <= last:
        zone = zones[zone_of_day(zone_name, before, day)]
        # A day of the span on the clock it was lived on (with one zone: every day from
        # `since`'s to `until`'s; with several, their edges differ).
        if since.astimezone(zone).date() <= day <= until.astimezone(zone).date():
            start = datetime.combine(day, time(0), zone).astimezone(UTC)
            stop = datetime.combine(day, cutoff, zone).astimezone(UTC)
            out.append((day, start, stop))
        day += timedelta(days=1)
    return out


def made_days_of(counts: dict[date, int]) -> set[date]:
    """made_days, from the number of distinct whales before the cut-off per local day."""
    return {day for day, count in counts.items() if count >= DAILY_FIVE}


def made_days(touches: Iterable[tuple[str, datetime]], rep: Rep) -> set[date]:
    """The local days on which five distinct whales were touched before the cut-off."""
    by_day = whales_before_cutoff(touches, rep)
    return made_days_of({day: len(whales) for day, whales in by_day.items()})


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
    # Days as ordinals (day 1 was a Monday): a sales floor's team table walks a year of
    # days for each of hundreds of reps.
    made_days = {day.toordinal() for day in made}
    workday = [(n % 7) + 1 in rep.workdays for n in range(7)]  # by (ordinal - 1) % 7
    last = today.toordinal()
    made_today = last in made_days
    day = last if made_today else last - 1
    current = 0
    while True:
        if workday[(day - 1) % 7]:
            if day not in made_days:
                break
            current += 1
        day -= 1
    best = run = 0
    for day in range(min(made_days, default=last + 1), last + 1):
        if workday[(day - 1) % 7]:
            run = run + 1 if day in made_days else 0
            best = max(best, run)
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


def made_rate(made: set[date], rep: Rep, today: date, weeks: int = 4) -> float | None:
    """Share of the last `weeks` weeks' workdays that were made (today counted once made),
    over the rep's own days only; None before they have a whole workday behind them."""
    last = today if today in made else today - timedelta(days=1)
    days = workdays_back(rep, last, weeks * len(rep.workdays))
    if rep.started_on is not None:
        days = [day for day in days if day >= rep.started_on]
    if not days:
        return None
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


def progress_text(before_lunch: int, cutoff: datetime, at: datetime, workday: bool = True) -> str:
    """'3 of 5 before lunch · 1 h 25 min left', or how the day ended."""
    left = max(cutoff - at, timedelta(0))
    if not workday:
        return f"{before_lunch} before lunch: not one of your workdays, the streak waits"
    if before_lunch >= DAILY_FIVE:
        return f"{before_lunch} whales before lunch: today is made"
    if left <= timedelta(0):
        return f"{before_lunch} of {DAILY_FIVE} before lunch: lunch has passed, today was not made"
    hours, minutes = divmod(int(left.total_seconds() // 60), 60)
    span = f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
    return f"{before_lunch} of {DAILY_FIVE} before lunch · {span} left"


def before_lunch(rep: Rep, at: datetime) -> bool:
    """True on a workday before the rep's cut-off, in their zone."""
    local = at.astimezone(ZoneInfo(rep.timezone))
    return local.isoweekday() in rep.workdays and local.time() < rep.lunch_cutoff
