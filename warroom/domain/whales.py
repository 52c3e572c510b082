"""Whale definitions and stakeholders as values, and the rules for editing them: what a
definition must hold, the top-ten limit, and spotting a former signer who moved in."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from warroom.domain.errors import BadInput
from warroom.domain.kinds import STAGES, STAKEHOLDER_ROLES
from warroom.domain.text import clean_name, clean_text
from warroom.domain.values import check_currency

TOP_TEN_LIMIT = 10
_URL = re.compile(r"^https?://\S+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(r"^([a-z0-9-]+\.)+[a-z]{2,}$")


@dataclass(frozen=True)
class WhaleDefinition:
    """A whale written down in full: the exact deal, why now, what was tried, who competes."""

    name: str
    web_domain: str
    industry: str
    deal_size: int
    currency: str
    solution: str
    exact_deal: str
    stage: str
    why_now: str
    past_attempts: str
    past_proposals: str
    competitors: str
    notes: str
    listening: str
    top_ten: bool
    close_on: date | None = None  # the deal's expected close


@dataclass(frozen=True)
class Stakeholder:
    id: str
    whale_id: str
    name: str
    title: str
    role: str
    influence: int
    relationship: int
    email: str
    profile_url: str
    signed_before: bool
    moved_from: str
    reports_to_id: str | None = None
    left_on: date | None = None  # the day we learned they left the account
    now_at: str = ""  # where they went: a whale's name or another company


# A definition's fields as the form names them, where its words differ from the field's.
_FIELD_WORDS = {"web_domain": "website", "close_on": "expected close", "top_ten": "top ten"}


def changed_words(before: WhaleDefinition, after: WhaleDefinition) -> str:
    """What an edit of a definition changed, in words: 'deal size, stage' (for its undo)."""
    changed = [
        _FIELD_WORDS.get(name, name.replace("_", " "))
        for name in before.__dataclass_fields__
        if getattr(before, name) != getattr(after, name)
    ]
    return ", ".join(changed) or "nothing"


def check_definition(definition: WhaleDefinition) -> WhaleDefinition:
    """The definition, tidied; BadInput naming the field and what to write otherwise."""
    name = _field("name", clean_name, definition.name)
    domain = (
        definition.web_domain.strip()
        .lower()
        .removeprefix("https://")
        .removeprefix("http://")
        .removeprefix("www.")
        .rstrip("/")
    )
    if domain and not _DOMAIN.match(domain):
        raise BadInput(f"web domain: {definition.web_domain!r} is not a domain such as globex.com")
    if definition.deal_size < 0:
        raise BadInput("deal size: cannot be negative")
    if definition.stage not in STAGES:
        raise BadInput(f"stage: {definition.stage!r} is not one of {', '.join(STAGES)}")
    for field_name in (
        "why_now",
        "past_attempts",
        "past_proposals",
        "competitors",
        "notes",
        "listening",
        "exact_deal",
        "solution",
    ):
        _field(field_name.replace("_", " "), clean_text, getattr(definition, field_name))
    if definition.top_ten and not definition.exact_deal.strip():
        raise BadInput("exact deal: a top-ten whale needs the exact deal written down")
    try:
        currency = check_currency(definition.currency)
    except BadInput as exc:
        raise BadInput(f"currency: {exc}") from exc
    return replace(definition, name=name, web_domain=domain, currency=currency)


def check_top_ten(whale_id: str, top_ten_ids: Iterable[str]) -> None:
    """Refuse an eleventh must-close whale."""
    others = {i for i in top_ten_ids if i != whale_id}
    if len(others) >= TOP_TEN_LIMIT:
        raise BadInput(f"the top ten is full ({TOP_TEN_LIMIT} whales); take one off first")


def check_stakeholder(stakeholder: Stakeholder) -> Stakeholder:
    name = _field("name", clean_name, stakeholder.name)
    if stakeholder.role not in STAKEHOLDER_ROLES:
        raise BadInput(f"role: {stakeholder.role!r} is not one of {', '.join(STAKEHOLDER_ROLES)}")
    for label, value in (
        ("influence", stakeholder.influence),
        ("relationship", stakeholder.relationship),
    ):
        if not 1 <= value <= 5:
            raise BadInput(f"{label}: from 1 to 5, not {value}")
    email = stakeholder.email.strip()
    if email and not _EMAIL.match(email):
        raise BadInput(f"email: {email!r} is not an email address")
    url = stakeholder.profile_url.strip()
    if url and not _URL.match(url):
        raise BadInput(f"profile: {url!r} is not a web link (https://...)")
    return replace(
        stakeholder,
        name=name,
        email=email,
        profile_url=url,
        title=_field("title", clean_name, stakeholder.title) if stakeholder.title.strip() else "",
        moved_from=(
            _field("moved from", clean_name, stakeholder.moved_from)
            if stakeholder.moved_from.strip()
            else ""
        ),
    )


def _field(label: str, check: Callable[[str, str], str], value: str) -> str:
    """`check` (text.py's rules, the same for every way in), the field named first."""
    try:
        return check(value, f"the {label}")
    except BadInput as exc:
        raise BadInput(f"{label}: {exc}") from exc


def _same_person(a: Stakeholder, b: Stakeholder) -> bool:
    if a.email and b.email:
        return a.email.lower() == b.email.lower()
    if a.profile_url and b.profile_url:
        return a.profile_url.rstrip("/").lower() == b.profile_url.rstrip("/").lower()
    return a.name.strip().lower() == b.name.strip().lower()


def former_signer(person: Stakeholder, everyone: Iterable[Stakeholder]) -> Stakeholder | None:
    """The record of `person` signing with us at another whale, if there is one.

    `person` signed before when marked so, or when the same person (email, else profile,
    else name) is on record as a signer at another whale."""
    for other in everyone:
        if (
            other.id != person.id
            and other.whale_id != person.whale_id
            and other.signed_before
            and _same_person(person, other)
        ):
            return other
    return person if person.signed_before else None
