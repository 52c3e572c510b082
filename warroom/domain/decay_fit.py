"""The half-life fitted over the whole event history, by maximum likelihood.

The seed's claim, taken literally: a deal's chance of being won when it is decided is its
heat then. Heat at a close is built from every event before it (not only the last flare,
as the censored fit of DESIGN.md reads it), so the half-life that makes the closes' heat
best explain who won is the one that fits the whole history: it maximizes
    sum over won deals of log H(close) + sum over the others of log(1 - H(close)).

Heat at a moment is the sum of what each event added, each decayed since (domain.decay), and
what an event added is its strength times what the later events left of it: s_k x prod over
later j of (1 - s_j), whatever the half-life. So each close's heat for any half-life is one
weighted sum, `sum w_k 2 ** (-age_k / h)`, and the fit reads every close's heat on a grid of
half-lives once, then each question (deals closed before a moment) is a sum over the grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from warroom.domain.decay import HALF_LIFE_BOUNDS, MIN_CLOSED_DEALS, HalfLife
from warroom.domain.decay_batch import Floats, Ints

Bools = npt.NDArray[np.bool_]

# Half-lives the likelihood is read at, evenly on a log scale over the bounds (steps of
# about 13%); the best is then placed between its neighbours by a parabola through the three.
GRID = np.geomspace(*HALF_LIFE_BOUNDS, 33)
# The events before a close that count: the latest ones. What the 80th latest still adds is
# under (1 - 0.05) ** 79, 2%, of its own strength even at the weakest kind, and less for all
# the stronger events after it.
MOST_EVENTS = 80
FAINT = 1e-6  # an event's share of a close's heat below this is left out
CHUNK = 8192  # deals read at once
# Heat of exactly 0 or 1 would make a single surprising outcome infinitely unlikely.
SURE = 1e-3
# The two learned half-lives, and what each reads.
LAST_FLARE, WHOLE_HISTORY = "last_flare", "whole_history"
FIT_WORDS = {
    LAST_FLARE: "the quiet after each deal's last flare",
    WHOLE_HISTORY: "every touch and trigger before each close",
}


@dataclass(frozen=True)
class CloseHeats:
    """Closed deals' heat just before their close, at each half-life of GRID."""

    closed: Floats  # per deal: its close, as a Julian day
    won: Bools
    heat: Floats  # (deals, len(GRID))

    def half_life(self, chosen: Bools, default_days: float) -> HalfLife:
        """The half-life that best explains the `chosen` deals' outcomes; the default below
        MIN_CLOSED_DEALS of them."""
        count = int(np.sum(chosen))
        decayed = int(np.sum(chosen & ~self.won))
        if count < MIN_CLOSED_DEALS:
            reason = f"default: {count} closed deals, {MIN_CLOSED_DEALS} needed to learn"
            return HalfLife(default_days, False, count, 0, reason)
        heat = np.clip(self.heat[chosen], SURE, 1 - SURE)
        won = self.won[chosen]
        likelihood = np.log(heat[won]).sum(axis=0) + np.log1p(-heat[~won]).sum(axis=0)
        days = float(_peak(np.log(GRID), likelihood))
        over = FIT_WORDS[WHOLE_HISTORY]
        reason = f"learned from {count} closed deals ({decayed} lost or undecided), over {over}"
        return HalfLife(days, True, count, decayed, reason)


def _peak(at: Floats, value: Floats) -> float:
    """exp of where `value`, read at `at`, peaks: the best point, moved to the top of the
    parabola through it and its neighbours (a bound stays a bound)."""
    best = int(np.argmax(value))
    if best in (0, at.size - 1):
        return math.exp(float(at[best]))
    left, mid, right = value[best - 1], value[best], value[best + 1]
    bend = left - 2 * mid + right
    step = float(at[best + 1] - at[best])
    shift = 0.0 if bend >= 0 else float(0.5 * (left - right) / bend) * step
    return math.exp(float(at[best]) + shift)


def close_heats(
    whale: Ints,
    days: Floats,
    strength: Floats,
    deal_whale: Ints,
    deal_closed: Floats,
    won: Bools,
) -> CloseHeats:
    """Each deal's heat just before its close (events strictly before it) on GRID. Events
    sorted by (whale, day) as decay_batch wants them; deals in any order."""
    heat = np.zeros((deal_whale.size, GRID.size))
    if deal_whale.size == 0:
        return CloseHeats(deal_closed, won, heat)
    base = float(min(days.min(initial=np.inf), deal_closed.min()))
    span = float(max(days.max(initial=-np.inf), deal_closed.max())) - base + 1.0
    keys = whale * span + (days - base)
    first = np.searchsorted(keys, deal_whale * span, side="left")  # the whale's first event
    end = np.searchsorted(keys, deal_whale * span + (deal_closed - base), side="left")
    # What each event keeps of itself after the later ones: the product of (1 - s) after it,
    # from running sums of log(1 - s). An event of strength 1 leaves nothing of the earlier.
    running = np.concatenate([[0.0], np.cumsum(np.log1p(-np.minimum(strength, 1.0 - 1e-12)))])
    for start in range(0, deal_whale.size, CHUNK):  # memory bounded on a sales floor's book
        deals = slice(start, start + CHUNK)
        count = np.minimum(end[deals] - first[deals], MOST_EVENTS)
        # Every (deal, event) pair: the deal's latest `count` events.
        owner = np.repeat(np.arange(count.size), count)
        event = np.repeat(end[deals] - count, count) + (
            np.arange(owner.size) - np.repeat(np.cumsum(count) - count, count)
        )
        weight = strength[event] * np.exp(running[end[deals]][owner] - running[event + 1])
        counts = weight > FAINT  # what adds nothing at any half-life is not summed
        owner, weight = owner[counts], weight[counts]
        age = deal_closed[deals][owner] - days[event[counts]]
        for column, half_life in enumerate(GRID.tolist()):
            heat[deals, column] = np.bincount(
                owner, weights=weight * np.exp2(-age / half_life), minlength=count.size
            )
    return CloseHeats(deal_closed, won, heat)
