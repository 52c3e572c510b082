"""The decay model over a whole book at once: the same recurrence, vectorized across whales.

Events come as flat arrays sorted by (whale, time); step r applies every whale's r-th event
together, so a book of 100,000 whales costs as many numpy steps as its busiest whale has events.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
# What a walk records of each event: what it added, or the heat just after it.
ADDED, HEAT = "added", "heat"


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
    if days.size and days.max() > at_days:
        keep = days <= at_days
        whale, days, strength = whale[keep], days[keep], strength[keep]
    heat, last, _ = _walk(whale, days, strength, whale_count, half_life_days, record=None)
    seen = ~np.isnan(last)
    heat[seen] *= np.exp2(-(at_days - last[seen]) / half_life_days)
    return heat, last


def added_batch(whale: Ints, days: Floats, strength: Floats, half_life_days: float) -> Floats:
    """What each event added to its whale's heat when it happened (decay.explain's `added`),
    for events sorted as decay.heat_events sorts them within each whale: by time, then id."""
    count = int(whale.max()) + 1 if whale.size else 0
    added = _walk(whale, days, strength, count, half_life_days, record=ADDED)[2]
    assert added is not None
    return added


def heat_before_batch(
    whale: Ints,
    days: Floats,
    strength: Floats,
    asked_whale: Ints,
    asked_days: Floats,
    half_life_days: float,
) -> Floats:
    """The heat of whale `asked_whale[i]` at `asked_days[i]` from its events strictly before
    that moment, for every i at once: the back-test asks each closed deal's heat 30, 60 and
    90 days before its close. Events sorted as for heat_batch; the moments in any order.

    Each moment is walked as an event of strength 0 (it leaves the heat as it was, decayed to
    its time), placed before events of the same moment: merged into the sorted events by one
    search on a combined (whale, day) key, not by sorting five million events again."""
    if asked_whale.size == 0:
        return np.zeros(0)
    # Only events of the whales asked, before the last moment asked, can count: the back-test
    # asks a month's readings of a year's events (seventeen walks on a sales floor's book).
    kept = _of_whales(whale, asked_whale) & (days < asked_days.max())
    if not kept.all():
        whale, days, strength = whale[kept], days[kept], strength[kept]
    asked_order = np.lexsort((asked_days, asked_whale))
    keys, wanted = _moment_keys(whale, days, asked_whale[asked_order], asked_days[asked_order])
    places = np.searchsorted(keys, wanted, side="left")
    merged_whale = np.insert(whale, places, asked_whale[asked_order])
    merged_days = np.insert(days, places, asked_days[asked_order])
    merged_strength = np.insert(strength, places, 0.0)
    count = int(merged_whale.max()) + 1
    heat = _walk(merged_whale, merged_days, merged_strength, count, half_life_days, record=HEAT)[2]
    assert heat is not None
    out = np.empty(asked_whale.size)
    out[asked_order] = heat[places + np.arange(places.size)]
    return out


def added_alone_batch(
    whale: Ints,
    days: Floats,
    strength: Floats,
    asked_whale: Ints,
    asked_days: Floats,
    asked_strength: Floats,
    half_life_days: float,
) -> tuple[Floats, npt.NDArray[np.bool_]]:
    """What the event of `asked_strength` at each asked moment, one of the events given, added
    to its whale's heat (added_batch's figure), from the heat before it; and whether it is
    the only event at its moment. Where others share the moment, their order decided what
    each added: the caller walks those whales with added_batch instead. The triggers feed
    asks this of a few thousand triggers among a sales floor's five million events."""
    before = heat_before_batch(whale, days, strength, asked_whale, asked_days, half_life_days)
    added = asked_strength * (1.0 - before)
    # Events of the asked whales by one key, as heat_before_batch merges them (equal moments
    # give equal keys; moments a fraction of a millisecond apart may too, and are walked).
    kept = _of_whales(whale, asked_whale)
    keys, wanted = _moment_keys(whale[kept], days[kept], asked_whale, asked_days)
    at_moment = np.searchsorted(keys, wanted, side="right") - np.searchsorted(
        keys, wanted, side="left"
    )
    return added, at_moment == 1


def _of_whales(whale: Ints, asked_whale: Ints) -> npt.NDArray[np.bool_]:
    """Which events are of the whales asked."""
    asked = np.zeros(int(max(whale.max(initial=-1), asked_whale.max(initial=-1))) + 1, bool)
    asked[asked_whale] = True
    return asked[whale]


def _moment_keys(
    whale: Ints, days: Floats, asked_whale: Ints, asked_days: Floats
) -> tuple[Floats, Floats]:
    """One number per (whale, day), the events' and the moments' asked, ordered as the pairs
    are: events sorted by (whale, day) have sorted keys, to search the moments in."""
    base = float(min(days.min(initial=np.inf), asked_days.min(initial=np.inf)))
    span = float(max(days.max(initial=-np.inf), asked_days.max(initial=-np.inf))) - base + 1.0
    return whale * span + (days - base), asked_whale * span + (asked_days - base)


# The walk lays the events out as a (whale x event) grid when padding the shorter whales costs
# at most this many times the events themselves; a book where one whale has far more events
# than the rest walks its whales busiest first instead, so memory stays linear.
PADDING = 4


def _walk(
    whale: Ints,
    days: Floats,
    strength: Floats,
    whale_count: int,
    half_life_days: float,
    *,
    record: str | None,
) -> tuple[Floats, Floats, Floats | None]:
    """Every whale's heat just after its last event, that event's day, and (when asked) what
    each event added or the heat just after it (`record`), applying the r-th events of all
    whales together at step r."""
    heat = np.zeros(whale_count)
    last = np.full(whale_count, np.nan)
    if whale.size == 0:
        return heat, last, np.zeros(0) if record else None
    starts = np.flatnonzero(np.r_[True, whale[1:] != whale[:-1]])
    counts = np.diff(np.r_[starts, whale.size])
    walk = _grid_walk if starts.size * int(counts.max()) <= PADDING * whale.size else _busy_walk
    owned_heat, owned_last, each = walk(starts, counts, days, strength, half_life_days, record)
    owners = whale[starts]
    heat[owners] = owned_heat
    last[owners] = owned_last
    return heat, last, each


def _grid_walk(
    starts: Ints, counts: Ints, days: Floats, strength: Floats, half_life: float, record: str | None
) -> tuple[Floats, Floats, Floats | None]:
    """The events as a grid of one row per whale, a column per step: each step is a column,
    read in place. A whale's row is padded with events of strength 0 on its last day, which
    leave its heat exactly as it was (a factor of exactly 1, an addition of exactly 0)."""
    rows, width = starts.size, int(counts.max())
    place: Ints | None = None
    if rows * width == days.size:  # every whale has as many events: the arrays are the grid
        grid_days, grid_strength = days.reshape(rows, width), strength.reshape(rows, width)
    else:
        place = np.arange(days.size) + np.repeat(np.arange(rows) * width - starts, counts)
        flat_days = np.repeat(days[starts + counts - 1], width)
        flat_days[place] = days
        flat_strength = np.zeros(rows * width)
        flat_strength[place] = strength
        grid_days = flat_days.reshape(rows, width)
        grid_strength = flat_strength.reshape(rows, width)
    each = np.empty((rows, width)) if record else None
    heat, last = grid_strength[:, 0].copy(), grid_days[:, 0].copy()
    if each is not None:
        each[:, 0] = heat
    for step in range(1, width):
        when = grid_days[:, step]
        current = heat * np.exp2((last - when) / half_life)
        gained = grid_strength[:, step] * (1.0 - current)
        heat = current + gained
        last = when
        if each is not None:
            each[:, step] = gained if record == ADDED else heat
    if each is None:
        return heat, last, None
    return heat, last, each.ravel() if place is None else each.ravel()[place]


def _busy_walk(
    starts: Ints, counts: Ints, days: Floats, strength: Floats, half_life: float, record: str | None
) -> tuple[Floats, Floats, Floats | None]:
    """The whales busiest first, so those still walking at step r are the first ones: each
    step takes its events by index, with no padding."""
    order = np.argsort(-counts, kind="stable")
    ranked = counts[order]
    walking = np.bincount(ranked - 1)[::-1].cumsum()[::-1]
    first = starts[order]
    heat, last = strength[first], days[first]
    each = np.empty(days.size) if record else None
    if each is not None:
        each[first] = heat
    for step in range(1, int(ranked[0])):
        count = int(walking[step])
        index = first[:count] + step
        when = days[index]
        current = heat[:count] * np.exp2((last[:count] - when) / half_life)
        gained = strength[index] * (1.0 - current)
        heat[:count] = current + gained
        last[:count] = when
        if each is not None:
            each[index] = gained if record == ADDED else heat[:count]
    owned_heat, owned_last = np.empty_like(heat), np.empty_like(last)
    owned_heat[order], owned_last[order] = heat, last
    return owned_heat, owned_last, each


def days_to_sink_batch(heat: Floats, half_life_days: float, watermark: float) -> Floats:
    """Days until each heat falls under the watermark; 0 where it already is."""
    out = np.zeros_like(heat)
    afloat = heat >= watermark
    if watermark > 0:
        out[afloat] = half_life_days * np.log2(heat[afloat] / watermark)
    return out
