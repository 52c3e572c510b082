"""Today over a real book: the CLI, the list and the streak agree; swaps keep five."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from warroom.cli import main
from warroom.domain.errors import BadInput
from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.services.today import Today

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
    assert rows[-1].reason == "swapped in: their CFO is in town"


def test_the_team_figures_cover_every_rep(demo_book: Book) -> None:
    team = Today(demo_book).team(NOW)
    assert len(team) == 6
    assert all(0.0 <= row.made_rate_4_weeks <= 1.0 for row in team)
    assert any(row.streak > 0 for row in team) and any(row.made_rate_4_weeks < 0.8 for row in team)


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
