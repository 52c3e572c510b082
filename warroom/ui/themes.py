"""Light and dark looks from resources/themes, following the system unless the user chose."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from warroom.paths import resources_dir

CHOICES = ("system", "light", "dark")


def resolved(choice: str) -> str:
    """'light' or 'dark': the system's scheme when the choice is 'system'."""
    if choice in ("light", "dark"):
        return choice
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def apply(app: QApplication, choice: str) -> str:
    """Apply a theme to the whole app; returns the one applied."""
    name = resolved(choice)
    app.setStyleSheet((resources_dir() / "themes" / f"{name}.qss").read_text(encoding="utf-8"))
    return name
