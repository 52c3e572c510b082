"""The rep's journey: where each rep stands on the adoption curve, and the pillars of practice.

Phases (seed 000: most social sellers quit in the valley of despair). The first rule that holds
gives the phase:

5 success: a deal won in the last 26 weeks, and the daily five made on at least 60% of
  workdays in the last 4 weeks.
1 uninformed optimism: active for 6 weeks or less (counting from the first touch).
4 informed optimism: 2 or more meetings (meeting, coffee, on-site) in the last 8 weeks and the
  daily five made on at least 50% of workdays in the last 4 weeks: the practice brings
  conversations.
3 valley of despair: past 6 weeks with no meeting in the last 8 weeks, or with a made rate that
  fell by 20 points or more against the 4 weeks before: effort without reward yet.
2 informed pessimism: everyone else: the work is known to be hard, and some of it pays.

A rep in phase 2 or 3 whose activity is falling (fewer touches in the last 2 weeks than half of
the 2 weeks before, or a made rate down by 15 points or more) is flagged at risk of quitting.

Pillars (1 x 1 x 1 x 0 = 0: a practice missing one piece yields nothing), each 0 or 1:
- whales defined: at least 10 whales with a deal size, a solution and a stakeholder;
- daily ritual: the daily five made on at least 60% of workdays over 4 weeks;
- follow-through: under 30% of ended cadences given up after one or two tries (and at least
  one cadence run);
- engagement: a meaningful touch on each of the rep's top-ten whales within one half-life;
- learning: every deal closed this quarter has its review.
The practice score is their product.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.domain.records import Touch
from warroom.domain.words import plural

PHASE_NAMES = {
    1: "uninformed optimism",
    2: "informed pessimism",
    3: "valley of despair",
    4: "informed optimism",
    5: "success",
}
NEW_WEEKS = 6
SUCCESS_MADE_RATE = 0.6
OPTIMISM_MEETINGS = 2
OPTIMISM_MADE_RATE = 0.5
VALLEY_DROP = 0.2
RISK_DROP = 0.15
WHALES_DEFINED = 10
RITUAL_RATE = 0.6
GIVE_UP_LIMIT = 0.3


MEETING_KINDS = frozenset({"meeting", "coffee", "onsite"})


@dataclass(frozen=True)
class RepActivity:
    """One rep's touches as the phase rules count them, as of one moment: when the first was,
    meetings in the last 8 weeks, touches in the last 2 and in the 2 before."""

    first_touch_at: datetime | None = None
    meetings_8w: int = 0
    touches_2w: int = 0
    touches_prev_2w: int = 0


def rep_activity(touches: Iterable[Touch], rep_id: str, at: datetime) -> RepActivity:
    """The rule itself, over touch records; the store counts the same in SQL for a big book
    (store.queries.rep_activity), and a test holds the two equal."""
    mine = [t for t in touches if t.rep_id == rep_id and t.occurred_at <= at]
    return RepActivity(
        min((t.occurred_at for t in mine), default=None),
        sum(1 for t in mine if t.kind in MEETING_KINDS and t.occurred_at >= at - _WEEKS_8),
        sum(1 for t in mine if t.occurred_at >= at - _WEEKS_2),
        sum(1 for t in mine if at - _WEEKS_4 <= t.occurred_at < at - _WEEKS_2),
    )


_WEEKS_2, _WEEKS_4, _WEEKS_8 = timedelta(weeks=2), timedelta(weeks=4), timedelta(weeks=8)


@dataclass(frozen=True)
class RepHistory:
    """What the rules read about one rep, all as of one moment."""

    weeks_active: float
    made_rate_4w: float
    made_rate_prev_4w: float
    meetings_8w: int
    wins_26w: int
    touches_2w: int
    touches_prev_2w: int


@dataclass(frozen=True)
class Phase:
    number: int
    reason: str
    at_risk: bool

    @property
    def name(self) -> str:
        return PHASE_NAMES[self.number]

    def describe(self) -> str:
        risk = " At risk of quitting: activity is falling." if self.at_risk else ""
        return f"phase {self.number} ({self.name}): {self.reason}.{risk}"


def phase(history: RepHistory) -> Phase:
    """The rep's phase by the rules in this module's docstring."""
    h = history
    dropped = h.made_rate_prev_4w - h.made_rate_4w
    if h.wins_26w >= 1 and h.made_rate_4w >= SUCCESS_MADE_RATE:
        return Phase(
            5,
            f"{plural(h.wins_26w, 'win')} in 26 weeks and made {h.made_rate_4w:.0%} of days",
            False,
        )
    if h.weeks_active <= NEW_WEEKS:
        return Phase(1, f"{h.weeks_active:.0f} weeks in; keep the daily five going", False)
    if h.meetings_8w >= OPTIMISM_MEETINGS and h.made_rate_4w >= OPTIMISM_MADE_RATE:
        return Phase(
            4, f"{h.meetings_8w} meetings in 8 weeks; the practice brings conversations", False
        )
    falling = (h.touches_2w < h.touches_prev_2w / 2) or dropped >= RISK_DROP
    if h.meetings_8w == 0 or dropped >= VALLEY_DROP:
        why = (
            f"{h.weeks_active:.0f} weeks of activity, no meeting in 8 weeks yet; keep going"
            if h.meetings_8w == 0
            else f"made rate fell from {h.made_rate_prev_4w:.0%} to {h.made_rate_4w:.0%}"
        )
        return Phase(3, why, falling)
    return Phase(
        2,
        f"{plural(h.meetings_8w, 'meeting')} in 8 weeks, made {h.made_rate_4w:.0%} of days",
        falling,
    )


PILLAR_NAMES = ("whales defined", "daily ritual", "follow-through", "engagement", "learning")
# What the practice's figure means, said wherever it is shown (team view, war room, PDF).
PRACTICE_LEGEND = (
    f"Pillars, in order: {' · '.join(PILLAR_NAMES)}. The practice is their product: "
    "one hole makes it zero, 1 × 1 × 1 × 1 × 0 = 0."
)


@dataclass(frozen=True)
class PracticeInputs:
    whales_defined: int
    made_rate_4w: float
    cadences_ended: int
    cadences_given_up: int
    top_ten_owned: int
    top_ten_engaged: int  # with a meaningful touch within one half-life
    closed_this_quarter: int
    reviewed_this_quarter: int


@dataclass(frozen=True)
class Pillar:
    name: str
    held: bool
    measure: str


@dataclass(frozen=True)
class Practice:
    pillars: tuple[Pillar, ...]

    @property
    def score(self) -> int:
        out = 1
        for pillar in self.pillars:
            out *= 1 if pillar.held else 0
        return out

    @property
    def missing(self) -> list[str]:
        return [p.name for p in self.pillars if not p.held]


def practice(p: PracticeInputs) -> Practice:
    given_up = p.cadences_given_up / p.cadences_ended if p.cadences_ended else 0.0
    return Practice(
        (
            Pillar(
                "whales defined",
                p.whales_defined >= WHALES_DEFINED,
                f"{p.whales_defined} whales with deal, solution and stakeholders "
                f"(need {WHALES_DEFINED})",
            ),
            Pillar(
                "daily ritual",
                p.made_rate_4w >= RITUAL_RATE,
                f"made {p.made_rate_4w:.0%} of workdays in 4 weeks (need {RITUAL_RATE:.0%})",
            ),
            Pillar(
                "follow-through",
                p.cadences_ended > 0 and given_up < GIVE_UP_LIMIT,
                f"{given_up:.0%} of {p.cadences_ended} ended cadences given up after 1-2 tries "
                f"(need under {GIVE_UP_LIMIT:.0%})"
                if p.cadences_ended
                else "no cadence run to its end yet",
            ),
            Pillar(
                "engagement",
                p.top_ten_owned > 0 and p.top_ten_engaged == p.top_ten_owned,
                f"{p.top_ten_engaged} of {p.top_ten_owned} top-ten whales met within a half-life"
                if p.top_ten_owned
                else "none of the top ten is yours",
            ),
            Pillar(
                "learning",
                p.reviewed_this_quarter >= p.closed_this_quarter,
                f"{p.reviewed_this_quarter} of {p.closed_this_quarter} deals closed this quarter "
                "reviewed",
            ),
        )
    )
