"""Hold a whale out of the closet and Today until a day, with why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from warroom.domain.closet import check_hold
from warroom.ui.dates import DateField
from warroom.ui.dialogs.checked import CheckedDialog


@dataclass(frozen=True)
class HoldChoice:
    until: date
    reason: str


class HoldDialog(CheckedDialog):
    def __init__(
        self, whale: str, today: date, offered: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Hold {whale}", parent)
        self._today = today
        self.until = DateField(QDate(offered.year, offered.month, offered.day))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("ddd yyyy-MM-dd")
        self.until.setMinimumDate(QDate(today.year, today.month, today.day).addDays(1))
        self.reason = QLineEdit(placeholderText="e.g. Budget frozen until the new fiscal year")
        # Named in the body too: a title bar is not always there to read (a tiling desktop).
        self.form.addRow("Whale", QLabel(whale))
        self.form.addRow("&Until", self.until)
        self.form.addRow("&Why", self.reason)
        self.add_buttons()
        self.reason.setFocus()

    def choice(self) -> HoldChoice:
        picked = self.until.date()
        until = date(picked.year(), picked.month(), picked.day())
        hold = check_hold("", until, self.reason.text(), self._today)
        return HoldChoice(hold.until, hold.reason)
