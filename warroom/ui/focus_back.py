"""The keyboard goes back to the window a dialog came from when the dialog closes.

A window manager gives the focus back to the window under a dialog it unmaps; a desktop
without one (a kiosk, some tiling set-ups, a virtual screen) leaves no window with the focus,
and the next key (Ctrl+T right after a touch was logged) went nowhere until a click. The
dialog's own window is made active again, which changes nothing where the desktop did it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


class FocusBack(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and isinstance(watched, QDialog):
            parent = watched.parentWidget()
            if parent is not None:
                under = parent.window()
                # After the hide is done (the dialog may hand over to another, a message), and
                # not at all if the window goes meanwhile (the timer dies with its context).
                QTimer.singleShot(0, under, lambda: _activate(under))
        return False


def _activate(window: QWidget) -> None:
    if (
        window.isVisible()
        and QApplication.activeWindow() is None
        and QApplication.activeModalWidget() is None
    ):
        window.activateWindow()
