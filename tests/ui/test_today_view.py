"""Today driven as a rep would: one key checks a row off, a swap keeps five, the reminder."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from warroom import clock
from warroom.paths import DataFolder


def _today(qtbot, window, runner):
    window.show_section("Today")
    view = window.sections["Today"]
    qtbot.waitUntil(lambda: runner.idle and view.report is not None)
    return view


def test_space_logs_the_suggested_touch_and_checks_the_row(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    view = _today(qtbot, window, runner)
    assert len(view.report.rows) >= 5
    assert view.model.index(0, 0).data() == ""
    view.table.setFocus()
    view.table.selectRow(0)
    whale = view.report.rows[0].whale.id
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: runner.idle and view.report.rows[0].done)
    assert view.report.rows[0].whale.id == whale
    assert view.model.index(0, 0).data() == "✓"
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: runner.idle and not view.report.rows[0].done)


def test_s_swaps_a_row_for_another_whale_with_a_reason(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    view = _today(qtbot, window, runner)
    leaving = view.report.rows[1].whale.id
    view.table.setFocus()
    view.table.selectRow(1)
    qtbot.keyClick(view.table, Qt.Key.Key_S)
    qtbot.waitUntil(
        lambda: getattr(view, "swap_dialog", None) is not None and view.swap_dialog.isVisible()
    )
    dialog = view.swap_dialog
    dialog.accept()
    assert "Say why" in dialog.error.text() and dialog.isVisible()
    dialog.reason.setText("meeting their CFO at the conference")
    arriving = dialog.whale.currentData()
    dialog.accept()
    qtbot.waitUntil(lambda: runner.idle and leaving not in [r.whale.id for r in view.report.rows])
    ids = [r.whale.id for r in view.report.rows]
    assert arriving in ids and len(ids) >= 5


def test_the_reminder_speaks_before_lunch_only_when_short_of_five(
    qtbot, demo_home: DataFolder, open_window, runner, monkeypatch
) -> None:
    window = open_window(demo_home)
    me = window.who.text()
    assert me.startswith("Me: ")
    # 11:05 in New York on a Monday: after the 11:00 reminder, before the 12:00 cut-off.
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 23, 16, 5, tzinfo=UTC))
    store_me = window.book.me()
    monkeypatch.setattr(
        type(window.book),
        "me",
        lambda self: store_me.__class__(**{**store_me.__dict__, "timezone": "America/New_York"}),
    )
    window.reminder.check()
    qtbot.waitUntil(lambda: runner.idle)
    assert window.reminder.shown and "0 of 5" in window.reminder.shown[0]
    window.reminder.check()  # once a day at most
    qtbot.waitUntil(lambda: runner.idle)
    assert len(window.reminder.shown) == 1
