"""Enrol stakeholders of a whale in a cadence, from a start day."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from warroom.domain.cadence import SavedTemplate
from warroom.domain.whales import Stakeholder
from warroom.ui.dates import DateField
from warroom.ui.dialogs.whale_box import Named, WhaleBox

# A whale's people, and the cadence each one already runs (by person id).
Enrollable = tuple[list[Stakeholder], dict[str, str]]


class EnrolDialog(QDialog):
    def __init__(
        self,
        whales: Sequence[Named],
        templates: Sequence[SavedTemplate],
        current_whale: str | None,
        me: str | None,
        today: date,
        load_people: Callable[[str, Callable[[Enrollable], None]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Enrol in a cadence")
        self._load_people = load_people
        self.whale = WhaleBox(whales, current_whale, me)
        self.people = QListWidget()
        self.template = QComboBox()
        for template in templates:
            self.template.addItem(f"{template.name} ({len(template.steps)} steps)", template.id)
        opener = self.template.findText("Whale opener", Qt.MatchFlag.MatchStartsWith)
        self.template.setCurrentIndex(max(opener, 0))
        self.start = DateField(QDate(today.year, today.month, today.day))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("ddd yyyy-MM-dd")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Whale", self.whale)
        form.addRow("&Stakeholders", self.people)
        form.addRow("&Cadence", self.template)
        form.addRow("Start &on", self.start)
        form.addRow(self.error)
        form.addRow(buttons)
        self.whale.currentIndexChanged.connect(self._on_whale_changed)
        self._on_whale_changed()

    def _on_whale_changed(self) -> None:
        self.people.clear()
        whale_id = self.whale.currentData()
        if whale_id:
            self._load_people(whale_id, self._on_people)

    def _on_people(self, found: Enrollable) -> None:
        people, running = found
        for person in people:
            if person.whale_id != self.whale.currentData():
                continue
            words = f"{person.name}, {person.title}".strip(", ")
            cadence = running.get(person.id)
            item = QListWidgetItem(f"{words}  (in {cadence})" if cadence else words)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            # The champion is offered first, unless a cadence already has them.
            ticked = person.role == "champion" and cadence is None
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.people.addItem(item)

    def chosen_people(self) -> list[str]:
        return [
            self.people.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.people.count())
            if self.people.item(i).checkState() == Qt.CheckState.Checked
        ]

    def start_on(self) -> date:
        day = self.start.date()
        return date(day.year(), day.month(), day.day())

    def accept(self) -> None:
        if self.whale.currentIndex() < 0:
            self.error.setText("Say which whale: type part of its name.")
            return
        if not self.chosen_people():
            self.error.setText("Tick at least one stakeholder (add them on the whale's page).")
            return
        super().accept()
