"""Amounts and dates as a file writes them, read in that file's own convention.

"1.234,56" is a German amount and "1,234.56" an American one; "03/04/2026" is 3 April in
London and 4 March in New York. One row rarely tells, so the whole file decides: every value
that can only be read one way votes, and the file's separator (semicolons mean a European
Excel) breaks a tie. The preview says what was decided.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from warroom.domain.text import quote
from warroom.domain.values import AMOUNT_MAX

_SYMBOLS = re.compile(r"[$€£¥₹₩₽₪₫₺]|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|SEK|NOK|DKK|PLN|INR)\b", re.I)
_SCALES = {
    "": 1,
    "k": 1_000,
    "m": 1_000_000,
    "mm": 1_000_000,
    "mio": 1_000_000,
    "b": 1_000_000_000,
    "bn": 1_000_000_000,
    "mrd": 1_000_000_000,
}
_SCALE = re.compile(r"^(.*?)\s*(k|mm|m|mio|bn|b|mrd)\.?$", re.I)
_PLAIN = frozenset("0123456789.,")
_NUMBER = re.compile(r"[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?|[0-9]+\.")
_GROUPING = str.maketrans("", "", " \u00a0\u202f'’_")


@dataclass(frozen=True)
class NumberStyle:
    decimal: str  # "." or ","

    @property
    def words(self) -> str:
        return "1,234.56" if self.decimal == "." else "1.234,56"


POINT, COMMA = NumberStyle("."), NumberStyle(",")


class NotAnAmount(ValueError):
    """Why a cell is not a deal size, in words for the preview."""


def number_style(texts: Iterable[str], separator: str) -> NumberStyle:
    """The decimal mark of a file, from the amounts that can be read only one way."""
    point = comma = 0
    for text in texts:
        if text.isdigit():
            continue  # no mark: no vote
        core = _core(text)[0]
        last_point, last_comma = core.rfind("."), core.rfind(",")
        if last_point >= 0 and last_comma >= 0:
            point += last_point > last_comma
            comma += last_comma > last_point
        elif last_comma >= 0 and (core.count(",") == 1 and len(core) - last_comma - 1 != 3):
            comma += 1  # "1,5" or "1234,56": a decimal comma
        elif last_point >= 0 and (core.count(".") == 1 and len(core) - last_point - 1 != 3):
            point += 1
        elif core.count(".") > 1:
            comma += 1  # "1.234.567": points group thousands
        elif core.count(",") > 1:
            point += 1
    if point != comma:
        return POINT if point > comma else COMMA
    return COMMA if separator == ";" else POINT


_SIGNS = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB"}
_CODE = re.compile(r"\b([A-Z]{3})\b")


def currency_of(text: str) -> str:
    """The currency an amount cell names itself ('€1.2M' is EUR, '2,000 CHF' is CHF), or ''."""
    for sign, code in _SIGNS.items():
        if sign in text:
            return code
    found = _CODE.search(text.upper()) if not _PLAIN.issuperset(text) else None
    return found.group(1) if found and _SYMBOLS.search(found.group(1)) else ""


def _core(text: str) -> tuple[str, bool, int]:
    """The digits and marks of an amount, whether it was negative, and its scale."""
    if _PLAIN.issuperset(text):  # the common case, fast: digits and marks only
        return text, False, 1
    core = _SYMBOLS.sub("", text).strip()
    negative = False
    if core.startswith("(") and core.endswith(")"):
        negative, core = True, core[1:-1].strip()
    if core.startswith("-") or core.startswith("−"):
        negative, core = True, core[1:].strip()
    elif core.endswith("-"):
        negative, core = True, core[:-1].strip()
    scale = 1
    found = _SCALE.match(core)
    if found and found.group(1):
        core, scale = found.group(1).strip(), _SCALES[found.group(2).lower()]
    return core.translate(_GROUPING), negative, scale


def amount(text: str, style: NumberStyle) -> int:
    """A deal size in whole units from a cell; NotAnAmount saying why otherwise."""
    core, negative, scale = _core(text)
    if style.decimal == ",":
        core = core.replace(".", "").replace(",", ".")
    else:
        core = core.replace(",", "")
    if core.isdigit():  # whole units, the common case: no Decimal needed
        if negative and int(core):
            raise NotAnAmount(f"amount {quote(text)} is negative: a deal size is never below zero")
        if int(core) * scale > AMOUNT_MAX:
            raise NotAnAmount(f"amount {quote(text)} is more than {AMOUNT_MAX:,}: not a deal size")
        return int(core) * scale
    if not _NUMBER.fullmatch(core):
        raise NotAnAmount(f"amount {quote(text)} is not a number (read as {style.words})")
    try:
        value = Decimal(core) * scale
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise NotAnAmount(f"amount {quote(text)} is not a number") from exc
    if negative and value:
        raise NotAnAmount(f"amount {quote(text)} is negative: a deal size is never below zero")
    if value > AMOUNT_MAX:
        raise NotAnAmount(f"amount {quote(text)} is more than {AMOUNT_MAX:,}: not a deal size")
    return int(value.to_integral_value())


@dataclass(frozen=True)
class DateOrder:
    day_first: bool
    settled: bool  # some row could only be read this way

    @property
    def words(self) -> str:
        example = "3 April" if self.day_first else "4 March"
        how = "as the file's dates show" if self.settled else "no date in the file says otherwise"
        order = "day/month" if self.day_first else "month/day"
        return f"dates read {order} (03/04/2026 = {example}; {how})"


_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T].*)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")


def date_order(texts: Iterable[str], separator: str) -> DateOrder:
    """Day or month first, from every date in the file; a dotted date is always day first."""
    day_first = month_first = 0
    for text in texts:
        found = _SLASHED.match(text.strip())
        if not found:
            continue
        first, second = int(found.group(1)), int(found.group(2))
        if "." in text or first > 12:
            day_first += 1
        elif second > 12:
            month_first += 1
    if day_first or month_first:
        return DateOrder(day_first >= month_first, True)
    return DateOrder(separator == ";", False)


def day(text: str, order: DateOrder) -> date:
    """A date cell as a date: ISO, or slashed/dotted in the file's order; ValueError saying
    why."""
    text = text.strip()
    iso = _ISO.match(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        found = _SLASHED.match(text)
        if found:
            first, second, year = (int(g) for g in found.groups())
            year += 2000 if year < 100 else 0
            dayn, month = (first, second) if order.day_first or "." in text else (second, first)
            return date(year, month, dayn)
        return datetime.fromisoformat(text).date()
    except ValueError as exc:
        raise ValueError(f"date {quote(text)} is not a date ({order.words})") from exc
