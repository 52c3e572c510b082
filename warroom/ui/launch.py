"""Starting the app: open the book, build the window, run the event loop, shut down cleanly."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from warroom import __version__, clock
from warroom.domain.errors import WarroomError
from warroom.paths import DataFolder
from warroom.store.staging import clean_leftovers
from warroom.ui.collector import GuiThreadCollector
from warroom.ui.main_window import MainWindow
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook
    from warroom.services.team_keys import KeyringBackend


DESKTOP_ID = "io.github.warroom.WarRoom"
EXPOSE_WAIT_MS = 1000


def application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(list(argv))
    app.setApplicationName("Whale War Room")
    app.setOrganizationName("warroom")
    app.setApplicationVersion(__version__)
    # Ties windows to packaging/linux's desktop entry (its icon and name on Wayland docks).
    app.setDesktopFileName(DESKTOP_ID)
    from warroom.ui.reminder import app_icon

    app.setWindowIcon(app_icon())
    return app


def open_book(folder: DataFolder) -> OpenBook:
    """Open (or create) the book; run on the database worker, so the window shows first."""
    from warroom.services.open_book import OpenBook

    return OpenBook.open(folder.ensure().book, clock.now())


class _Exposed(QObject):
    """Calls `then` once, when the window it watches is first on screen (or after a second,
    should it never be: started minimized, or on a screen that does not say)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then: Callable[[], None] | None = then
        handle = window.windowHandle()
        if handle.isExposed():
            QTimer.singleShot(0, self._once)
            return
        handle.installEventFilter(self)
        QTimer.singleShot(EXPOSE_WAIT_MS, self._once)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        exposed = isinstance(watched, QWindow) and watched.isExposed()
        if event.type() == QEvent.Type.Expose and exposed:
            watched.removeEventFilter(self)
            # After the expose is handled: the first frame is painted before the book's
            # thread starts importing and competing for the interpreter.
            QTimer.singleShot(0, self._once)
        return False

    def _once(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def when_exposed(window: QWidget, then: Callable[[], None]) -> None:
    """Run `then` once `window` (already shown) is on screen: the book opens after the window
    is drawn, so opening (seconds of imports and reads on a big book) never delays it."""
    _Exposed(window, then)


def _save_when_loaded(window: MainWindow, runner: OperationRunner, path: Path) -> None:
    """Once the first loads are in, save a picture of the window and quit."""
    if not (window.book_open and runner.idle):
        QTimer.singleShot(50, lambda: _save_when_loaded(window, runner, path))
        return
    QApplication.processEvents()  # let labels filled by the last results lay themselves out
    if not window.grab().save(str(path)):
        print(f"warroom: could not write {path}", file=sys.stderr)
        QApplication.exit(2)
        return
    QApplication.quit()


def run(
    folder: DataFolder,
    *,
    war_room: bool = False,
    screenshot: Path | None = None,
    argv: Sequence[str] = ("warroom",),
    keyring: Callable[[], KeyringBackend] | None = None,
) -> int:
    app = application(argv)
    from warroom.logs import start_logging
    from warroom.ui.crash import install_excepthook

    log_path = start_logging(folder.logs)
    from warroom.ui import themes

    themes.apply(app, "system")  # the user's own choice follows once the book is open
    from warroom.ui.single import SingleInstance

    single = SingleInstance(folder)
    if screenshot is None and single.hand_over():
        print("warroom: the app is already open on this book; it was brought to the front")
        return 0
    clean_leftovers(folder.root, folder.backups)
    collector = GuiThreadCollector(app)
    runner = OperationRunner()
    code = 0
    window: MainWindow | None = None

    def refuse(error: Exception) -> None:
        nonlocal code
        code = 2 if isinstance(error, WarroomError) else 1
        QMessageBox.critical(window, "Whale War Room", f"The book could not be opened.\n\n{error}")
        print(f"warroom: {error}", file=sys.stderr)
        app.exit(code)

    def opened(_path: Path) -> None:
        if war_room and window is not None:
            window.show_section("War room")
            window.start_war_room()

    window = MainWindow(
        runner, folder, clock.LocalTime(), keyring=keyring, follow_zone=clock.follow_zone
    )
    install_excepthook(log_path, lambda: window)
    if screenshot is None:
        single.listen(window.come_forward)
    window.show()
    when_exposed(window, lambda: runner.open(lambda: open_book(folder), opened, refuse))
    if screenshot is not None:
        QTimer.singleShot(0, lambda: _save_when_loaded(window, runner, screenshot))
    try:
        return app.exec() or code
    finally:
        runner.shutdown()
        collector.stop()
