"""The closet: open deals hiding in the pipeline, decaying (the seed: "how many opportunities
have hit the half life and are hiding, decaying in your pipeline? It's time to spring clean
out your customer relationship management closet").

A deal is in the closet when its whale has been under the watermark for more than
CLOSET_HALF_LIVES half-lives, or was not warmed (no meaningful touch, no trigger) for
NOT_WARMED_DAYS while the deal was open. Each one takes a choice: re-warm it (it leaves the
closet while the re-warm cadence runs), close it as no decision, or hold it with a reason
until a day (it leaves the closet and Today until then).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from warroom.domain.errors import BadInput
from warroom.domain.records import WhaleSummary
from warroom.domain.text import clean_name
from warroom.domain.words import plural

CLOSET_HALF_LIVES = 2.0
NOT_WARMED_DAYS = 90
LONGEST_HOLD_DAYS = 2 * 366  # a hold further out than two years is a typo, not a plan
HOLD_DEFAULT = timedelta(days=90)  # the hold a dialog offers first: one quarter


def hold_offered(day: date) -> date:
    """The day a hold dialog offers: a quarter on, moved to the Monday after a weekend (a
    whale coming back on a Saturday waits for Monday anyway)."""
    offered = day + HOLD_DEFAULT
    weekend = offered.isoweekday() > 5
    return offered + timedelta(days=8 - offered.isoweekday()) if weekend else offered


@dataclass(frozen=True)
class Hold:
    """A whale set aside on purpose: why, and the day it comes back."""

    whale_id: str
    held_on: date
    until: date
    reason: str

    def holds_on(self, day: date) -> bool:
        return self.held_on <= day < self.until


def in_force(hold: Hold | None, day: date) -> Hold | None:
    """The hold, when there is one and it holds on `day`."""
    return hold if hold is not None and hold.holds_on(day) else None


@dataclass(frozen=True)
class InCloset:
    whale: WhaleSummary
    why: str
    days_cold: float  # under the watermark, or not warmed, for this many days


def _days(later: datetime, earlier: datetime) -> float:
    return (later - earlier) / timedelta(days=1)


def days_under(whale: WhaleSummary, at: datetime) -> float | None:
    """How long the whale has been under the watermark: since it sank, when it was above
    after its last flare; else at least since that flare (a flare only raises heat, so it
    was under just before it too); None when it is above, or never flared."""
    if not whale.sinking or whale.heat <= 0.0:
        return None
    if whale.sank_days_ago is not None:
        return whale.sank_days_ago
    if whale.last_flare_at is None:
        return None
    return _days(at, whale.last_flare_at)


def closet_reason(
    whale: WhaleSummary, open_since: date | None, at: datetime, half_life_days: float
) -> InCloset | None:
    """Why this whale's open deal is in the closet (None when it is not, or has no open
    deal: `open_since` is the day the open deal was opened)."""
    if open_since is None:
        return None
    under = days_under(whale, at)
    if under is not None and under > CLOSET_HALF_LIVES * half_life_days:
        halves = under / half_life_days
        return InCloset(
            whale,
            f"under the watermark for {plural(round(under), 'day')} ({halves:.1f} half-lives)",
            under,
        )
    open_days = (at.date() - open_since).days
    if whale.last_flare_at is None:
        if open_days > NOT_WARMED_DAYS:
            return InCloset(whale, f"never warmed in {plural(open_days, 'day')} open", open_days)
        return None
    # Warmed before the deal opened counts as not warmed since.
    cold = min(_days(at, whale.last_flare_at), float(open_days))
    if cold > NOT_WARMED_DAYS:
        return InCloset(whale, f"not warmed in {plural(round(cold), 'day')}", cold)
    return None


def closet(
    whales: Iterable[WhaleSummary],
    open_since: Mapping[str, date],
    holds: Mapping[str, Hold],
    rewarming: Collection[str],
    at: datetime,
    day: date,
    half_life_days: float,
) -> list[InCloset]:
    """The open deals in the closet, neither on hold on `day` nor being re-warmed (a
    re-warm cadence running), biggest first (then the longest cold, then by name)."""
    found = []
    for whale in whales:
        if in_force(holds.get(whale.id), day) is not None or whale.id in rewarming:
            continue
        row = closet_reason(whale, open_since.get(whale.id), at, half_life_days)
        if row is not None:
            found.append(row)
    found.sort(key=lambda r: (-r.whale.deal_size, -r.days_cold, r.whale.name.lower()))
    return found


def held(holds: Iterable[Hold], day: date) -> list[Hold]:
    """The holds in force on `day`, the soonest back first."""
    return sorted((h for h in holds if h.holds_on(day)), key=lambda h: (h.until, h.whale_id))


def check_hold(whale_id: str, until: date, reason: str, day: date) -> Hold:
    """A hold from `day` until a later day, with a reason in one line."""
    if not reason.strip():
        raise BadInput("say why you hold this whale (one line is enough)")
    reason = clean_name(reason, "the reason")
    if until <= day:
        raise BadInput(f"hold until a day after today ({day.isoformat()}), not {until}")
    if (until - day).days > LONGEST_HOLD_DAYS:
        raise BadInput(f"hold for at most two years (until {until} is further)")
    return Hold(whale_id, day, until, reason)


def value_by_currency(rows: Sequence[InCloset]) -> dict[str, int]:
    """What the closet holds, per currency, the biggest first."""
    totals: dict[str, int] = {}
    for row in rows:
        currency = row.whale.currency or "?"
        totals[currency] = totals.get(currency, 0) + row.whale.deal_size
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))
