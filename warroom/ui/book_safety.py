"""Nothing lost: backups by hand, every 30 minutes while the book is edited and on close,
and putting a backup back in place of the book."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow

from warroom import clock
from warroom.paths import DataFolder
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook
    from warroom.ui.dialogs.restore import RestoreDialog

CHECK_MS = 5 * 60_000  # how often to ask whether an automatic backup is due
log = logging.getLogger(__name__)


class BookSafety(QObject):
    def __init__(self, runner: OperationRunner, window: QMainWindow, folder: DataFolder) -> None:
        super().__init__(window)
        self._runner, self._window, self._folder = runner, window, folder
        self._edited = False
        self._last_backup: datetime | None = None
        self.restore_dialog: RestoreDialog | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.backup_if_due)
        self._timer.start(CHECK_MS)
        # Every edit of this window (an import too, which changes the whole book), and
        # undo and redo; the main window adds what others wrote (the command line, a sync).
        runner.edited.connect(lambda _title: self.mark_edited())

    def mark_edited(self) -> None:
        self._edited = True

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 6000)

    def backup_now(self) -> None:
        book_path, folder = self._folder.book, self._folder.backups

        def backup() -> Path:
            from warroom.services import backups  # the store is loaded by now; keep startup lean

            return backups.backup(book_path, folder, clock.now())

        self._runner.run(backup, on_success=lambda path: self._say(f"Backed up to {path}"))

    def backup_if_due(self) -> None:
        """Every 30 minutes while the book is being edited, a thinned automatic backup."""
        from warroom.domain.backups import due

        now = clock.now()
        if self._runner.book_path is None or not due(self._last_backup, now, self._edited):
            return
        self._edited = False
        self._last_backup = now
        path, folder = self._folder.book, self._folder.backups

        def backup() -> Path:
            from warroom.services import backups

            return backups.auto_backup(path, folder, now)

        self._runner.run(backup)

    def on_close(self) -> None:
        """A last automatic backup if anything was edited; on close the worker may already be
        winding down, so here, on this thread. One that cannot be written (a full disk) is
        logged and the window closes all the same: the book itself is whole."""
        if self._runner.book_path is not None and self._edited:
            from warroom.domain.errors import BadInput
            from warroom.services import backups

            self._edited = False
            try:
                backups.auto_backup(self._folder.book, self._folder.backups, clock.now())
            except BadInput as error:
                log.warning("no automatic backup on close: %s", error)

    def ask_restore(self) -> None:
        from warroom.ui.dialogs.restore import RestoreDialog

        dialog = RestoreDialog(self._folder.backups, self._window)
        dialog.accepted.connect(lambda: self.restore(dialog.chosen()))
        self.restore_dialog = dialog
        dialog.open()

    def restore(self, source: Path | None) -> None:
        """Put a backup in place of the book (the current one is kept first) and open it, with
        a new, empty undo journal: Ctrl+Z never reaches across a restore."""
        if source is None:
            return
        folder = self._folder

        def restore() -> OpenBook:
            from warroom.services import backups
            from warroom.services.open_book import OpenBook

            backups.restore(folder.book, source, folder.backups, clock.now())
            return OpenBook.open(folder.book, clock.now())

        def reopen() -> OpenBook:
            from warroom.services.open_book import OpenBook

            return OpenBook.open(folder.book, clock.now())

        self._runner.open(
            restore, lambda _path: self._say(f"Restored {source.name}"), reopen=reopen
        )
