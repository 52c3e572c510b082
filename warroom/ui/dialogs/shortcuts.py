"""The keyboard help (F1 or ?): every shortcut, so nothing needs the mouse."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

IN_VIEWS = (
    ("Whales", "Ctrl+F", "Filter the list"),
    ("Whales", "Esc", "Clear the filter"),
    ("Whales", "↑ ↓", "Move through whales; the selected one opens below"),
    ("Whale page", "Alt+D / Alt+F / Alt+S / Alt+I", "Decay, Definition, Stakeholders, Timeline"),
    ("Definition", "Ctrl+S", "Save the definition"),
    ("Stakeholders", "Ins / Enter / Del", "Add, edit, remove a stakeholder"),
    ("Timeline", "Del", "Delete the selected touch"),
    ("Log a touch", "type a letter", "Pick the kind (c: call attempt, m: meeting, o: on-site)"),
)


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = [
            (action.text().replace("&", ""), action.shortcut().toString())
            for action in actions
            if not action.shortcut().isEmpty()
        ]
        html = ["<table cellpadding='4'>"]
        html += [f"<tr><td><b>{keys}</b></td><td>{text}</td></tr>" for text, keys in rows]
        html += [
            f"<tr><td><b>{keys}</b></td><td>{what} <i>({where})</i></td></tr>"
            for where, keys, what in IN_VIEWS
        ]
        html.append("</table>")
        self.table = QLabel("".join(html))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
