"""Today driven as a rep would: one key checks a row off, a swap keeps five, the reminder."""

from __future__ import annotations

from datetime import UTC, datetime

from warroom import clock
from warroom.paths import DataFolder


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
