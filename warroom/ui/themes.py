"""Light and dark looks, following the system unless the user chose.

Colours come from a palette on the Fusion style, so every control (radio buttons, spin
arrows, scroll bars) is drawn dark; resources/themes/*.qss only touches up our own widgets.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from warroom.paths import resources_dir

CHOICES = ("system", "light", "dark")

DARK_ROLES = {
    QPalette.ColorRole.Window: "#1b2229",
    QPalette.ColorRole.WindowText: "#e6e9ec",
    QPalette.ColorRole.Base: "#232c35",
    QPalette.ColorRole.AlternateBase: "#1e262e",
    QPalette.ColorRole.Text: "#e6e9ec",
    QPalette.ColorRole.PlaceholderText: "#8b96a1",
    QPalette.ColorRole.Button: "#2c3742",
    QPalette.ColorRole.ButtonText: "#e6e9ec",
    QPalette.ColorRole.ToolTipBase: "#2c3742",
    QPalette.ColorRole.ToolTipText: "#e6e9ec",
    QPalette.ColorRole.Highlight: "#2874a6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#6cb4ee",
    QPalette.ColorRole.Mid: "#34414d",
    QPalette.ColorRole.Dark: "#11161b",
    QPalette.ColorRole.Light: "#3c4a57",
}


def resolved(choice: str) -> str:
    """'light' or 'dark': the system's scheme when the choice is 'system'."""
    if choice in ("light", "dark"):
        return choice
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK_ROLES.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7680"))
    return palette


def apply(app: QApplication, choice: str) -> str:
    """Apply a theme to the whole app; returns the one applied."""
    name = resolved(choice)
    app.setStyle("Fusion")
    style = app.style()
    app.setPalette(dark_palette() if name == "dark" else style.standardPalette())
    app.setStyleSheet((resources_dir() / "themes" / f"{name}.qss").read_text(encoding="utf-8"))
    return name
