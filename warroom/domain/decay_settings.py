"""The team's decay table as a value: default half-life, watermark, strengths, and whether the
half-life is learned from closed deals; checked before it is saved, and read back from the JSON
it is stored as by the same checks."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from warroom.domain.errors import BadInput
from warroom.domain.kinds import (
    DEFAULT_HALF_LIFE_DAYS,
    DEFAULT_WATERMARK,
    MEANINGFUL_TOUCH_STRENGTHS,
    TRIGGER_STRENGTHS,
    DecayParams,
)
from warroom.domain.text import quote

_STORED_FIELDS = ("half_life_days", "watermark", "touch_strengths", "trigger_strengths", "learn")


@dataclass(frozen=True)
class DecaySettings:
    """The team's decay table: default half-life, watermark, strengths; learn from deals?"""

    params: DecayParams = field(default_factory=DecayParams)
    learn: bool = True


def _strengths(raw: Any, defaults: Mapping[str, float], what: str) -> dict[str, float]:
    merged = dict(defaults)
    if raw is not None and not isinstance(raw, Mapping):
        raise BadInput(f"the {what} strengths are not a table of kind to strength")
    for kind, value in (raw or {}).items():
        if kind not in defaults:
            raise BadInput(f"unknown {what} kind {quote(str(kind))} in the decay table")
        if not _is_number(value):
            raise BadInput(f"the strength of {kind} must be a number, not {quote(str(value))}")
        strength = float(value)
        if not 0.0 <= strength <= 1.0:
            raise BadInput(f"the strength of {kind} must be between 0 and 1, not {value}")
        merged[kind] = strength
    return merged


def check_settings(
    half_life_days: float,
    watermark: float,
    touch_strengths: Mapping[str, float] | None = None,
    trigger_strengths: Mapping[str, float] | None = None,
    learn: bool = True,
) -> DecaySettings:
    """Validated decay settings; BadInput saying which value is out of range."""
    if not (math.isfinite(half_life_days) and 1.0 <= half_life_days <= 365.0):
        raise BadInput(f"a half-life of {half_life_days} days is out of range (1 to 365)")
    if not (math.isfinite(watermark) and 0.05 <= watermark <= 0.95):
        raise BadInput(f"a watermark of {watermark} is out of range (0.05 to 0.95)")
    params = DecayParams(
        half_life_days=half_life_days,
        watermark=watermark,
        touch_strengths=_strengths(touch_strengths, MEANINGFUL_TOUCH_STRENGTHS, "touch"),
        trigger_strengths=_strengths(trigger_strengths, TRIGGER_STRENGTHS, "trigger"),
    )
    return DecaySettings(params, learn)


def _is_number(value: Any) -> bool:
    # JSON true is not a strength of 1: a stored table holds numbers or it is broken.
    return isinstance(value, int | float) and not isinstance(value, bool)


def settings_from_json(raw: Any) -> DecaySettings:
    """The decay table as stored (a JSON object; a field left out takes its default), by the
    same checks as saving it; BadInput saying what is wrong otherwise."""
    if not isinstance(raw, dict):
        raise BadInput(f"the decay table {quote(str(raw))} is not a JSON object")
    unknown = sorted(str(name) for name in set(raw) - set(_STORED_FIELDS))
    if unknown:
        raise BadInput(f"the decay table has an unknown field {quote(unknown[0])}")
    numbers = {
        name: raw.get(name, default)
        for name, default in (
            ("half_life_days", DEFAULT_HALF_LIFE_DAYS),
            ("watermark", DEFAULT_WATERMARK),
        )
    }
    for name, value in numbers.items():
        if not _is_number(value):
            raise BadInput(f"the decay table's {name} {quote(str(value))} is not a number")
    learn = raw.get("learn", True)
    if not isinstance(learn, bool):
        raise BadInput(f"the decay table's learn {quote(str(learn))} is not true or false")
    return check_settings(
        float(numbers["half_life_days"]),
        float(numbers["watermark"]),
        raw.get("touch_strengths"),
        raw.get("trigger_strengths"),
        learn,
    )


def settings_as_json(settings: DecaySettings) -> dict[str, Any]:
    """The decay table as it is stored; `settings_from_json` reads it back."""
    return {
        "half_life_days": settings.params.half_life_days,
        "watermark": settings.params.watermark,
        "touch_strengths": dict(settings.params.touch_strengths),
        "trigger_strengths": dict(settings.params.trigger_strengths),
        "learn": settings.learn,
    }
