"""The team's decay table as a value: default half-life, watermark, strengths, and whether the
half-life is learned from closed deals; checked before it is saved."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from warroom.domain.errors import BadInput
from warroom.domain.kinds import MEANINGFUL_TOUCH_STRENGTHS, TRIGGER_STRENGTHS, DecayParams


@dataclass(frozen=True)
class DecaySettings:
    """The team's decay table: default half-life, watermark, strengths; learn from deals?"""

    params: DecayParams = field(default_factory=DecayParams)
    learn: bool = True


def _strengths(raw: Any, defaults: Mapping[str, float], what: str) -> dict[str, float]:
    merged = dict(defaults)
    for kind, value in (raw or {}).items():
        if kind not in defaults:
            raise BadInput(f"unknown {what} kind {kind!r} in the decay table")
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
