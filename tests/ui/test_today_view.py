"""Today driven as a rep would: one key checks a row off, a swap keeps five, the reminder."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from warroom import clock
from warroom.paths import DataFolder
from warroom.ui.views.today import TEAM_ROWS_SHOWN


def test_the_reminder_speaks_before_lunch_only_when_short_of_five(
    qtbot, demo_home: DataFolder, open_window, runner, monkeypatch
) -> None:
    window = open_window(demo_home)
    me = window.who.text()
    assert me.startswith("Me: ")
    # 11:05 in New York on a Monday: after the 11:00 reminder, before the 12:00 cut-off.
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 23, 16, 5, tzinfo=UTC))
    from dataclasses import replace

    from warroom.services.book import Book

    real_me = Book.me
    monkeypatch.setattr(
        Book, "me", lambda self: replace(real_me(self), timezone="America/New_York")
    )
    window.reminder.check()
    qtbot.waitUntil(lambda: runner.idle)
    assert window.reminder.shown and "0 of 5" in window.reminder.shown[0]
    window.reminder.check()  # once a day at most
    qtbot.waitUntil(lambda: runner.idle)
    assert len(window.reminder.shown) == 1


def _team_of(home: DataFolder, count: int, started: datetime | None = None) -> None:
    from warroom.services.book import Book
    from warroom.store.db import open_store

    store = open_store(home.ensure().book)
    book = Book(store)
    for n in range(count):
        book.set_me(f"Rep {n:02d}", "UTC", started or datetime(2026, 11, 2, 9, tzinfo=UTC))
    store.close()


@pytest.mark.parametrize("reps", [6, 40])
def test_the_team_table_is_as_tall_as_its_reps_up_to_a_dozen(
    qtbot, home: DataFolder, open_window, runner, keyboard, reps: int
) -> None:
    _team_of(home, reps)
    window = open_window(home)
    keyboard.press("Ctrl+1")
    view = window.sections["Today"]
    qtbot.waitUntil(lambda: runner.idle and view.team_model.rowCount() == reps)
    table = view.team
    scrolls = table.verticalScrollBar().maximum() > 0
    assert scrolls == (reps > TEAM_ROWS_SHOWN)
    if reps <= TEAM_ROWS_SHOWN:
        assert table.height() < 40 * (reps + 2)  # no empty band below the rows


def test_a_new_rep_reads_too_early_to_tell_not_a_made_rate(
    qtbot, home: DataFolder, open_window, runner, keyboard
) -> None:
    _team_of(home, 1, started=datetime.now(UTC))  # joined today
    window = open_window(home)
    keyboard.press("Ctrl+1")
    view = window.sections["Today"]
    qtbot.waitUntil(lambda: runner.idle and view.report is not None)
    assert "too early to tell" in view.streak.text()


def test_at_local_midnight_the_open_app_plans_the_new_day(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, monkeypatch
) -> None:
    from datetime import date, time, timedelta
    from zoneinfo import ZoneInfo

    from warroom.services.book import Book
    from warroom.store.db import open_store

    store = open_store(demo_home.book)
    me = Book(store).me()
    store.close()
    zone = ZoneInfo(me.timezone)
    late = datetime.combine(date(2026, 11, 23), time(23, 59, 50), zone)
    now = [late]
    monkeypatch.setattr(clock, "now", lambda: now[0].astimezone(UTC))
    window = open_window(demo_home)
    keyboard.press("Ctrl+1")
    view = window.sections["Today"]
    qtbot.waitUntil(lambda: runner.idle and view.report is not None)
    assert view.report.day == date(2026, 11, 23)
    now[0] = late + timedelta(seconds=20)  # past midnight: Tuesday
    view._tick.timeout.emit()  # the half-minute tick
    qtbot.waitUntil(lambda: runner.idle and view.report.day == date(2026, 11, 24))
    assert "Tuesday" in view.title.text()
