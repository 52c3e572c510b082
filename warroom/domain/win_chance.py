"""Win chance: the probability that a deal is won, read from its heat by the team's own
closed deals, and the back-test's scores of it.

A calibration is an isotonic step over heat learned from closed deals' heat 30, 60 and 90
days before their close (won = 1; lost and no decision = 0): each step is a run of past
deals, and its chance is their win rate pulled toward the team's by a few made-up deals, so
a chance and its reason ("won 7 of 10 past deals with heat 0.45-0.60") always agree. Below
MIN_DEALS closed deals there is no number at all, only "not enough history yet". Pure numpy;
the back-test learns one for each moment from what was known then.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from warroom.domain.words import plural

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

HORIZONS = (30, 60, 90)  # days before a close at which a deal's heat is read
MIN_DEALS = 30
BINS = 10
# The pull toward the base rate, in made-up deals: with 30 real deals the data outweighs
# it three to one, with 300 thirty to one.
PRIOR_DEALS = 10
# A step holds at least a tenth of the deals (and PRIOR_DEALS): finer steps follow noise.
MOST_STEPS = 10
# Skill below this is noise: a verdict says heat beat the win rate only above it.
CLEAR_SKILL = 0.02
NOT_ENOUGH = f"not enough history yet ({MIN_DEALS} closed deals are needed)"


@dataclass(frozen=True)
class WinChance:
    chance: float
    reason: str  # "won 7 of 10 past deals with heat 0.45-0.60, 30-90 days before close"


@dataclass(frozen=True)
class Calibration:
    """A step up through heat: each step a run of past readings (heat from `low` to `high`)
    and how many deals' worth of them were won, its chance their win rate pulled toward the
    team's by PRIOR_DEALS made-up deals. Isotonic: a hotter deal never gets a lower chance."""

    low: Floats  # per step, its lowest heat
    high: Floats
    won: Floats  # per step, deals won (a deal read at three horizons counts a third each time)
    deals: Floats
    base_rate: float

    def chances(self, heat: Floats) -> Floats:
        return self._step_chances()[self._step(heat)]

    def _step(self, heat: Floats) -> Ints:
        # The step whose heats hold it, or the one below the gap it falls in.
        return np.clip(np.searchsorted(self.low, heat, side="right") - 1, 0, self.low.size - 1)

    def _step_chances(self) -> Floats:
        return (self.won + PRIOR_DEALS * self.base_rate) / (self.deals + PRIOR_DEALS)

    def win_chance(self, heat: float) -> WinChance:
        step = int(self._step(np.array([heat]))[0])
        chance = float(self._step_chances()[step])
        won, deals = round(float(self.won[step])), round(float(self.deals[step]))
        low, high = float(self.low[step]), float(self.high[step])
        like = f"heat {low:.2f}" if high - low < 0.005 else f"heat {low:.2f} to {high:.2f}"
        reason = (
            f"won {won} of {plural(deals, 'past deal')} that had {like} "
            f"{HORIZONS[0]} to {HORIZONS[-1]} days before their close"
        )
        # Said whenever the pull shows in the figure: a chance must agree with its reason.
        if round(chance, 2) != round(float(self.won[step] / self.deals[step]), 2):
            few = " as that is few deals" if deals < 3 * PRIOR_DEALS else ""
            reason += f", pulled toward the team's {self.base_rate:.0%}{few}"
        return WinChance(chance, reason)


def calibrate(heats: Floats, won: Bools, deal: Ints) -> Calibration | None:
    """The steps learned from readings of closed deals (`deal` says whose: a deal is read once
    per horizon, and each reading weighs as that share of the deal); None below MIN_DEALS.
    Pool adjacent violators: readings by heat, neighbouring runs merged while a hotter one
    won less often."""
    closed, per_deal = np.unique(deal, return_counts=True)
    if closed.size < MIN_DEALS:
        return None
    weight = 1.0 / per_deal[np.searchsorted(closed, deal)]
    heat_levels, at = np.unique(heats, return_inverse=True)
    deals = np.bincount(at, weights=weight)
    wins = np.bincount(at, weights=weight * won)
    # Each run: [low, high, won, deals].
    least = max(float(PRIOR_DEALS), closed.size / MOST_STEPS)
    runs: list[list[float]] = []

    def merge() -> None:
        _, high, w, n = runs.pop()
        runs[-1][1:] = [high, runs[-1][2] + w, runs[-1][3] + n]

    for level, n, w in zip(heat_levels.tolist(), deals.tolist(), wins.tolist(), strict=True):
        runs.append([level, level, w, n])
        # Merged while the run below wins as often or more, or is too few deals to say.
        while len(runs) > 1 and (
            runs[-2][3] < least or runs[-2][2] * runs[-1][3] >= runs[-1][2] * runs[-2][3]
        ):
            merge()
    if len(runs) > 1 and runs[-1][3] < least:
        merge()
    table = np.array(runs)
    base = float(table[:, 2].sum() / table[:, 3].sum())
    return Calibration(table[:, 0], table[:, 1], table[:, 2], table[:, 3], base)


# --- the back-test's scores -----------------------------------------------------------------


@dataclass(frozen=True)
class Bin:
    predicted: float  # mean predicted chance of the readings in it
    observed: float  # their win rate
    count: int


@dataclass(frozen=True)
class HorizonScore:
    days: int
    deals: int
    base_rate: float  # of the deals scored
    brier: float
    baseline_brier: float  # of the win rate of deals closed before each moment
    bins: tuple[Bin, ...]  # the non-empty tenths of predicted chance, lowest first

    @property
    def skill(self) -> float:
        """1 - Brier / baseline Brier: above 0, heat beat the base rate."""
        if self.baseline_brier == 0:
            return 0.0
        return 1.0 - self.brier / self.baseline_brier


def score(days: int, predicted: Floats, baseline: Floats, won: Bools) -> HorizonScore | None:
    """The scores of predictions against outcomes; None when nothing was predicted."""
    if predicted.size == 0:
        return None
    y = won.astype(np.float64)
    tenth = np.minimum((predicted * BINS).astype(np.int64), BINS - 1)
    bins = tuple(
        Bin(float(predicted[tenth == b].mean()), float(y[tenth == b].mean()), int(n))
        for b, n in enumerate(np.bincount(tenth, minlength=BINS))
        if n
    )
    return HorizonScore(
        days,
        int(predicted.size),
        float(y.mean()),
        float(np.mean((predicted - y) ** 2)),
        float(np.mean((baseline - y) ** 2)),
        bins,
    )


def verdict(scores: list[HorizonScore], closed: int, readings: int) -> str:
    """One plain sentence: has heat beaten the base rate on this team's history? `closed`:
    the deals closed; `readings`: their readings at the horizons asked, scored or not."""
    if not scores:
        if closed > MIN_DEALS and readings == 0:
            return "Nothing to score: no closed deal was open that long before its close."
        return (
            f"Not enough history yet: {plural(closed, 'closed deal')}; the back-test scores a "
            f"deal once {MIN_DEALS} others had closed before the month it closed in."
        )
    best = max(scores, key=lambda s: s.skill)
    if best.skill < CLEAR_SKILL:
        return (
            "Heat has not beaten the team's plain win rate on its own history: read win "
            "chance as a guess, not a forecast."
        )
    return (
        f"Heat beat the team's plain win rate: skill {best.skill:.2f} at {best.days} days "
        "before close (0 is no better than the win rate, 1 is perfect)."
    )
