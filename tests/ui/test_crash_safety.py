"""Crash safety: a report instead of a vanishing window, rotating logs, automatic backups on
close, and restoring a backup from the app."""

from __future__ import annotations

import sys
from pathlib import Path

from warroom.logs import start_logging
from warroom.paths import DataFolder
from warroom.ui.crash import install_excepthook


def test_an_uncaught_exception_shows_a_copyable_report_and_the_log(qtbot, tmp_path: Path) -> None:
    log_path = start_logging(tmp_path / "logs")
    previous = sys.excepthook
    try:
        shown = install_excepthook(log_path, lambda: None)
        try:
            raise ZeroDivisionError("heat divided by nothing")
        except ZeroDivisionError:
            sys.excepthook(*sys.exc_info())
        [dialog] = shown
        qtbot.addWidget(dialog)
        assert "ZeroDivisionError: heat divided by nothing" in dialog.report.toPlainText()
        assert str(log_path) in dialog.intro.text()
        dialog.copy()
        from PySide6.QtGui import QGuiApplication

        assert "heat divided by nothing" in QGuiApplication.clipboard().text()
        assert "heat divided by nothing" in log_path.read_text()
    finally:
        sys.excepthook = previous


def test_a_second_start_on_the_same_book_hands_over_to_the_first(
    qtbot, home: DataFolder, tmp_path: Path
) -> None:
    from warroom.ui.single import SingleInstance

    first = SingleInstance(home)
    shown: list[bool] = []
    assert not first.hand_over()  # nobody has the book yet
    first.listen(lambda: shown.append(True))
    second = SingleInstance(home)
    assert second.hand_over()
    qtbot.waitUntil(lambda: bool(shown))
    other = SingleInstance(DataFolder(tmp_path / "another-book"))
    assert not other.hand_over()  # another data folder is another app
    assert first.server is not None
    first.server.close()
