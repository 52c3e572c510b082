"""Keys in a text field belong to the text first.

Ctrl+Del deletes the next word where the text cursor is, not the whale whose page holds the
field. And a text field takes Ctrl+Z for its own undo even when it has nothing to take back
(the whales filter right after the app opens, say), which would swallow the book's Ctrl+Z: once
a field has no typing left to undo, the key goes on to the window's Undo, so Ctrl+Z always takes
back the last thing the user did.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

_TEXT_KEYS = (
    QKeySequence.StandardKey.DeleteEndOfWord,
    QKeySequence.StandardKey.DeleteStartOfWord,
)


def _has_undo(widget: QObject, redo: bool) -> bool:
    if isinstance(widget, QLineEdit):
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        document = widget.document()
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    return True


class TextKeysFirst(QObject):
    """Installed on the application: sees each key offered to a text field as a shortcut."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QLineEdit | QPlainTextEdit | QTextEdit):
            return False
        if any(event.matches(key) for key in _TEXT_KEYS):
            event.accept()  # the field's own: no shortcut runs
            return True
        undo = event.matches(QKeySequence.StandardKey.Undo)
        redo = event.matches(QKeySequence.StandardKey.Redo)
        # Filtered out here, the key is not the field's: the window's Undo or Redo runs.
        return (undo or redo) and not _has_undo(watched, redo)
