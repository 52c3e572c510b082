"""Phases on hand-built histories, one per phase plus the at-risk flag; pillars at their edges."""

from __future__ import annotations

from dataclasses import replace

import pytest

from warroom.domain.journey import PILLAR_NAMES, PracticeInputs, RepHistory, phase, practice

STEADY = RepHistory(
    weeks_active=20,
    made_rate_4w=0.55,
    made_rate_prev_4w=0.55,
    meetings_8w=1,
    wins_26w=0,
    touches_2w=40,
    touches_prev_2w=40,
)


@pytest.mark.parametrize(
    ("history", "number"),
    [
        (replace(STEADY, wins_26w=1, made_rate_4w=0.7), 5),
        (replace(STEADY, weeks_active=3), 1),
        (replace(STEADY, meetings_8w=3), 4),
        (replace(STEADY, meetings_8w=0), 3),
        (replace(STEADY, made_rate_prev_4w=0.8, made_rate_4w=0.55), 3),
        (STEADY, 2),
    ],
)
def test_each_phase_from_its_history(history: RepHistory, number: int) -> None:
    assert phase(history).number == number


def test_the_valley_says_keep_going() -> None:
    valley = phase(replace(STEADY, meetings_8w=0, weeks_active=6.5))
    assert "no meeting in 8 weeks yet; keep going" in valley.describe()
    assert valley.describe().startswith("phase 3 (valley of despair)")


def test_a_falling_rep_in_the_valley_is_at_risk() -> None:
    falling = phase(replace(STEADY, meetings_8w=0, touches_2w=10, touches_prev_2w=40))
    assert falling.number == 3 and falling.at_risk
    assert "At risk of quitting" in falling.describe()
    assert not phase(replace(STEADY, meetings_8w=0)).at_risk


def test_a_win_without_the_ritual_is_not_success_yet() -> None:
    assert phase(replace(STEADY, wins_26w=1, made_rate_4w=0.59)).number != 5


FULL = PracticeInputs(
    whales_defined=10,
    made_rate_4w=0.6,
    cadences_ended=10,
    cadences_given_up=2,
    top_ten_owned=2,
    top_ten_engaged=2,
    closed_this_quarter=1,
    reviewed_this_quarter=1,
)


def test_a_full_practice_scores_one() -> None:
    assert practice(FULL).score == 1 and practice(FULL).missing == []


def test_the_legend_names_the_pillars_in_their_order() -> None:
    # The team view, the war room and the PDF print the legend beside the pillars' squares.
    assert tuple(p.name for p in practice(FULL).pillars) == PILLAR_NAMES


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"whales_defined": 9}, "whales defined"),
        ({"made_rate_4w": 0.59}, "daily ritual"),
        ({"cadences_given_up": 3}, "follow-through"),
        ({"cadences_ended": 0, "cadences_given_up": 0}, "follow-through"),
        ({"top_ten_engaged": 1}, "engagement"),
        ({"top_ten_owned": 0, "top_ten_engaged": 0}, "engagement"),
        ({"reviewed_this_quarter": 0}, "learning"),
    ],
)
def test_one_missing_pillar_makes_the_practice_zero(change: dict, missing: str) -> None:
    result = practice(replace(FULL, **change))
    assert result.score == 0 and result.missing == [missing]


def test_a_quarter_with_nothing_closed_has_nothing_to_learn_from_yet() -> None:
    assert practice(replace(FULL, closed_this_quarter=0, reviewed_this_quarter=0)).score == 1
