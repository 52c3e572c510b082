"""The decay model over a whole book at once: the same recurrence, vectorized across whales.

Events come as flat arrays sorted by (whale, time); step r applies every whale's r-th event
together, so a book of 100,000 whales costs as many numpy steps as its busiest whale has events.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


def heat_batch(
    whale: Ints,
    days: Floats,
    strength: Floats,
    whale_count: int,
    at_days: float,
    half_life_days: float,
) -> tuple[Floats, Floats]:
    """Heat of every whale at `at_days`, and the day of its last flare (NaN if none).

    `whale` holds each event's whale index (0..whale_count-1), `days` its time in days on any
    fixed scale shared with `at_days`; both sorted by (whale, days). Later events are ignored.
    """
    keep = days <= at_days
    heat, last, _ = _walk(whale[keep], days[keep], strength[keep], whale_count, half_life_days)
    seen = ~np.isnan(last)
    heat[seen] *= np.exp2(-(at_days - last[seen]) / half_life_days)
    return heat, last


def added_batch(whale: Ints, days: Floats, strength: Floats, half_life_days: float) -> Floats:
    """What each event added to its whale's heat when it happened (decay.explain's `added`),
    for events sorted as decay.heat_events sorts them within each whale: by time, then id."""
    count = int(whale.max()) + 1 if whale.size else 0
    return _walk(whale, days, strength, count, half_life_days)[2]


def _walk(
    whale: Ints, days: Floats, strength: Floats, whale_count: int, half_life_days: float
) -> tuple[Floats, Floats, Floats]:
    """Every whale's heat just after its last event, that event's day, and what each event
    added, applying the r-th events of all whales together at step r."""
    heat = np.zeros(whale_count)
    last = np.full(whale_count, np.nan)
    added = np.zeros(whale.size)
    if whale.size == 0:
        return heat, last, added
    starts = np.flatnonzero(np.r_[True, whale[1:] != whale[:-1]])
    counts = np.diff(np.r_[starts, whale.size])
    owners = whale[starts]
    for step in range(int(counts.max())):
        active = counts > step
        index = starts[active] + step
        who = owners[active]
        when = days[index]
        previous = last[who]
        factor = np.where(np.isnan(previous), 1.0, np.exp2(-(when - previous) / half_life_days))
        current = heat[who] * factor
        added[index] = strength[index] * (1.0 - current)
        heat[who] = current + added[index]
        last[who] = when
    return heat, last, added


def days_to_sink_batch(heat: Floats, half_life_days: float, watermark: float) -> Floats:
    """Days until each heat falls under the watermark; 0 where it already is."""
    out = np.zeros_like(heat)
    afloat = heat >= watermark
    if watermark > 0:
        out[afloat] = half_life_days * np.log2(heat[afloat] / watermark)
    return out
