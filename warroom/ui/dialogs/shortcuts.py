"""The keyboard help (F1 or ?): every key of the action table, where it works, so nothing
needs the mouse."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from warroom.ui import actions


def shortcuts_html() -> str:
    html = ["<table cellpadding='3'>"]
    for where, specs in actions.groups():
        html.append(f"<tr><td colspan='2'><br><b>{escape(where)}</b></td></tr>")
        html += [
            f"<tr><td><code>{escape(actions.keys_text(spec))}</code></td>"
            f"<td>{escape(spec.label)}</td></tr>"
            for spec in specs
        ]
    html.append("</table>")
    return "".join(html)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.table = QLabel(shortcuts_html())
        self.table.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(640, 720)
