"""Pipeline truth: what moved in each whale's deals since a day (the lead's weekly question,
"which deals slipped or shrank since last week?").

From a deal's kept history of its expected close date, amount and stage: close dates pushed
out (how often, by how many days) or pulled in, deals whose close date has passed while
open (slipped), the amount up or down, the stage forward or back, deals opened or closed.
A deal pushed three times or more in its life is flagged: that is how "do nothing" looks
from the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from warroom.domain.errors import BadInput
from warroom.domain.kinds import STAGES
from warroom.domain.words import plural

PUSHES_FLAGGED = 3
# A close date is a plan: within a few years back (a late entry) and ten ahead.
CLOSE_BACK, CLOSE_AHEAD = 5 * 365, 10 * 365


def sessions_before(at: datetime, zone: tzinfo) -> datetime:
    """The moment before which a war-room session counts as 'the last session' a week's
    changes are counted from: the start of `at`'s day. A session held that day is this week's:
    the lead sends the weekly right after it, and it reports what moved since the one before
    (counting from the session just held, it said nothing had moved)."""
    return datetime.combine(at.astimezone(zone).date(), time(0), zone)


def check_close_date(day: date, today: date) -> date:
    """The expected close date, if it is one a plan could hold; BadInput naming it if not."""
    if not -CLOSE_BACK <= (day - today).days <= CLOSE_AHEAD:
        raise BadInput(
            f"close date {day.isoformat()} is out of range: a deal's expected close is within "
            "five years back and ten ahead"
        )
    return day


@dataclass(frozen=True)
class DealChange:
    deal_id: str
    rep_id: str | None
    changed_at: datetime
    field: str  # close_on, size or stage
    before: str  # as text: an ISO date, a whole number, a stage; empty when unset
    after: str


@dataclass(frozen=True)
class DealNow:
    id: str
    whale_id: str
    whale: str
    size: int
    stage: str
    close_on: date | None
    opened_on: date | None
    closed_on: date | None
    outcome: str | None


@dataclass(frozen=True)
class Moved:
    """What moved at one whale since the day asked about."""

    whale_id: str
    whale: str
    pushes: int
    pushed_days: int
    pulled_in: int
    pulled_days: int
    slipped: bool  # an open deal's expected close date has passed
    amount_change: int
    stage_from: str | None  # None when the stage did not move
    stage_to: str | None
    opened: int  # deals opened since
    closed: tuple[str, ...]  # outcomes of the deals closed since
    pushes_ever: int  # of its open deals, over their whole life

    @property
    def flagged(self) -> bool:
        return self.pushes_ever >= PUSHES_FLAGGED

    @property
    def stage_went(self) -> str:
        """'forward', 'back' or '' (no move, or to or from closed)."""
        if self.stage_from is None or self.stage_to is None:
            return ""
        order = {stage: number for number, stage in enumerate(STAGES)}
        start, end = order.get(self.stage_from), order.get(self.stage_to)
        if start is None or end is None or start == end:
            return ""
        return "forward" if end > start else "back"


def moved_words(moved: Moved) -> str:
    """'close date pushed 3 times by 90 days; amount down 100,000; stage proposal -> discovery
    (back)'; the flag last."""
    said = []
    if moved.pushes:
        days = plural(moved.pushed_days, "day")
        said.append(f"close date pushed {plural(moved.pushes, 'time')} by {days}")
    if moved.pulled_in:
        said.append(f"pulled in by {plural(moved.pulled_days, 'day')}")
    if moved.slipped:
        said.append("slipped: its close date has passed while open")
    if moved.amount_change:
        said.append(
            f"amount {'up' if moved.amount_change > 0 else 'down'} {abs(moved.amount_change):,}"
        )
    if moved.stage_to is not None:
        went = f" ({moved.stage_went})" if moved.stage_went else ""
        said.append(f"stage {moved.stage_from or '(none)'} -> {moved.stage_to}{went}")
    if moved.opened:
        said.append(f"{plural(moved.opened, 'new deal')}")
    # "a deal": with "1 new deal" before it, "closed lost" read as if the new one was lost.
    said += [f"a deal closed {outcome.replace('_', ' ')}" for outcome in moved.closed]
    if moved.flagged:
        said.append(f"FLAG: pushed {plural(moved.pushes_ever, 'time')} in all")
    return "; ".join(said)


def change_words(change: DealChange) -> str:
    """'close date 2027-01-31 -> 2027-03-31', 'amount 500,000 -> 400,000'."""
    what = {"close_on": "close date", "size": "amount", "stage": "stage"}[change.field]
    before, after = change.before or "(none)", change.after or "(none)"
    if change.field == "size":
        before, after = f"{int(change.before or 0):,}", f"{int(change.after or 0):,}"
    return f"{what} {before} -> {after}"


def days_moved(change: DealChange) -> int | None:
    """How many days a close-date change moved it (later is positive); None when it was set
    or cleared rather than moved."""
    if change.field != "close_on" or not change.before or not change.after:
        return None
    return (date.fromisoformat(change.after) - date.fromisoformat(change.before)).days


@dataclass
class _Tally:
    whale: str
    pushes: int = 0
    pushed_days: int = 0
    pulled_in: int = 0
    pulled_days: int = 0
    slipped: bool = False
    amount_change: int = 0
    stage_from: str | None = None
    stage_to: str | None = None
    opened: int = 0
    closed: tuple[str, ...] = ()
    pushes_ever: int = 0

    def add(self, deal: DealNow, history: list[DealChange], since: datetime, today: date) -> None:
        recent = [c for c in history if c.changed_at >= since]
        moves = [d for d in map(days_moved, recent) if d is not None]
        self.pushes += sum(1 for d in moves if d > 0)
        self.pushed_days += sum(d for d in moves if d > 0)
        self.pulled_in += sum(1 for d in moves if d < 0)
        self.pulled_days -= sum(d for d in moves if d < 0)
        # From what it was before the span to what it is: two laptops changing it at once
        # each start from the same amount, so their steps do not add up (4.71M to 5.2M by
        # three such edits read as "down 230,000").
        sizes = [c for c in recent if c.field == "size"]
        if sizes:
            self.amount_change += deal.size - int(sizes[0].before or 0)
        stages = [c for c in recent if c.field == "stage"]
        if stages:
            if self.stage_to is None:
                self.stage_from = stages[0].before or None
            self.stage_to = deal.stage if deal.closed_on is None else stages[-1].after
        is_open = deal.closed_on is None
        if is_open and deal.close_on is not None and deal.close_on < today:
            self.slipped = True
        if deal.opened_on is not None and deal.opened_on >= since.date():
            self.opened += 1
        if deal.closed_on is not None and deal.closed_on >= since.date() and deal.outcome:
            self.closed = (*self.closed, deal.outcome)
        if is_open:
            self.pushes_ever += sum(1 for d in map(days_moved, history) if d is not None and d > 0)

    @property
    def moved(self) -> bool:
        return bool(
            self.pushes
            or self.pulled_in
            or self.slipped
            or self.amount_change
            or self.stage_to is not None
            or self.opened
            or self.closed
        )


def moved_since(
    deals: Iterable[DealNow], changes: Iterable[DealChange], since: datetime, today: date
) -> list[Moved]:
    """One row per whale where something moved since `since` (or an open deal has slipped),
    the whales with the most pushed days first."""
    by_deal: dict[str, list[DealChange]] = {}
    for change in sorted(changes, key=lambda c: c.changed_at):
        by_deal.setdefault(change.deal_id, []).append(change)
    tallies: dict[str, _Tally] = {}
    for deal in deals:
        tally = tallies.setdefault(deal.whale_id, _Tally(deal.whale))
        tally.add(deal, by_deal.get(deal.id, []), since, today)
    found = [
        Moved(whale_id, **{k: v for k, v in vars(tally).items()})
        for whale_id, tally in tallies.items()
        if tally.moved
    ]
    return sorted(found, key=lambda m: (-m.pushed_days, -m.pushes, m.whale.lower()))
