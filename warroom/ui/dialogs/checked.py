"""A form dialog whose OK first checks what was typed: a BadInput shows under the form in red
and keeps the dialog open, so nothing half-valid is ever saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from warroom.domain.errors import BadInput


class CheckedDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        self.setMinimumWidth(480)  # room for an address or a link, and for the error line

    def add_buttons(self) -> QDialogButtonBox:
        """Call once the rows are in: the error line, then Save and Cancel."""
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.form.addRow(self.error)
        self.form.addRow(buttons)
        return buttons

    def choice(self) -> Any:
        """What the user entered, checked; raise BadInput with what to fix."""
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.choice()
        except BadInput as exc:
            self.error.setText(str(exc))
            return
        super().accept()
