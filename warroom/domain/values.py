"""Parsing what people type: amounts like 1.5M, ISO times, clock times and weekdays."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from warroom.domain.errors import BadInput

_AMOUNT = re.compile(r"^\s*([0-9][0-9,._ ]*)\s*([kKmMbB]?)\s*$")
_MARK = re.compile(r"[,.]")
_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_CURRENCY = re.compile(r"^[A-Z]{3}$")
AMOUNT_MAX = 10**13  # a deal size past ten trillion is a typo, however it came in
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WORKDAYS_DEFAULT = (1, 2, 3, 4, 5)  # a rep's workdays until they say: Monday to Friday


def parse_amount(text: str) -> int:
    """A deal size in whole currency units, as a seller anywhere writes it: '250000',
    '250,000', '250.000', '1.250.000,50', '1,250,000.50', '12,34,567', '250k', '1.5M',
    '1,5M' (rounded to a whole unit)."""
    match = _AMOUNT.match(text)
    digits = _decimal_digits(match.group(1), bool(match.group(2))) if match else None
    if match is None or digits is None:
        raise BadInput(f"deal size {text!r} is not an amount; write e.g. 250000, 250k or 1.5M")
    try:
        value = Decimal(digits) * _SCALE[match.group(2).lower()]
    except InvalidOperation as exc:
        raise BadInput(f"deal size {text!r} is not an amount") from exc
    if value < 0 or value > AMOUNT_MAX:
        raise BadInput(f"deal size {text!r} is out of range")
    return int(value.to_integral_value())


def _decimal_digits(number: str, scaled: bool) -> str | None:
    """The number as Decimal reads it, or None when its marks make no sense.

    The decimal mark is the last of two kinds of mark ('1.250.000,50'), or a mark that
    stands alone before a scale ('1,5M') or before other than three digits ('980,75'); any
    other mark groups thousands, three digits to each group after the first (two between,
    as India groups lakhs): '250.000' is two hundred and fifty thousand, '1.2.3' nothing."""
    number = number.replace("_", "").replace(" ", "")
    marks = _MARK.findall(number)
    whole, fraction = number, ""
    if marks:
        at = max(number.rfind(","), number.rfind("."))
        alone = len(marks) == 1 and (scaled or len(number) - at - 1 != 3)
        if len(set(marks)) == 2 or alone:
            whole, fraction = number[:at], number[at + 1 :]
            if marks[-1] in whole or not fraction:
                return None
    groups = _MARK.split(whole)
    if len(groups) > 1 and (
        not groups[0]
        or len(groups[-1]) != 3
        or any(len(group) not in (2, 3) for group in groups[1:-1])
    ):
        return None
    return "".join(groups) + (f".{fraction}" if fraction else "")


def parse_instant(text: str, local_zone: tzinfo) -> datetime:
    """An ISO 8601 time as an aware UTC datetime; without a zone it is local time."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise BadInput(f"{text!r} is not an ISO 8601 time; write e.g. 2026-11-23T09:30") from exc
    if not _YEARS[0] <= parsed.year <= _YEARS[1]:
        raise BadInput(
            f"{text!r} is out of range; write a time between {_YEARS[0]} and {_YEARS[1]}"
        )
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=local_zone)
    return parsed.astimezone(UTC)


_YEARS = (1900, 2199)  # a seller's touches and plans, with room; far from datetime's edges


def parse_day(text: str) -> date:
    """An ISO 8601 date (YYYY-MM-DD)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise BadInput(f"{text!r} is not a date; write e.g. 2026-11-23") from exc


def parse_clock(text: str) -> time:
    """A clock time such as 12:00 or 11:30."""
    try:
        return time.fromisoformat(text.strip())
    except ValueError as exc:
        raise BadInput(f"{text!r} is not a clock time; write e.g. 12:00") from exc


def parse_workdays(text: str) -> tuple[int, ...]:
    """Weekdays as ISO numbers (Mon=1): '12345', 'Mon,Tue,Wed', or runs such as 'Mon-Fri'
    and 'Sun-Thu' (a run may wrap past Sunday), mixed as the rep likes."""
    text = text.strip()
    if text.isdigit():
        days = {int(ch) for ch in text}
    else:
        days = set()
        for part in text.replace(" ", "").split(","):
            if part:
                ends = [_weekday(end, text) for end in part.split("-", 1)]
                first, span = ends[0], (ends[-1] - ends[0]) % 7
                days.update((first - 1 + step) % 7 + 1 for step in range(span + 1))
    if not days or not days <= set(range(1, 8)):
        raise BadInput(f"{text!r} is not a list of weekdays; write e.g. Mon-Fri or Sun-Thu")
    return tuple(sorted(days))


def check_currency(code: str) -> str:
    """A three-letter currency code, upper-cased."""
    code = code.strip().upper()
    if not _CURRENCY.match(code):
        raise BadInput(f"currency {code!r} is not a three-letter code such as USD or EUR")
    return code


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(word: str, text: str) -> int:
    """A day's number from its name or the start of it ('Mon', 'tues', 'Thursday')."""
    for number, name in enumerate(_DAY_NAMES, start=1):
        if len(word) >= 3 and name.startswith(word.lower()):
            return number
    raise BadInput(f"{text!r} is not a list of weekdays; write e.g. Mon-Fri or Sun-Thu")


def check_workdays(days: tuple[int, ...]) -> tuple[int, ...]:
    if not days or any(day not in range(1, 8) for day in days):
        raise BadInput("a rep works on at least one day of the week")
    return tuple(sorted(set(days)))


def workdays_words(days: tuple[int, ...]) -> str:
    """'Mon-Fri', 'Sun-Thu', 'Mon, Wed, Fri', 'every day'."""
    chosen = set(days)
    if len(chosen) == 7:
        return "every day"
    # A run of days in a row, wrapping past Sunday, reads as its two ends.
    for first in chosen:
        if (first - 2) % 7 + 1 not in chosen:
            run = [((first - 1 + step) % 7) + 1 for step in range(len(chosen))]
            if set(run) == chosen and len(run) > 2:
                return f"{WEEKDAY_NAMES[run[0] - 1]}-{WEEKDAY_NAMES[run[-1] - 1]}"
    return ", ".join(WEEKDAY_NAMES[day - 1] for day in sorted(chosen))


def check_zone(name: str) -> str:
    """An IANA time zone name this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadInput(f"time zone {name!r} is unknown; use a name such as Europe/Paris") from exc
    return name
