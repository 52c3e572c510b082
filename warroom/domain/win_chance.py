"""Win chance: the probability that a deal is won, read from its heat by the team's own
closed deals, and the back-test's scores of it.

A calibration is a logistic curve over heat (Platt scaling) fitted on closed deals' heat 30,
60 and 90 days before their close (won = 1; lost and no decision = 0). It is pulled toward
the base rate (made-up deals won at the team's win rate) so that a few deals move it
little; below MIN_DEALS closed deals there is no number at all, only "not enough history
yet". Pure numpy; the back-test fits one for each moment from what was known then.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

HORIZONS = (30, 60, 90)  # days before a close at which a deal's heat is read
MIN_DEALS = 30
BINS = 10
# The pull toward the base rate, in made-up deals: with 30 real deals the data outweighs
# it three to one, with 300 thirty to one.
PRIOR_DEALS = 10
RIDGE = 1e-3
# Skill below this is noise: a verdict says heat beat the win rate only above it.
CLEAR_SKILL = 0.02
# "Heat like this": past readings within this much heat of the one asked about.
LIKE_THIS = 0.1
NOT_ENOUGH = f"not enough history yet: win chance needs {MIN_DEALS} closed deals"


@dataclass(frozen=True)
class WinChance:
    chance: float
    reason: str  # "won 7 of 10 past deals with heat like this, 30-90 days before close"


@dataclass(frozen=True)
class Calibration:
    """p = 1 / (1 + exp(-(intercept + slope * heat))), fitted on `heats` and `won`."""

    intercept: float
    slope: float
    base_rate: float
    deals: int
    heats: Floats  # the readings it was fitted on, for the reasons
    won: Bools
    deal: Ints  # which deal each reading is of (a deal is read at each horizon)

    def chances(self, heat: Floats) -> Floats:
        return _sigmoid(self.intercept + self.slope * heat)

    def win_chance(self, heat: float) -> WinChance:
        chance = float(self.chances(np.array([heat]))[0])
        like = np.abs(self.heats - heat) <= LIKE_THIS
        if int(like.sum()) < 5:
            # Too few alike: the ten nearest readings say it instead.
            nearest = np.argsort(np.abs(self.heats - heat), kind="stable")[:10]
            like = np.zeros(self.heats.size, dtype=bool)
            like[nearest] = True
            words = "nearest in heat to this"
        else:
            words = "with heat like this"
        deals, first = np.unique(self.deal[like], return_index=True)
        won = int(self.won[like][first].sum())
        return WinChance(
            chance,
            f"won {won} of {deals.size} past deals {words} "
            f"{HORIZONS[0]}-{HORIZONS[-1]} days before their close",
        )


def calibrate(heats: Floats, won: Bools, deal: Ints) -> Calibration | None:
    """The curve fitted on readings of closed deals (`deal` says whose: a deal is read once
    per horizon); None below MIN_DEALS deals.

    The pull toward the base rate is PRIOR_DEALS made-up deals, read at heats spread like the
    real ones and won at exactly the base rate: they flatten the curve of a team with thirty
    deals and are lost in the history of one with three hundred. Newton's method on the
    weighted likelihood (with a whisker of ridge, so a history with no overlap between wins
    and losses still gives a curve)."""
    deals = int(np.unique(deal).size)
    if deals < MIN_DEALS:
        return None
    y = won.astype(np.float64)
    base = float(y.mean())
    made_up = np.quantile(heats, np.linspace(0, 1, int(PRIOR_DEALS)))
    x = np.column_stack([np.ones(heats.size + made_up.size), np.r_[heats, made_up]])
    target = np.r_[y, np.full(made_up.size, base)]
    weight = np.r_[np.ones(heats.size), np.full(made_up.size, heats.size / deals)]
    beta = np.zeros(2)
    for _ in range(100):
        p = _sigmoid(x @ beta)
        gradient = x.T @ (weight * (target - p)) - RIDGE * beta
        hessian = (x.T * (weight * p * (1 - p))) @ x + RIDGE * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        beta = beta + step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return Calibration(float(beta[0]), float(beta[1]), base, deals, heats, won, deal)


def _sigmoid(z: Floats) -> Floats:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))


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


def verdict(scores: list[HorizonScore]) -> str:
    """One plain sentence: has heat beaten the base rate on this team's history?"""
    if not scores:
        return (
            f"Not enough history yet: the back-test scores a deal once {MIN_DEALS} others had "
            "closed before the month it closed in."
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
