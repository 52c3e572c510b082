"""Starting the app: open the book, build the window, run the event loop, shut down cleanly."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMessageBox

from warroom import __version__, clock
from warroom.domain.errors import WarroomError
from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.store.db import Store, open_store
from warroom.ui.main_window import MainWindow
from warroom.ui.ops import OperationRunner


def application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(list(argv))
    app.setApplicationName("Whale War Room")
    app.setOrganizationName("warroom")
    app.setApplicationVersion(__version__)
    return app


def build_window(folder: DataFolder, store: Store, runner: OperationRunner) -> MainWindow:
    window = MainWindow(Book(store), runner, folder, clock.local_zone())
    window.refresh()
    return window


def run(folder: DataFolder, *, war_room: bool = False, argv: Sequence[str] = ("warroom",)) -> int:
    app = application(argv)
    try:
        store = open_store(folder.ensure().book, at=clock.now())
    except WarroomError as exc:
        QMessageBox.critical(None, "Whale War Room", f"The book could not be opened.\n\n{exc}")
        print(f"warroom: {exc}", file=sys.stderr)
        return 2
    runner = OperationRunner()
    window = build_window(folder, store, runner)
    if war_room:
        window.show_section("War room")
    window.show()
    try:
        return app.exec()
    finally:
        runner.shutdown()
        store.close()
