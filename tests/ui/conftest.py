"""Qt fixtures: a runner on its own database worker, and main windows on real books."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

pytest.importorskip("PySide6")

from zoneinfo import ZoneInfo

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from warroom.paths import DataFolder
from warroom.services.open_book import OpenBook
from warroom.ui import main_window
from warroom.ui.main_window import MainWindow
from warroom.ui.ops import OperationRunner

NOW_TEXT = "2026-11-23T15:00:00+00:00"
_BOOKKEEPING = ("created_at", "updated_at", "deleted_at")
# Today's plan is written when Today is read (the day's first list, kept so rows hold still),
# not by an edit; undo takes back edits, so the plan is left out of the comparison.
_DERIVED = ("day_plan_rows",)


def book_dump(folder: DataFolder, *, plans: bool = False) -> dict[str, list[dict[str, object]]]:
    """What the book holds as a user sees it (live rows, no bookkeeping times), read through a
    connection of its own, as another process would."""
    from warroom.store.db import open_store
    from warroom.store.tables import dump

    store = open_store(folder.book)
    try:
        with store.transaction() as session:
            tables = dump(session)
    finally:
        store.close()
    return {
        name: [
            {k: v for k, v in row.items() if k not in _BOOKKEEPING}
            for row in rows
            if row["deleted_at"] is None
        ]
        for name, rows in tables.items()
        if plans or name not in _DERIVED
    }


@pytest.fixture(scope="session")
def dump_of() -> Callable[[DataFolder], dict[str, list[dict[str, object]]]]:
    return book_dump


@pytest.fixture(autouse=True, scope="session")
def collect_on_the_gui_thread(qapp) -> Iterator[None]:
    """As in the app: the garbage collector runs on the GUI thread only (ui/collector.py)."""
    from warroom.ui.collector import GuiThreadCollector

    collector = GuiThreadCollector(qapp)
    yield
    collector.stop()


@pytest.fixture
def runner(qapp) -> Iterator[OperationRunner]:
    made = OperationRunner()
    yield made
    made.shutdown()


@pytest.fixture
def open_window(
    qtbot, runner: OperationRunner, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., MainWindow]]:
    windows = []  # held until teardown: a collected window would delete its views mid-flight

    def _open(
        folder: DataFolder, *, first_run: bool = False, keyring=None, morning: bool = False
    ) -> MainWindow:  # type: ignore[no-untyped-def]
        # The app opens on Today before the rep's lunch cut-off, else where it was left (the
        # Whales at first): pinned, so a test opens on the same section at any hour it runs.
        monkeypatch.setattr(main_window, "before_lunch", lambda _me, _at: morning)
        window = MainWindow(runner, folder, ZoneInfo("UTC"), first_run=first_run, keyring=keyring)
        # Not qtbot.addWidget: pytest-qt closes those before fixtures end, while this
        # fixture must first let operations in flight land on a window that still exists.
        windows.append(window)
        window.show()
        window.activateWindow()
        path = folder.ensure().book
        runner.open(lambda: OpenBook.open(path, _now()))
        qtbot.waitUntil(lambda: runner.idle and window.book_open, timeout=10_000)
        # The keyboard goes into the section once it has loaded, as the user finds it.
        qtbot.waitUntil(lambda: QApplication.focusWidget() not in (None, window.nav))
        return window

    yield _open
    # Let operations still in flight land before their widgets go away.
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    for window in windows:
        window.close()
        window.deleteLater()


def _now():  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.fromisoformat(NOW_TEXT)


def focused() -> QWidget:
    """The widget that has the keyboard now: where a real key press lands. A dialog just
    opened is activated first, as the window manager would (the offscreen platform does not)."""
    popup = QApplication.activePopupWidget()
    if popup is not None:
        return popup.focusWidget() or popup
    modal = QApplication.activeModalWidget()
    if modal is not None and QApplication.activeWindow() is not modal:
        modal.activateWindow()
        QApplication.processEvents()
    elif QApplication.activeWindow() is None:
        # A dialog closed: the window manager gives the keyboard back to the window under it.
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
        if shown:
            shown[-1].activateWindow()
            QApplication.processEvents()
    widget = QApplication.focusWidget()
    if widget is None and modal is not None:
        widget = modal.focusWidget() or modal
    if widget is None:
        widget = QApplication.activeWindow()  # a window with no focused widget takes the key
    assert widget is not None, "nothing has the keyboard focus"
    return widget


class Keyboard:
    """Keys pressed as a user presses them: on whatever has the focus, through Qt's shortcut
    map, one key sequence at a time."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self._qtbot = qtbot

    def press(self, *sequences: str) -> None:
        for text in sequences:
            sequence = QKeySequence(text)
            assert sequence.count() == 1, f"one key combination at a time, not {text!r}"
            combination = sequence[0]
            self._qtbot.keyClick(focused(), combination.key(), combination.keyboardModifiers())

    def type(self, text: str) -> None:
        self._qtbot.keyClicks(focused(), text)


@pytest.fixture
def keyboard(qtbot) -> Keyboard:  # type: ignore[no-untyped-def]
    return Keyboard(qtbot)


@pytest.fixture
def takes_back(qtbot, runner: OperationRunner, keyboard: Keyboard):  # type: ignore[no-untyped-def]
    """`takes_back(folder, before, after)`: Ctrl+Z puts the book back exactly as it was before
    the edit, Ctrl+Shift+Z exactly as it was after."""

    def check(folder: DataFolder, before: object, after: object) -> None:
        assert before != after, "the edit changed nothing"
        keyboard.press("Ctrl+Z")
        qtbot.waitUntil(lambda: runner.idle)
        assert book_dump(folder) == before
        keyboard.press("Ctrl+Shift+Z")
        qtbot.waitUntil(lambda: runner.idle)
        assert book_dump(folder) == after

    return check
