from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.cadence import CadenceStep, CadenceTemplate, check_template, due_dates
from warroom.domain.errors import BadInput

MON_FRI = (1, 2, 3, 4, 5)


def test_a_step_due_on_saturday_moves_to_monday() -> None:
    friday = date(2026, 11, 20)
    assert due_dates(friday, [0, 1, 3], MON_FRI) == [friday, date(2026, 11, 23), date(2026, 11, 23)]


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    offsets=st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=12).map(sorted),
    workdays=st.sets(st.integers(min_value=1, max_value=7), min_size=1).map(sorted),
)
def test_due_dates_fall_on_workdays_in_order_and_never_early(
    start: date, offsets: list[int], workdays: list[int]
) -> None:
    dues = due_dates(start, offsets, workdays)
    assert all(day.isoweekday() in workdays for day in dues)
    assert dues == sorted(dues)
    for offset, day in zip(offsets, dues, strict=True):
        assert day >= start + timedelta(days=offset)
        assert day - (start + timedelta(days=offset)) < timedelta(days=7)


def test_a_template_with_an_unknown_channel_is_refused() -> None:
    template = CadenceTemplate("Opener", "", (CadenceStep(0, "carrier_pigeon", "send"),))
    with pytest.raises(BadInput, match="step 1: unknown channel 'carrier_pigeon'"):
        check_template(template)


def test_a_template_whose_days_go_back_is_refused() -> None:
    steps = (CadenceStep(3, "email_sent", "a"), CadenceStep(1, "call_attempt", "b"))
    with pytest.raises(BadInput, match="step 2"):
        check_template(CadenceTemplate("Opener", "", steps))


def test_resuming_moves_pending_steps_by_the_workdays_of_the_pause() -> None:
    from warroom.domain.cadence import resumed_due_dates, workdays_between

    friday, tuesday = date(2026, 11, 20), date(2026, 11, 24)
    assert workdays_between(friday, tuesday, MON_FRI) == 2  # Friday and Monday were lost
    moved = resumed_due_dates([date(2026, 11, 25), date(2026, 11, 27)], friday, tuesday, MON_FRI)
    assert moved == [date(2026, 11, 27), date(2026, 12, 1)]  # Wed->Fri, Fri->Tue


def test_due_dates_over_a_month_end_and_a_weekend() -> None:
    assert due_dates(date(2026, 1, 29), [0, 2, 3], MON_FRI) == [
        date(2026, 1, 29),
        date(2026, 2, 2),
        date(2026, 2, 2),
    ]


def test_follow_through_counts_who_gave_up_after_two_tries() -> None:
    from warroom.domain.cadence import EnrolmentOutcome, follow_through

    outcomes = [
        EnrolmentOutcome("r1", "Whale opener", "stopped", 1, 10),
        EnrolmentOutcome("r1", "Whale opener", "stopped", 2, 10),
        EnrolmentOutcome("r1", "Whale opener", "stopped", 6, 10),
        EnrolmentOutcome("r1", "Whale opener", "engaged", 4, 10),
        EnrolmentOutcome("r1", "Whale opener", "active", 3, 10),
        EnrolmentOutcome("r2", "Whale opener", "finished", 10, 10),
    ]
    [first, second] = follow_through(outcomes)
    assert (first.rep_id, first.enrolments, first.ended, first.engaged) == ("r1", 5, 4, 1)
    assert first.abandoned_early == 2 and first.abandoned_rate == 0.5
    assert first.average_touches == (1 + 2 + 6 + 4) / 4
    assert (second.abandoned_early, second.average_touches) == (0, 10)


def test_follow_through_says_nothing_until_an_enrolment_ends() -> None:
    """Pass: with none ended, given-up and touches read as a dash, not "0 (0%)" and "0.0"."""
    from warroom.domain.cadence import FollowThrough

    waiting = FollowThrough("rep", "Trigger strike", 3, 0, 0, 0, 0.0)
    assert (waiting.given_up_words, waiting.touches_words) == ("—", "—")
    ended = FollowThrough("rep", "Trigger strike", 5, 4, 2, 1, 3.75)
    assert (ended.given_up_words, ended.touches_words) == ("1 (25%)", "3.8")
