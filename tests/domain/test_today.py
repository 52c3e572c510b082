"""Five whales before lunch: the order of the list, made days in local time, the streak."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.records import Rep, WhaleSummary
from warroom.domain.today import (
    DueStep,
    FreshTrigger,
    calendar,
    candidates,
    made_days,
    made_rate,
    moved_to,
    progress_text,
    reminder_due,
    streak,
    whales_before_cutoff,
    zone_at,
    zone_of_day,
)

NY = "America/New_York"
REP = Rep("r1", "Avery", "", NY, time(12, 0), (1, 2, 3, 4, 5))
MONDAY = date(2026, 11, 23)
AT = datetime(2026, 11, 23, 8, 30, tzinfo=ZoneInfo(NY))


def whale(
    i: str,
    size: int = 1_000_000,
    heat: float = 0.0,
    sink: float = 0.0,
    touches: int = 5,
    owner: str = "r1",
) -> WhaleSummary:
    return WhaleSummary(
        i,
        f"Whale {i}",
        "",
        owner,
        "Avery",
        size,
        "USD",
        "engaged",
        "",
        False,
        touches,
        None,
        None,
        heat,
        sink,
        size * heat,
    )


def test_a_due_step_above_a_fresh_trigger_above_a_sinking_whale_above_a_big_cold_one() -> None:
    whales = [
        whale("cold", size=5_000_000, heat=0.05),
        whale("sink", heat=0.55, sink=4),
        whale("trig", heat=0.1),
        whale("step", heat=0.1),
        whale("other", size=10),
    ]
    due = [DueStep("step", MONDAY, "step 3 of Whale opener", "call_attempt", "s1")]
    triggers = [
        FreshTrigger("trig", "leadership_change", AT - timedelta(days=2), "New CFO: Dana Reyes")
    ]
    rows = candidates(REP, AT, whales, due, triggers)
    assert [r.whale.id for r in rows] == ["step", "trig", "sink", "cold", "other"]
    assert [r.rule for r in rows] == [1, 2, 3, 4, 4]
    assert rows[0].reason == "step 3 of Whale opener due"
    assert rows[1].reason == "New CFO: Dana Reyes (2 days ago)"
    assert rows[2].reason == "sinks in 4 days"
    assert rows[3].reason == "5,000,000 USD, under the watermark"
    assert rows[0].step_ref == "s1"  # Space on this row does that step


def test_an_overdue_step_says_by_how_much_and_an_old_trigger_is_not_fresh() -> None:
    whales = [whale(str(i)) for i in range(6)]
    due = [
        DueStep("0", MONDAY - timedelta(days=3), "step 2 of Trigger strike", "call_attempt", "s")
    ]
    old = [FreshTrigger("1", "m_and_a", AT - timedelta(days=8), "Acquired a rival")]
    rows = candidates(REP, AT, whales, due, old)
    assert rows[0].reason == "step 2 of Trigger strike overdue by 3 days"
    assert all(r.rule != 2 for r in rows)


def test_never_touched_comes_first_among_equals() -> None:
    whales = [whale("seen", touches=3), whale("new", touches=0)]
    rows = candidates(REP, AT, whales, (), ())
    assert [r.whale.id for r in rows] == ["new", "seen"]
    assert rows[0].reason == "never touched"


@given(st.integers(min_value=0, max_value=12), st.integers(min_value=0, max_value=8))
def test_at_least_five_rows_when_five_whales_exist(count: int, due_count: int) -> None:
    whales = [whale(str(i), size=250_000 * (i + 1), heat=(i % 10) / 10) for i in range(count)]
    due = [
        DueStep(str(i), MONDAY, f"step {i}", "email_sent", f"s{i}")
        for i in range(min(due_count, count))
    ]
    rows = candidates(REP, AT, whales, due, ())
    assert len(rows) >= min(5, count)
    assert len({r.whale.id for r in rows}) == len(rows)


def test_only_the_reps_own_whales_are_listed() -> None:
    rows = candidates(REP, AT, [whale("a"), whale("b", owner="r2")], (), ())
    assert [r.whale.id for r in rows] == ["a"]


def ny(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo(NY)).astimezone(UTC)


def five(day: date, hour: int, minute: int) -> list[tuple[str, datetime]]:
    return [(f"w{i}", ny(day, hour, minute)) for i in range(5)]


@pytest.mark.parametrize("zone", [NY, "Asia/Tokyo", "Europe/Berlin"])
def test_a_day_is_made_at_11_59_and_not_at_12_01_local(zone: str) -> None:
    from dataclasses import replace

    rep = replace(REP, timezone=zone)

    def at(hour: int, minute: int) -> list[tuple[str, datetime]]:
        local = datetime.combine(MONDAY, time(hour, minute), ZoneInfo(zone))
        return [(f"w{i}", local.astimezone(UTC)) for i in range(5)]

    assert made_days(at(11, 59), rep) == {MONDAY}
    assert made_days(at(12, 1), rep) == set()


def test_five_touches_on_one_whale_do_not_make_the_day() -> None:
    assert made_days([("w1", ny(MONDAY, 9))] * 5, REP) == set()


def test_the_cut_off_holds_across_the_daylight_saving_change() -> None:
    # New York moved clocks back on Sunday 2026-11-01; 11:30 local is 16:30 UTC after it
    # and 15:30 UTC before it. Both are before noon where the rep is.
    before, after = date(2026, 10, 30), date(2026, 11, 2)
    touches = five(before, 11, 30) + five(after, 11, 30)
    assert made_days(touches, REP) == {before, after}
    assert ny(after, 11, 30).hour == 16 and ny(before, 11, 30).hour == 15
    assert made_days(five(after, 12, 5), REP) == set()


def test_a_touch_late_at_night_utc_belongs_to_the_local_day() -> None:
    late = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Monday 21:00 in New York
    assert made_days([(f"w{i}", late) for i in range(5)], REP) == set()  # after lunch Monday


def test_the_streak_skips_weekends_and_holds_while_today_is_open() -> None:
    made = {date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20)}  # Wed, Thu, Fri
    assert streak(made, REP, MONDAY, today_count=2).current == 3  # Monday not over yet
    assert streak(made | {MONDAY}, REP, MONDAY, 5).current == 4


def test_a_missed_workday_breaks_the_streak_and_best_remembers() -> None:
    made = {
        date(2026, 11, 9),
        date(2026, 11, 10),
        date(2026, 11, 11),
        date(2026, 11, 12),
        date(2026, 11, 18),
        date(2026, 11, 19),
        date(2026, 11, 20),
    }  # a gap on 13 to 17
    result = streak(made, REP, MONDAY, 0)
    assert (result.current, result.best) == (3, 4)
    assert streak(made, REP, MONDAY + timedelta(days=1), 0).current == 0  # Monday missed


def test_custom_workdays_count() -> None:
    weekend_rep = Rep("r", "Sam", "", "UTC", time(12), (6, 7))
    made = {date(2026, 11, 21), date(2026, 11, 22)}  # Saturday, Sunday
    assert streak(made, weekend_rep, MONDAY, 0).current == 2


def test_the_calendar_has_one_cell_a_workday_for_26_weeks() -> None:
    cells = calendar({MONDAY}, REP, MONDAY)
    assert len(cells) == 25 * 5 + 1  # 25 full weeks and this Monday
    assert cells[-1] == (MONDAY, True)
    assert all(day.isoweekday() <= 5 for day, _ in cells)


def test_made_rate_over_four_weeks() -> None:
    made = {
        MONDAY - timedelta(days=d)
        for d in range(1, 29)
        if (MONDAY - timedelta(days=d)).isoweekday() <= 5
    }
    assert made_rate(made, REP, MONDAY) == 1.0
    assert made_rate(set(), REP, MONDAY) == 0.0


def test_the_reminder_comes_once_before_lunch_when_short_of_five() -> None:
    eleven = ny(MONDAY, 11, 0)
    assert reminder_due(eleven, REP, time(11), 3, None)
    assert not reminder_due(eleven, REP, time(11), 5, None)
    assert not reminder_due(eleven, REP, time(11), 3, MONDAY)
    assert not reminder_due(ny(MONDAY, 10, 59), REP, time(11), 3, None)
    assert not reminder_due(ny(MONDAY, 12, 0), REP, time(11), 3, None)
    assert not reminder_due(ny(date(2026, 11, 22), 11, 0), REP, time(11), 0, None)  # Sunday


def test_a_rep_who_started_this_week_is_measured_over_their_own_days() -> None:
    from dataclasses import replace

    new = replace(REP, started_on=MONDAY)
    assert made_rate({MONDAY}, new, MONDAY) == 1.0  # one workday, made
    assert made_rate(set(), new, MONDAY) is None  # today not over, nothing behind: too early


def test_the_progress_says_how_the_day_stands() -> None:
    cutoff = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    early = cutoff - timedelta(hours=1, minutes=25)
    assert progress_text(3, cutoff, early) == "3 of 5 before lunch · 1 h 25 min left"
    assert progress_text(6, cutoff, early) == "6 whales before lunch: today is made"  # not 6 of 5
    assert progress_text(2, cutoff, cutoff).endswith("lunch has passed, today was not made")
    # A Sunday is not 'not made': the streak counts workdays only.
    assert progress_text(0, cutoff, cutoff, workday=False).endswith("the streak waits")


def test_a_move_keeps_each_day_in_the_zone_it_was_lived_in() -> None:
    """Pass: New York to Tokyo at New York's Monday 09:00 (Tokyo's Monday 23:00): days before
    Tokyo's Monday stay New York's; a 10:00 New York touch on the Friday before still counts
    for that Friday morning (in Tokyo it is midnight, Saturday). Straight back, nothing was
    lived in Tokyo, and the history is as it was."""
    at = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    tokyo = moved_to(REP, "Asia/Tokyo", at)
    assert tokyo.zones_before == ((date(2026, 11, 23), NY),)
    assert zone_of_day("Asia/Tokyo", tokyo.zones_before, date(2026, 11, 20)) == NY
    friday_ten = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # 10:00 in New York
    assert whales_before_cutoff([("w", friday_ten)], tokyo) == {date(2026, 11, 20): {"w"}}
    assert zone_at("Asia/Tokyo", tokyo.zones_before, friday_ten) == NY
    assert zone_at("Asia/Tokyo", tokyo.zones_before, at) == "Asia/Tokyo"
    back = moved_to(tokyo, NY, at)
    assert (back.timezone, back.zones_before) == (NY, ((date(2026, 11, 23), NY),))
    assert whales_before_cutoff([("w", friday_ten)], back) == whales_before_cutoff(
        [("w", friday_ten)], REP
    )


def test_a_long_trigger_note_reads_as_a_whole_clause_on_today() -> None:
    """Pass: a 'champion moved in' note too long for the column reads as its first clause
    ("...) is now here"), not cut after its colon; a note with no short clause is cut at a
    word, with an ellipsis."""
    whales = [whale("moved"), whale("long")]
    moved = "Anna Schmidt (Procurement Lead at Nestle SA) is now here: 3 touches together"
    long = "Opened a plant in Ohio with twelve hundred engineers and a new procurement office"
    triggers = [
        FreshTrigger("moved", "champion_moved_in", AT - timedelta(days=1), moved),
        FreshTrigger("long", "expansion", AT - timedelta(days=1), long),
    ]
    reasons = {r.whale.id: r.reason for r in candidates(REP, AT, whales, (), triggers)}
    assert reasons["moved"] == (
        "Anna Schmidt (Procurement Lead at Nestle SA) is now here (yesterday)"
    )
    assert (
        reasons["long"] == "Opened a plant in Ohio with twelve hundred engineers and a… (yesterday)"
    )
