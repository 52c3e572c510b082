"""The decay model of DESIGN.md, exactly: heat flares at an event and halves every half-life.

At an event of strength s: H = H + s * (1 - H).
Between events: H(t) = H(t_k) * 2 ** (-(t - t_k) / h).
Because decay multiplies every earlier addition alike, heat now is the sum of what each event
added, each decayed since: that sum is the explanation, and it adds up to the heat exactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from warroom.domain.kinds import DecayParams, is_meaningful
from warroom.domain.records import Touch, Trigger

DAY = 86_400.0


@dataclass(frozen=True)
class HeatEvent:
    """Something that flared a whale: a meaningful touch or a trigger."""

    at: datetime
    strength: float
    source: str  # "touch" or "trigger"
    kind: str
    ref_id: str
    note: str = ""


@dataclass(frozen=True)
class Contribution:
    event: HeatEvent
    added: float  # heat the event added when it happened
    now: float  # what is left of it at the time asked about
    days_ago: float


@dataclass(frozen=True)
class Explanation:
    heat: float
    contributions: tuple[Contribution, ...]


def heat_events(
    touches: Iterable[Touch], triggers: Iterable[Trigger], params: DecayParams
) -> list[HeatEvent]:
    """The heat-raising events among a whale's touches and triggers, in time order."""
    events = [
        HeatEvent(t.occurred_at, params.touch_strength(t.kind), "touch", t.kind, t.id, t.note)
        for t in touches
        if is_meaningful(t.kind)
    ]
    events += [
        HeatEvent(t.occurred_at, params.trigger_strength(t.kind), "trigger", t.kind, t.id, t.note)
        for t in triggers
    ]
    events.sort(key=lambda e: (e.at, e.ref_id))
    return events


UNIX_EPOCH_JULIAN_DAY = 2_440_587.5


def julian_day(at: datetime) -> float:
    """The time as a Julian day, the scale SQLite's julianday() reads stored times on."""
    return at.timestamp() / DAY + UNIX_EPOCH_JULIAN_DAY


def from_julian_day(day: float) -> datetime:
    return datetime.fromtimestamp((day - UNIX_EPOCH_JULIAN_DAY) * DAY, UTC)


def decay_factor(days: float, half_life_days: float) -> float:
    return float(2.0 ** (-days / half_life_days))


def _days(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / DAY


def explain(events: Sequence[HeatEvent], at: datetime, half_life_days: float) -> Explanation:
    """Heat at `at` from the events up to then, with what each event added and still adds."""
    heat, last = 0.0, None
    added: list[tuple[HeatEvent, float]] = []
    for event in events:
        if event.at > at:
            break
        if last is not None:
            heat *= decay_factor(_days(event.at, last), half_life_days)
        boost = event.strength * (1.0 - heat)
        heat += boost
        last = event.at
        added.append((event, boost))
    if last is not None:
        heat *= decay_factor(_days(at, last), half_life_days)
    contributions = tuple(
        Contribution(
            event,
            boost,
            boost * decay_factor(_days(at, event.at), half_life_days),
            _days(at, event.at),
        )
        for event, boost in added
    )
    return Explanation(heat, contributions)


def heat_at(events: Sequence[HeatEvent], at: datetime, half_life_days: float) -> float:
    return explain(events, at, half_life_days).heat


def days_to_sink(heat: float, half_life_days: float, watermark: float) -> float:
    """Days until heat falls under the watermark with no new event; 0 when already under."""
    if heat < watermark or heat <= 0.0:
        return 0.0
    return half_life_days * math.log2(heat / watermark)


def sank_days_ago(
    heat: float, half_life_days: float, watermark: float, days_since_flare: float | None
) -> float | None:
    """Days since heat fell under the watermark, when it was above it after its last flare;
    None when it is above now, or never rose above it (or never had heat)."""
    if heat <= 0.0 or heat >= watermark or days_since_flare is None:
        return None
    days = half_life_days * math.log2(watermark / heat)
    return days if days <= days_since_flare else None


def sinks_at(at: datetime, heat: float, params: DecayParams) -> datetime | None:
    """When the whale sinks under the watermark; None when it is already under."""
    if heat < params.watermark or heat <= 0.0:
        return None
    return at + timedelta(days=days_to_sink(heat, params.half_life_days, params.watermark))


def weighted_value(deal_size: float, heat: float) -> float:
    return deal_size * heat


def curve(
    events: Sequence[HeatEvent],
    start: datetime,
    end: datetime,
    half_life_days: float,
    points_per_day: int = 4,
) -> list[tuple[datetime, float]]:
    """Heat from `start` to `end`, sampled evenly plus just before and at every event.

    The samples on both sides of each event draw the flare as the jump it is.
    """
    span = max(_days(end, start), 0.0)
    count = max(int(span * points_per_day), 1)
    times = {start + timedelta(days=span * i / count) for i in range(count + 1)}
    for event in events:
        if start <= event.at <= end:
            times.add(event.at)
            times.add(event.at - timedelta(microseconds=1))
    return [(t, heat_at(events, t, half_life_days)) for t in sorted(times)]


# --- the learned half-life ----------------------------------------------------------------

MIN_CLOSED_DEALS = 8
HALF_LIFE_BOUNDS = (7.0, 365.0)


@dataclass(frozen=True)
class DealDecay:
    """One deal for the fit: its outcome (None while open), its last flare and its end."""

    outcome: str | None
    last_heat_at: datetime | None
    ended_at: datetime  # the close, or now for an open deal


@dataclass(frozen=True)
class HalfLife:
    """The half-life in force and why."""

    days: float
    learned: bool
    closed_deals: int
    decayed_deals: int
    reason: str


def learn_half_life(deals: Sequence[DealDecay], default_days: float) -> HalfLife:
    """The censored exponential fit of DESIGN.md, or the default below MIN_CLOSED_DEALS.

    A deal lost or left undecided decayed from its last flare to its close (an observation);
    a won or open deal had not decayed yet (censored). The rate is observations over total
    time at risk; the half-life is ln 2 over the rate, clamped.
    """
    closed = sum(1 for d in deals if d.outcome is not None)
    durations = [
        (d, _days(d.ended_at, d.last_heat_at))
        for d in deals
        if d.last_heat_at is not None and d.ended_at >= d.last_heat_at
    ]
    decayed = sum(1 for d, _ in durations if d.outcome in ("lost", "no_decision"))
    return fit_half_life(closed, decayed, sum(days for _, days in durations), default_days)


def fit_half_life(closed: int, decayed: int, at_risk_days: float, default_days: float) -> HalfLife:
    """The fit from its sums: deals closed, deals that decayed, and total days at risk."""
    if closed < MIN_CLOSED_DEALS:
        return HalfLife(
            default_days,
            False,
            closed,
            0,
            f"default: {closed} closed deals, {MIN_CLOSED_DEALS} needed to learn",
        )
    low, high = HALF_LIFE_BOUNDS
    if decayed == 0 or at_risk_days <= 0:
        days = high
    else:
        days = min(max(math.log(2) * at_risk_days / decayed, low), high)
    return HalfLife(
        days,
        True,
        closed,
        decayed,
        f"learned from {closed} closed deals ({decayed} lost or undecided)",
    )
