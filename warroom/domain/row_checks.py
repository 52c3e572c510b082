"""The rules each row of a War Room export must meet before it goes into a book.

They are the rules of typing the same thing in the app or on the command line (kinds, stages,
outcomes, amounts, currencies, names, links, settings), so a file can put nothing in a book that
they would refuse. A file's rows are exact copies of a book's, so nothing here tidies a value:
a name with a tab in it is refused, not changed, and the message says which field and why.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from warroom.domain.book_settings import decode_setting, shown, stored_currency, stored_name
from warroom.domain.cadence import ACTIVE, DONE, ENDED, PAUSED, PENDING, SKIPPED
from warroom.domain.day_plan import LATER, MORNING, SWAPPED, SWAPPED_RULE, TOUCHED, TOUCHED_RULE
from warroom.domain.errors import BadInput
from warroom.domain.kinds import (
    OUTCOMES,
    REVIEW_REASONS,
    STAGES,
    STAKEHOLDER_ROLES,
    TOUCH_KINDS,
    TRIGGER_KINDS,
)
from warroom.domain.text import TEXT_MAX, check_url, clean_text, quote
from warroom.domain.values import AMOUNT_MAX, check_zone, parse_clock, parse_workdays

DOMAIN_MAX = 255
URL_MAX = 2_000
ZONE_MAX = 64
POSITION_MAX = 100_000  # a cadence's steps, a day plan's rows: far more than any has
OFFSET_MAX = 3_650  # a cadence step's day: ten years out

# (field, value) -> None; BadInput saying what is wrong, starting with the field's name.
Check = Callable[[str, Any], None]


def _text_of(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise BadInput(f"{field} {shown(value)} is not text")
    return value


def _name(field: str, value: Any) -> None:
    """A name: one line, no control characters, at most NAME_MAX long, never empty."""
    stored_name(_text_of(field, value), field)


def _optional_name(field: str, value: Any) -> None:
    if _text_of(field, value):
        _name(field, value)


def _domain(field: str, value: Any) -> None:
    domain = _text_of(field, value)
    if len(domain) > DOMAIN_MAX:
        raise BadInput(f"{field} is {len(domain):,} characters; at most {DOMAIN_MAX}")
    _optional_name(field, domain)


def _text(field: str, value: Any) -> None:
    """Longer text (a note, a reason): line breaks and tabs, no other control characters, at
    most TEXT_MAX long."""
    raw = _text_of(field, value)
    if not raw:
        return  # most notes and every hand-logged touch's source: nothing to check
    if len(raw) > TEXT_MAX:
        raise BadInput(f"{field} is {len(raw):,} characters; at most {TEXT_MAX:,}")
    kept = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if clean_text(raw, field) != kept:
        raise BadInput(f"{field} {quote(raw)} holds control characters")


def _url(field: str, value: Any) -> None:
    """A link the app may open (http, https, mailto) or nothing: no spaces, no controls."""
    link = _text_of(field, value)
    if len(link) > URL_MAX:
        raise BadInput(f"{field} is {len(link):,} characters; at most {URL_MAX:,}")
    if link and (not link.isprintable() or any(c.isspace() for c in link)):
        raise BadInput(f"{field} {quote(link)} holds spaces or control characters")
    check_url(link, field)


def _one_of(allowed: tuple[str, ...], what: str) -> Check:
    def check(field: str, value: Any) -> None:
        if not isinstance(value, str) or value not in allowed:
            raise BadInput(
                f"{field} {shown(value)} is not {what}; use one of: {', '.join(allowed)}"
            )

    return check


def _whole(low: int, high: int) -> Check:
    def check(field: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadInput(f"{field} {shown(value)} is not a whole number")
        if not low <= value <= high:
            raise BadInput(f"{field} {shown(value)} is out of range ({low:,} to {high:,})")

    return check


def _flag(field: str, value: Any) -> None:
    """Only JSON true or false: the text "false" is not false."""
    if not isinstance(value, bool):
        raise BadInput(f"{field} {shown(value)} is not true or false")


def _currency(field: str, value: Any) -> None:
    # The only such field is called currency, as stored_currency's message begins.
    stored_currency(_text_of(field, value))


def _named(field: str, check: Callable[[str], object], text: str) -> None:
    """`check` on the text, its refusal prefixed with the field it came from."""
    try:
        check(text)
    except BadInput as exc:
        raise BadInput(f"{field}: {exc}") from None


def _zone(field: str, value: Any) -> None:
    zone = _text_of(field, value)
    if len(zone) > ZONE_MAX:
        raise BadInput(f"{field} is {len(zone):,} characters; at most {ZONE_MAX}")
    _named(field, check_zone, zone)


def _zones_before(field: str, value: Any) -> None:
    """A rep's zones before: a JSON list of [day, zone] pairs, oldest first."""
    raw = _text_of(field, value)
    try:
        pairs = json.loads(raw)
        days = [date.fromisoformat(day) for day, _zone in pairs]
    except (ValueError, TypeError) as exc:
        raise BadInput(f"{field} is not a list of [day, zone] pairs") from exc
    if days != sorted(days):
        raise BadInput(f"{field} is not oldest first")
    for _day, zone in pairs:
        _zone(field, zone)


def _clock(field: str, value: Any) -> None:
    clock = _text_of(field, value)
    if len(clock) != 5:
        raise BadInput(f"{field} {quote(clock)} is not a clock time; write e.g. 12:00")
    _named(field, parse_clock, clock)


def _workdays(field: str, value: Any) -> None:
    days = _text_of(field, value)
    if not days.isdigit() or len(days) > 7:
        raise BadInput(f"{field} {quote(days)} is not weekday numbers such as 12345")
    _named(field, parse_workdays, days)


def _reasons(field: str, value: Any) -> None:
    """A review's other reasons: a JSON list of reasons, as text."""
    raw = _text_of(field, value)
    try:
        reasons = json.loads(raw)
    except (ValueError, RecursionError):
        reasons = None
    if not isinstance(reasons, list):
        raise BadInput(f"{field} {quote(raw)} is not a list of reasons")
    for reason in reasons:
        _one_of(REVIEW_REASONS, "a review reason")(field, reason)


def _ids(field: str, value: Any) -> None:
    """Who was at a session (rep ids), or with a touch (stakeholder ids): a JSON list of ids,
    as text."""
    raw = _text_of(field, value)
    try:
        ids = json.loads(raw)
    except (ValueError, RecursionError):
        ids = None
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise BadInput(f"{field} {quote(raw)} is not a list of ids")


DEAL_FIELDS = ("close_on", "size", "stage")  # what a deal's history keeps
_TOUCH_KIND = _one_of(TOUCH_KINDS, "a touch kind")
_FIELDS: Mapping[str, Mapping[str, Check]] = MappingProxyType(
    {
        "reps": {
            "name": _name,
            "email": _optional_name,
            "timezone": _zone,
            "lunch_cutoff": _clock,
            "workdays": _workdays,
            "zones_before": _zones_before,
        },
        "whales": {
            "name": _name,
            "web_domain": _domain,
            "industry": _optional_name,
            "why_now": _text,
            "past_attempts": _text,
            "past_proposals": _text,
            "competitors": _text,
            "notes": _text,
            "listening": _text,
            "top_ten": _flag,
            "hold_reason": _optional_name,
        },
        "deals": {
            "size": _whole(0, AMOUNT_MAX),
            "currency": _currency,
            "solution": _text,
            "exact_deal": _text,
            "stage": _one_of(STAGES, "a stage"),
            "outcome": _one_of(OUTCOMES, "an outcome"),
        },
        "deal_changes": {
            "field": _one_of(DEAL_FIELDS, "a deal field"),
            "before": _text,
            "after": _text,
        },
        "stakeholders": {
            "name": _name,
            "title": _optional_name,
            "role": _one_of(STAKEHOLDER_ROLES, "a stakeholder role"),
            "influence": _whole(1, 5),
            "relationship": _whole(1, 5),
            "email": _optional_name,
            "profile_url": _url,
            "signed_before": _flag,
            "moved_from": _optional_name,
            "now_at": _optional_name,
        },
        "touches": {"kind": _TOUCH_KIND, "note": _text, "source": _text, "also_with": _ids},
        "triggers": {
            "kind": _one_of(TRIGGER_KINDS, "a trigger kind"),
            "source_url": _url,
            "note": _text,
        },
        "cadence_templates": {"name": _name, "description": _text},
        "cadence_steps": {
            "position": _whole(0, POSITION_MAX),
            "day_offset": _whole(0, OFFSET_MAX),
            "channel": _TOUCH_KIND,
            "instruction": _text,
            "message": _text,
        },
        "enrolments": {
            "status": _one_of((ACTIVE, PAUSED, *ENDED), "an enrolment status"),
            "stop_reason": _text,
        },
        "enrolment_steps": {"status": _one_of((PENDING, DONE, SKIPPED), "a step status")},
        "reviews": {
            "outcome": _one_of(OUTCOMES, "an outcome"),
            "primary_reason": _one_of(REVIEW_REASONS, "a review reason"),
            "secondary_reasons": _reasons,
            "do_differently": _text,
            "customer_quote": _text,
        },
        "tasks": {"kind": _TOUCH_KIND, "note": _text, "source": _text, "also_with": _ids},
        "today_swaps": {"reason": _text},
        "meetings": {"notes": _text, "attendees": _ids},
        "day_plan_rows": {
            "position": _whole(0, POSITION_MAX),
            "rule": _whole(1, max(SWAPPED_RULE, TOUCHED_RULE)),
            "reason": _text,
            "suggested_kind": _TOUCH_KIND,
            "origin": _one_of((MORNING, LATER, SWAPPED, TOUCHED), "a plan row's origin"),
        },
    }
)


def _setting(row: Mapping[str, Any]) -> None:
    key, value = row.get("id"), row.get("value")
    if key is None or value is None:
        return  # the file's decoding says what is missing
    _name("id", key)
    _text_of("value", value)
    _named("value", lambda text: decode_setting(key, text), value)


def check_row(table: str, row: Mapping[str, Any]) -> None:
    """BadInput for the first field of a `table` row (as the file has it) that breaks its rule,
    the message starting with the field's name. A field that is absent or null is left to the
    file's decoding, which knows which fields may be empty."""
    for field, check in _FIELDS.get(table, {}).items():
        value = row.get(field)
        if value is not None:
            check(field, value)
    if table == "settings":
        _setting(row)
