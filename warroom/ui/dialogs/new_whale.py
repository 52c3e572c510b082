"""Write down a new whale: its name, and its deal size if known (the rest on its page)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from warroom.domain.errors import BadInput
from warroom.domain.values import parse_amount
from warroom.ui.dialogs.checked import CheckedDialog


class NewWhaleDialog(CheckedDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("New whale", parent)
        self.name = QLineEdit(placeholderText="The company's name")
        self.deal_size = QLineEdit(placeholderText="e.g. 750k or 1.2M (can wait)")
        self.form.addRow("&Name", self.name)
        self.form.addRow("&Deal size", self.deal_size)
        self.add_buttons()
        self.setMinimumWidth(420)
        self.warned: str | None = None  # the name a same-company warning was given for

    def choice(self) -> tuple[str, int]:
        """The name and deal size typed; BadInput saying what to fix."""
        name = self.name.text().strip()
        if not name:
            raise BadInput("a whale needs a name: the company's, as you would say it")
        text = self.deal_size.text().strip()
        try:
            size = parse_amount(text) if text else 0
        except BadInput as exc:
            raise BadInput(f"deal size: {exc}") from exc
        return name, size

    def show_error(self, text: str) -> None:
        """What the book refused (a name already taken, say), with the dialog open again."""
        self.error.setText(text)
        self.open()
