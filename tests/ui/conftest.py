"""Qt fixtures: a runner on its own database worker, and main windows on real books."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

pytest.importorskip("PySide6")

from zoneinfo import ZoneInfo

from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.store.db import open_store
from warroom.ui.main_window import MainWindow
from warroom.ui.ops import OperationRunner


@pytest.fixture
def runner(qapp) -> Iterator[OperationRunner]:
    made = OperationRunner()
    yield made
    made.shutdown()


@pytest.fixture
def open_window(qtbot, runner: OperationRunner) -> Iterator[Callable[[DataFolder], MainWindow]]:
    stores = []
    windows = []  # held until teardown: a collected window would delete its views mid-flight

    def _open(folder: DataFolder) -> MainWindow:
        store = open_store(folder.ensure().book)
        stores.append(store)
        window = MainWindow(runner, folder, ZoneInfo("UTC"), first_run=False)
        # Not qtbot.addWidget: pytest-qt closes those before fixtures end, while this
        # fixture must first let operations in flight land on a window that still exists.
        windows.append(window)
        window.show()
        window.attach_book(Book(store))
        qtbot.waitUntil(lambda: runner.idle)
        return window

    yield _open
    # Let operations still in flight land before their stores and widgets go away.
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    for store in stores:
        store.close()
    for window in windows:
        window.close()
        window.deleteLater()
