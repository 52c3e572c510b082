"""Today over a real book: the CLI, the list and the streak agree; swaps keep five."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from warroom.cli import main
from warroom.domain.errors import BadInput
from warroom.domain.today import made_days
from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.services.today import Today
from warroom.store import today as inputs

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 09:00 in New York


def _book_with_whales(book: Book, count: int = 7) -> list[str]:
    book.set_me("Avery", "America/New_York", NOW)
    return [book.add_whale(f"Whale {i}", NOW, deal_size=1_000_000 + i).value for i in range(count)]


def test_touches_check_rows_off_and_count_before_lunch(book: Book) -> None:
    ids = _book_with_whales(book)
    report = Today(book).today(None, NOW)
    assert len(report.rows) == 5 and report.before_lunch == 0
    first = report.rows[0].whale.id
    book.log_touch(first, "call_attempt", NOW - timedelta(minutes=5), NOW)
    again = Today(book).today(None, NOW)
    assert [r.done for r in again.rows if r.whale.id == first] == [True]
    assert again.before_lunch == 1
    for whale_id in ids[1:5]:
        book.log_touch(whale_id, "email_sent", NOW, NOW)
    made = Today(book).today(None, NOW)
    assert made.before_lunch == 5 and made.streak.made_today and made.streak.current == 1


def test_a_swap_needs_a_reason_and_keeps_the_list_at_five(book: Book) -> None:
    ids = _book_with_whales(book)
    today = Today(book)
    listed = [r.whale.id for r in today.today(None, NOW).rows]
    outside = next(i for i in ids if i not in listed)
    with pytest.raises(BadInput, match="say why"):
        today.swap(None, NOW, listed[0], outside, " ")
    with pytest.raises(BadInput, match="already"):
        today.swap(None, NOW, listed[0], listed[1], "x")
    today.swap(None, NOW, listed[0], outside, "their CFO is in town")
    rows = today.today(None, NOW).rows
    assert listed[0] not in [r.whale.id for r in rows] and len(rows) >= 5
    assert rows[0].whale.id == outside  # in the place of the one it replaced
    assert rows[0].reason == "swapped in: their CFO is in town"


def test_the_team_figures_cover_every_rep(demo_book: Book) -> None:
    team = Today(demo_book).team(NOW)
    assert len(team) == 6
    rates = [row.made_rate_4_weeks for row in team]
    assert all(rate is None or 0.0 <= rate <= 1.0 for rate in rates)
    assert any(row.streak > 0 for row in team) and any(row.made_rate_4_weeks < 0.8 for row in team)


def test_a_rep_who_moves_zone_keeps_the_days_they_made(demo_book: Book) -> None:
    """Pass: moving New York to Tokyo in Settings re-judged a year of New York mornings at
    Tokyo's hours (95% made became 5%, the streak 0). The days before the move stay judged
    where they were lived: the made rate barely moves (one day turns over), the calendar's
    days before the move are as they were; moving back changes nothing either."""
    today = Today(demo_book)
    me = demo_book.me()
    assert me is not None and me.timezone == "America/New_York"
    before = today.streak(None, NOW)
    team = demo_book.team_settings()
    demo_book.save_settings(me.name, team, "Asia/Tokyo", NOW)
    moved = Today(demo_book).streak(None, NOW)
    assert before.made_rate_4_weeks is not None and moved.made_rate_4_weeks is not None
    assert abs(moved.made_rate_4_weeks - before.made_rate_4_weeks) <= 0.06
    earlier = dict(before.calendar)
    assert {day: made for day, made in moved.calendar if day < before.day} == {
        day: made for day, made in earlier.items() if day < before.day
    }
    assert moved.streak.best == before.streak.best
    demo_book.save_settings(me.name, team, "America/New_York", NOW)
    back = Today(demo_book).streak(None, NOW)
    assert back.made_rate_4_weeks == before.made_rate_4_weeks
    assert back.streak == before.streak


def test_the_command_line_gives_the_same_rows_as_the_service(demo_home: DataFolder, capsys) -> None:
    assert main(["today", "--json", "--at", "2026-11-23T14:00:00+00:00"]) == 0
    printed = json.loads(capsys.readouterr().out)
    from warroom.store.db import open_store

    store = open_store(demo_home.book)
    report = Today(Book(store)).today(None, NOW)
    store.close()
    assert [r["whale_id"] for r in printed["rows"]] == [r.whale.id for r in report.rows]
    assert [r["reason"] for r in printed["rows"]] == [r.reason for r in report.rows]
    assert [r["done"] for r in printed["rows"]] == [r.done for r in report.rows]
    assert len(printed["rows"]) >= 5
    assert main(["today", "--at", "2026-11-23T14:00:00+00:00"]) == 0
    text = capsys.readouterr().out
    assert "before lunch" in text and report.rows[0].whale.name[:20] in text


def test_streak_on_the_command_line(demo_home: DataFolder, capsys) -> None:
    assert main(["streak", "--json", "--at", "2026-11-23T14:00:00+00:00"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["best"] >= printed["current"] >= 0
    assert len(printed["calendar"]) == 126
    assert main(["streak"]) == 0
    assert "Mon" in capsys.readouterr().out


def test_today_for_an_unknown_rep_is_one_line(demo_home: DataFolder, capsys) -> None:
    assert main(["today", "--rep", "Nobody"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_rows_hold_still_while_the_rep_works_down_the_list(book: Book) -> None:
    """Pass: touching whales (which changes their heat and so the rules' order) moves no row;
    a whale touched off the plan comes last, checked."""
    ids = _book_with_whales(book, count=8)
    today = Today(book)
    morning = [r.whale.id for r in today.today(None, NOW).rows]
    book.log_touch(morning[2], "onsite", NOW, NOW)  # would drop it from "sinks soon" order
    off_plan = next(i for i in ids if i not in morning)
    book.log_touch(off_plan, "call_attempt", NOW, NOW)
    rows = today.today(None, NOW + timedelta(hours=1)).rows
    assert [r.whale.id for r in rows] == [*morning, off_plan]
    assert [r.done for r in rows] == [False, False, True, False, False, True]
    assert rows[-1].reason == "touched, not planned"


def test_the_plan_is_kept_in_the_book_so_the_command_line_agrees(
    book: Book, home: DataFolder, capsys
) -> None:
    _book_with_whales(book, count=8)
    shown = [r.whale.id for r in Today(book).today(None, NOW).rows]
    book.add_whale("Whale Late", NOW, deal_size=99_000_000)  # would top the rules' order now
    assert main(["today", "--json", "--at", NOW.isoformat()]) == 0
    listed = json.loads(capsys.readouterr().out)["rows"]
    assert [r["whale_id"] for r in listed] == shown


def test_space_on_a_cadence_row_does_that_step_once(demo_book: Book) -> None:
    """Pass: working a 'step N of T due' row logs the step's touch (its channel and
    stakeholder), the step leaves the due queue, and a second press is refused."""
    from warroom.services.cadences import Cadences

    today, cadences = Today(demo_book), Cadences(demo_book)
    at = NOW
    report = today.today(None, at)
    row = next(r for r in report.rows if r.rule == 1 and r.plan.step_ref)
    step_id = row.plan.step_ref
    assert step_id in {item.step_id for item in cadences.due(None, at)}
    before = len(demo_book.workspace.page(row.whale.id).timeline)
    touch_id = today.work(None, at, row.whale.id).value
    assert step_id not in {item.step_id for item in cadences.due(None, at)}
    timeline = demo_book.workspace.page(row.whale.id).timeline
    assert len(timeline) == before + 1
    [touch] = [t for t in timeline if t.id == touch_id]
    assert touch.kind == row.suggested_kind
    with pytest.raises(BadInput, match=f"{re.escape(row.whale.name)}: already touched today"):
        today.work(None, at, row.whale.id)


def test_planning_the_day_afresh_takes_the_rules_order_of_now(book: Book) -> None:
    _book_with_whales(book, count=6)
    today = Today(book)
    today.today(None, NOW)
    late = book.add_whale("Whale Late", NOW, deal_size=99_000_000).value
    assert late not in [r.whale.id for r in today.today(None, NOW).rows]
    today.rebuild(None, NOW)
    assert today.today(None, NOW).rows[0].whale.id == late


def test_the_streak_from_kept_days_equals_the_rule_over_every_touch(book: Book) -> None:
    """Pass: the days before today come from counts kept in the book (store.kept) and today's
    from a fresh count; after a day made last Friday, touches backdated to Thursday, and
    touches this morning, a new Today (as a new process would make) gives the made days and
    today's count that domain.today.made_days gives over every touch."""
    ids = _book_with_whales(book)
    rep = book.resolve_rep(None)
    friday = NOW - timedelta(days=3)
    for whale_id in ids[:5]:
        book.log_touch(whale_id, "email_sent", friday, NOW)

    def agree(at: datetime, today_count: int) -> None:
        report = Today(book).streak(None, at)
        with book.store.transaction() as session:
            every = inputs.rep_touches(session, rep.id, at - timedelta(days=30), at)
        made = made_days(every, rep)
        shown = {day for day, was_made in report.calendar if was_made}
        assert shown == {day for day, _ in report.calendar if day in made}
        assert shown >= {friday.date()}
        assert report.streak.today_count == today_count

    agree(NOW, 0)
    agree(NOW, 0)  # from the kept counts
    for whale_id in ids[:5]:
        book.log_touch(whale_id, "call_attempt", NOW - timedelta(days=4), NOW)
    agree(NOW, 0)
    for whale_id in ids[:3]:
        book.log_touch(whale_id, "email_sent", NOW - timedelta(minutes=30), NOW)
    agree(NOW, 3)
    agree(NOW + timedelta(minutes=30), 3)


def test_the_made_rate_weeks_ago_from_todays_counts_equals_the_streak_asked_then(
    demo_book: Book,
) -> None:
    """Pass: for every rep of the demo book, and moments before, during and after a morning,
    the made rate four weeks back taken from today's counts is the streak's own made rate
    asked at that moment (the team table's trend depends on it)."""
    today = Today(demo_book)
    for rep in demo_book.reps():
        for hours in (0, 3, 9, 20):
            at = NOW + timedelta(hours=hours)
            then = at - timedelta(days=28)
            expected = Today(demo_book).streak(rep.id, then).made_rate_4_weeks
            assert today.made_rate_then(rep.id, at, then) == expected


def test_space_does_a_due_step_at_a_whale_touched_earlier_today(demo_book: Book) -> None:
    """Pass: a whale touched this morning, before its cadence step was due on the list, shows
    checked; working its row still does the step (it leaves the due queue), once."""
    from warroom.services.cadences import Cadences

    today, cadences = Today(demo_book), Cadences(demo_book)
    row = next(r for r in today.today(None, NOW).rows if r.rule == 1 and r.plan.step_ref)
    demo_book.log_touch(row.whale.id, "research", NOW, NOW)
    row = next(r for r in today.today(None, NOW).rows if r.whale.id == row.whale.id)
    assert row.done and row.plan.step_ref in {item.step_id for item in cadences.due(None, NOW)}
    today.work(None, NOW, row.whale.id)
    assert row.plan.step_ref not in {item.step_id for item in cadences.due(None, NOW)}
    with pytest.raises(BadInput, match="already touched today"):
        today.work(None, NOW, row.whale.id)
