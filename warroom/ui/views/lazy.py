"""Sections that load only when seen: a hidden section marks itself stale instead of loading,
and catches up when shown, so one edit does not recompute every screen of the app."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget


class LoadWhenShown(QWidget):
    # Nothing to load before a book is open; its opening (Changes(book=True)) marks every
    # section stale, and the one shown loads.
    _stale = False

    def refresh(self) -> None:
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.load()

    def load(self) -> None:
        raise NotImplementedError

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
