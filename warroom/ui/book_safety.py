"""Nothing lost: backups by hand, every 30 minutes while the book is edited and on close,
and putting a backup back in place of the book."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow

from warroom import clock
from warroom.domain.changes import Changes
from warroom.paths import DataFolder
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.book import Book
    from warroom.ui.dialogs.restore import RestoreDialog

CHECK_MS = 5 * 60_000  # how often to ask whether an automatic backup is due


class BookSafety(QObject):
    def __init__(
        self,
        runner: OperationRunner,
        window: QMainWindow,
        folder: DataFolder,
        reopened: Callable[[Book], None],
    ) -> None:
        super().__init__(window)
        self._runner, self._window, self._folder = runner, window, folder
        self._reopened = reopened
        self._book: Book | None = None
        self._edited = False
        self._last_backup: datetime | None = None
        self.restore_dialog: RestoreDialog | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.backup_if_due)
        self._timer.start(CHECK_MS)

    def attach(self, book: Book) -> None:
        self._book = book

    def mark_edited(self) -> None:
        self._edited = True

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 6000)

    def backup_now(self) -> None:
        if self._book is None:
            return
        book_path, folder = self._book.store.path, self._folder.backups

        def backup() -> Path:
            from warroom.services import backups  # the store is loaded by now; keep startup lean

            return backups.backup(book_path, folder, clock.now())

        self._runner.run(backup, on_success=lambda path: self._say(f"Backed up to {path.name}"))

    def backup_if_due(self) -> None:
        """Every 30 minutes while the book is being edited, a thinned automatic backup."""
        from warroom.domain.backups import due

        book, now = self._book, clock.now()
        if book is None or not due(self._last_backup, now, self._edited):
            return
        self._edited = False
        self._last_backup = now
        path, folder = book.store.path, self._folder.backups

        def backup() -> Path:
            from warroom.services import backups

            return backups.auto_backup(path, folder, now)

        self._runner.run(backup)

    def on_close(self) -> None:
        """A last automatic backup if anything changed; on close the worker may already be
        winding down, so here, on this thread (it is quick)."""
        if self._book is not None and self._edited:
            from warroom.services import backups

            backups.auto_backup(self._book.store.path, self._folder.backups, clock.now())
            self._edited = False

    def ask_restore(self) -> None:
        if self._book is None:
            return
        from warroom.ui.dialogs.restore import RestoreDialog

        dialog = RestoreDialog(self._folder.backups, self._window)
        dialog.accepted.connect(lambda: self.restore(dialog.chosen()))
        self.restore_dialog = dialog
        dialog.open()

    def restore(self, source: Path | None) -> None:
        """Put a backup in place of the book (the current one is kept) and show it."""
        book = self._book
        if book is None or source is None:
            return
        folder, store = self._folder, book.store

        def restore() -> Book:
            from warroom.services import backups
            from warroom.ui.launch import open_book

            store.close()
            backups.restore(folder.book, source, folder.backups, clock.now())
            return open_book(folder)

        def restored(new_book: Book) -> None:
            self._reopened(new_book)
            self._runner.broadcast(Changes(book=True))
            self._say(f"Restored {source.name}")

        self._runner.run(restore, on_success=restored)
