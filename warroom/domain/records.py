"""Plain frozen records that leave the store: what views, reports and the CLI work with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TypeVar

R = TypeVar("R")


@dataclass(frozen=True)
class Rep:
    id: str
    name: str
    email: str
    timezone: str
    lunch_cutoff: time
    workdays: tuple[int, ...]
    started_on: date | None = None  # the day the rep joined the book: rates start there
    # The zones the rep lived in before: (until, zone), oldest first, the days before `until`
    # (and after the one before) in `zone`. A rep who moves keeps the days they made.
    zones_before: tuple[tuple[date, str], ...] = ()


@dataclass(frozen=True)
class Touch:
    id: str
    whale_id: str
    rep_id: str | None
    stakeholder_id: str | None
    kind: str
    occurred_at: datetime
    note: str
    also_with: tuple[str, ...] = ()  # the other people met or written with it, by id


def others_with(stakeholder_id: str | None, people: Iterable[str | None]) -> tuple[str, ...]:
    """A touch's `also_with` from everyone it was with: each once, its own person left out."""
    return tuple(p for p in dict.fromkeys(people) if p and p != stakeholder_id)


@dataclass(frozen=True)
class Trigger:
    id: str
    whale_id: str
    kind: str
    occurred_at: datetime
    source_url: str
    note: str


@dataclass(frozen=True)
class PlannedTouch:
    """A touch the rep means to make on a day (a task): with whom, and (captured) its event,
    as the touch that does it is logged."""

    id: str
    whale_id: str
    rep_id: str | None
    kind: str
    due_on: date
    note: str
    stakeholder_id: str | None = None
    also_with: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Deal:
    id: str
    whale_id: str
    size: int
    currency: str
    solution: str
    exact_deal: str
    stage: str
    opened_on: date | None
    closed_on: date | None
    outcome: str | None
    close_on: date | None = None  # expected


@dataclass(frozen=True)
class WhaleChoice:
    """A whale to pick from a list: cheap to load for every whale of a big book."""

    id: str
    name: str
    owner_id: str | None


@dataclass(frozen=True)
class WhaleSummary:
    """One row of the whales list: the whale, its open (or latest) deal and its touch counts."""

    id: str
    name: str
    web_domain: str
    owner_id: str | None
    owner: str
    deal_size: int
    currency: str
    stage: str
    solution: str
    top_ten: bool
    touch_count: int
    last_touch_at: datetime | None
    last_meaningful_at: datetime | None
    heat: float = 0.0
    days_to_sink: float = 0.0
    weighted_value: float = 0.0
    last_flare_at: datetime | None = None
    sank_days_ago: float | None = None  # under the watermark since then (see decay.sank_days_ago)
    stakeholders: str = ""  # names, for filtering
    next_step_due: date | None = None
    win_chance: float | None = None  # of the open deal; None without one or enough history
    held_on: date | None = None  # put on hold that day (File ▸ Hold), until held_until
    held_until: date | None = None

    def held_until_after(self, day: date) -> date | None:
        """The day its hold ends, when it is on hold on `day` (a hold ends at its morning)."""
        if self.held_on is None or self.held_until is None:
            return None
        return self.held_until if self.held_on <= day < self.held_until else None

    @property
    def deal_closed(self) -> bool:
        """Its deal (the one shown: the open one, else the latest) has closed: not hunted."""
        return self.stage == "closed"

    @property
    def sinking(self) -> bool:
        """Under the watermark: its days to sink are spent (a closed deal sinks no more)."""
        return not self.deal_closed and self.days_to_sink <= 0.0

    def sinks_within(self, days: float) -> bool:
        """Above the watermark now and under it within `days`: an open deal's, to save."""
        return not self.deal_closed and 0.0 < self.days_to_sink <= days


def amended(record: R, **fields: object) -> R:
    """`dataclasses.replace` for a list's thousands of rows: a frozen dataclass's __init__
    sets each field through object.__setattr__, and giving a sales floor's 30,000 whales
    their heat and win chance that way took a second. For frozen dataclasses with neither
    slots nor __post_init__ (WhaleSummary); a field the record lacks is refused, as
    `replace` refuses it."""
    unknown = fields.keys() - vars(record).keys()
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)[0]!r}")
    copy: R = object.__new__(type(record))
    vars(copy).update(vars(record), **fields)
    return copy


@dataclass(frozen=True)
class TeamSettings:
    """Settings shared by the team: name, default currency and the rep's lunch cut-off."""

    team_name: str
    currency: str
    lunch_cutoff: time
