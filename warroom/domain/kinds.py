"""The kind tables: touch and trigger kinds, their default strengths, and the decay defaults.

Kinds are stable identifiers used in the database, the command line and JSON; every other
module reads strengths and thresholds from here, never from literals of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Meaningful touches: an engagement; the strength is how much heat it adds.
MEANINGFUL_TOUCH_STRENGTHS: Mapping[str, float] = MappingProxyType(
    {
        "onsite": 0.60,
        "meeting": 0.45,
        "coffee": 0.45,
        "referral_intro": 0.35,
        "call_connected": 0.30,
        "inmail_reply": 0.25,
        "email_reply": 0.20,
        "connect_accepted": 0.10,
        "comment_exchanged": 0.05,
    }
)

# Outbound touches: an attempt; counts for the daily five and cadences, adds no heat.
OUTBOUND_TOUCH_KINDS: tuple[str, ...] = (
    "call_attempt",
    "email_sent",
    "inmail_sent",
    "connect_sent",
    "video_sent",
    "research",
)

TOUCH_KINDS: tuple[str, ...] = (*MEANINGFUL_TOUCH_STRENGTHS, *OUTBOUND_TOUCH_KINDS)

TRIGGER_STRENGTHS: Mapping[str, float] = MappingProxyType(
    {
        "expressed_interest": 0.50,
        "champion_moved_in": 0.35,
        "leadership_change": 0.30,
        "competitor_stumble": 0.30,
        "regulation": 0.25,
        "scandal": 0.25,
        "m_and_a": 0.25,
        "funding_earnings": 0.20,
        "other": 0.10,
    }
)

TRIGGER_KINDS: tuple[str, ...] = tuple(TRIGGER_STRENGTHS)

TOUCH_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "onsite": "On-site visit",
        "meeting": "Meeting (video or in person)",
        "coffee": "Coffee",
        "referral_intro": "Referral intro",
        "call_connected": "Call, connected",
        "inmail_reply": "InMail reply",
        "email_reply": "Email reply",
        "connect_accepted": "Connect accepted",
        "comment_exchanged": "Comment exchanged",
        "call_attempt": "Call attempt",
        "email_sent": "Email sent",
        "inmail_sent": "InMail sent",
        "connect_sent": "Connect request sent",
        "video_sent": "Video sent",
        "research": "Research",
    }
)

# The letter that picks each kind when logging a touch: the common ones by their initial (c a
# call attempt, e an email, m a meeting, o an on-site), the rest by a letter of their name.
TOUCH_KEYS: tuple[tuple[str, str], ...] = (
    ("c", "call_attempt"),
    ("e", "email_sent"),
    ("m", "meeting"),
    ("o", "onsite"),
    ("a", "call_connected"),
    ("y", "email_reply"),
    ("i", "inmail_sent"),
    ("n", "inmail_reply"),
    ("k", "connect_sent"),
    ("t", "connect_accepted"),
    ("x", "comment_exchanged"),
    ("v", "video_sent"),
    ("s", "research"),
    ("f", "coffee"),
    ("r", "referral_intro"),
)

TRIGGER_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "expressed_interest": "Expressed interest",
        "champion_moved_in": "Champion moved in",
        "leadership_change": "Leadership change",
        "competitor_stumble": "Competitor stumble",
        "regulation": "Regulation",
        "scandal": "Scandal",
        "m_and_a": "M&A",
        "funding_earnings": "Funding or earnings",
        "other": "Other",
    }
)

OUTCOMES: tuple[str, ...] = ("won", "lost", "no_decision")
STAGES: tuple[str, ...] = (
    "identified",
    "researching",
    "engaged",
    "discovery",
    "proposal",
    "negotiation",
    "closed",
)
STAKEHOLDER_ROLES: tuple[str, ...] = (
    "economic_buyer",
    "champion",
    "influencer",
    "user",
    "blocker",
)
REVIEW_REASONS: tuple[str, ...] = (
    "product",
    "price",
    "story_and_insight",
    "relationship",
    "timing_or_do_nothing",
    "competitor",
)

DEFAULT_HALF_LIFE_DAYS = 30.0
DEFAULT_WATERMARK = 0.5


def is_meaningful(touch_kind: str) -> bool:
    """True when the touch kind is an engagement that adds heat."""
    return touch_kind in MEANINGFUL_TOUCH_STRENGTHS


@dataclass(frozen=True)
class DecayParams:
    """Half-life, watermark and strengths in force; settings may override the defaults."""

    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    watermark: float = DEFAULT_WATERMARK
    touch_strengths: Mapping[str, float] = field(default_factory=lambda: MEANINGFUL_TOUCH_STRENGTHS)
    trigger_strengths: Mapping[str, float] = field(default_factory=lambda: TRIGGER_STRENGTHS)

    def touch_strength(self, kind: str) -> float:
        return self.touch_strengths.get(kind, 0.0)

    def trigger_strength(self, kind: str) -> float:
        return self.trigger_strengths.get(kind, 0.0)


# The reports, by the name `warroom report` takes, as a person picks one in the app.
REPORT_KINDS: dict[str, str] = {
    "weekly": "The weekly war room",
    "rep": "My week",
    "account": "Account plan of the selected whale",
    "meeting": "The last war-room session's record",
}
