"""The book's settings: each key, what its value must be, and its default.

One rule per key serves every way a value comes in (the app, the command line, an import, a
sync) and every read. A stored value that breaks its rule is never used: it reads as the default
with a warning, so one bad value (from an old bug or a teammate's laptop) cannot stop every
command on every laptop of the team.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import time
from types import MappingProxyType
from typing import Any

from warroom.domain.cadence import DEFAULT_INMAIL_BUDGET
from warroom.domain.decay_settings import DecaySettings, settings_from_json
from warroom.domain.errors import BadInput
from warroom.domain.text import NAME_MAX, QUOTE_MAX, clean_name, quote
from warroom.domain.values import check_currency, parse_clock

ME = "device.me"
THEME = "device.theme"
REMINDER_ON = "device.reminder_on"
REMINDER_AT = "device.reminder_at"
TEAM_NAME = "team.name"
TEAM_CURRENCY = "team.currency"
TEAM_LUNCH_CUTOFF = "team.lunch_cutoff"
INMAIL_BUDGET = "team.inmail_budget"
DECAY_PARAMS = "decay.params"
DEMO_SEED = "book.demo_seed"
IMPORT_MAPPING = "import.mapping"  # + ".FORMAT": the columns last used for a CSV format

THEMES = ("system", "light", "dark")
INMAIL_BUDGET_MAX = 10_000
_ID_MAX = 200


@dataclass(frozen=True)
class SettingRule:
    """What one key holds: `parse` turns a stored JSON value into the value the app uses, or
    raises BadInput saying what is wrong with it."""

    about: str
    default: Any
    parse: Callable[[Any], Any]


def shown(value: Any) -> str:
    """A value read from a file or the book, for a message: text quoted, anything else as
    JSON; either cut to QUOTE_MAX characters."""
    if isinstance(value, str):
        return quote(value)
    text = json.dumps(value)
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadInput(f"{shown(value)} is not text")
    return value


def _rep_id(value: Any) -> str:
    text = _text(value)
    if not text or len(text) > _ID_MAX or not text.isprintable() or " " in text:
        raise BadInput(f"{quote(text)} is not a rep's id")
    return text


def stored_name(text: str, what: str) -> str:
    """A name as a book keeps it: not empty, at most NAME_MAX long, and one line with nothing
    clean_name would change (no control character, tab, line break or unusual space) but runs
    of plain spaces, which harm nothing and which older versions kept."""
    if len(text) > NAME_MAX:
        raise BadInput(f"{what} is {len(text):,} characters; at most {NAME_MAX}")
    spaced = " ".join(part for part in text.split(" ") if part)
    if clean_name(text, what) != spaced:
        raise BadInput(f"{what} {quote(text)} holds control characters, tabs or line breaks")
    return text


def _team_name(value: Any) -> str:
    text = _text(value)
    return stored_name(text, "the team name") if text else text


def stored_currency(value: Any) -> str:
    """A currency as a book keeps it: a three-letter upper-case code already (typed in, it is
    upper-cased; in a file or a stored value, anything else is a broken row)."""
    text = _text(value)
    if len(text) != 3 or check_currency(text) != text:
        raise BadInput(f"currency {quote(text)} is not a three-letter code such as USD or EUR")
    return text


def _clock(value: Any) -> time:
    text = _text(value)
    if len(text) > 8:
        raise BadInput(f"{quote(text)} is not a clock time; write e.g. 12:00")
    return parse_clock(text)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadInput(f"{shown(value)} is not true or false")
    return value


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise BadInput(f"{shown(value)} is not a whole number from {low} to {high:,}")
        return value

    return parse


def _theme(value: Any) -> str:
    text = _text(value)
    if text not in THEMES:
        raise BadInput(f"theme {quote(text)} is not {', '.join(THEMES)}")
    return text


def _mapping(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(v, str) and len(k) <= NAME_MAX and len(v) <= NAME_MAX for k, v in value.items()
    ):
        raise BadInput(f"{shown(value)} is not a table of field to column")
    return dict(value)


RULES: Mapping[str, SettingRule] = MappingProxyType(
    {
        ME: SettingRule("who uses this laptop (a rep's id)", None, _rep_id),
        THEME: SettingRule("this laptop's theme: system, light or dark", "system", _theme),
        REMINDER_ON: SettingRule("remind before the lunch cut-off", True, _flag),
        REMINDER_AT: SettingRule("when the reminder comes", time(11, 0), _clock),
        TEAM_NAME: SettingRule("the team's name", "", _team_name),
        TEAM_CURRENCY: SettingRule("the currency of new deals", "USD", stored_currency),
        TEAM_LUNCH_CUTOFF: SettingRule("a new rep's lunch cut-off", time(12, 0), _clock),
        INMAIL_BUDGET: SettingRule(
            "InMails a rep may send a month",
            DEFAULT_INMAIL_BUDGET,
            _whole(0, INMAIL_BUDGET_MAX),
        ),
        DECAY_PARAMS: SettingRule(
            "the decay table: half-life, watermark, strengths", DecaySettings(), settings_from_json
        ),
        DEMO_SEED: SettingRule("the seed a demo book was made from", None, _whole(0, 2**63 - 1)),
    }
)
_MAPPING_RULE = SettingRule("the columns last used to import this CSV format", None, _mapping)


def rule_for(key: str) -> SettingRule | None:
    """The rule of a key; None for a key this version does not know (a newer one's)."""
    if key.startswith(IMPORT_MAPPING + "."):
        return _MAPPING_RULE
    return RULES.get(key)


def check_setting(key: str, value: Any) -> Any:
    """`value` (as JSON decodes it; None for unset) as the app uses it: the default when unset;
    BadInput naming the key when it breaks the key's rule. A key this version does not know
    keeps its value as it is: a newer app may use it."""
    rule = rule_for(key)
    if rule is None:
        return value
    if value is None:
        return rule.default
    try:
        return rule.parse(value)
    except BadInput as exc:
        raise BadInput(f"setting {key}: {exc}") from None


def decode_setting(key: str, text: str) -> Any:
    """A stored value (JSON text) as the app uses it; BadInput when it is not JSON or breaks
    the key's rule."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise BadInput(f"setting {key}: the value {quote(text)} is not JSON") from None
    return check_setting(key, value)


@dataclass(frozen=True)
class StoredSetting:
    """One setting as read: the value in use, and why the stored one is not used (if so)."""

    key: str
    stored: bool  # False when unset or reset (stored as null)
    value: Any
    problem: str | None = None


def read_setting(key: str, text: str | None) -> StoredSetting:
    """The stored JSON text of `key` (None when unset) as the app uses it; a bad value reads as
    the default, with the problem said."""
    rule = rule_for(key)
    if text is None or text.strip() == "null":
        return StoredSetting(key, False, rule.default if rule else None)
    try:
        return StoredSetting(key, True, decode_setting(key, text))
    except BadInput as exc:
        return StoredSetting(key, True, rule.default if rule else None, str(exc))
