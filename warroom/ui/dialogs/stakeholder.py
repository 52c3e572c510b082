"""Add or edit a stakeholder: who they are, their role in the decision, our relationship."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from warroom.domain.coverage import reports_of
from warroom.domain.errors import BadInput
from warroom.domain.kinds import STAKEHOLDER_ROLES
from warroom.domain.whales import Stakeholder, check_stakeholder
from warroom.ui.dialogs.checked import CheckedDialog

ROLE_LABELS = {
    "economic_buyer": "Economic buyer",
    "champion": "Champion",
    "influencer": "Influencer",
    "user": "User",
    "blocker": "Blocker",
}


def _scale(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1, 5)
    spin.setValue(value)
    return spin


class StakeholderDialog(CheckedDialog):
    def __init__(
        self,
        person: Stakeholder,
        parent: QWidget | None = None,
        colleagues: Sequence[Stakeholder] = (),
        today: date | None = None,
    ) -> None:
        """`colleagues`: the whale's other stakeholders, whom this one may report to;
        `today`: the day a newly ticked "left the account" is dated."""
        super().__init__("Edit stakeholder" if person.name else "Add a stakeholder", parent)
        self._person = person
        self._today = today
        self.reports_to = QComboBox()
        self.reports_to.addItem("(nobody here)", None)
        # Not to themselves, nor to anyone under them: an org chart has a top.
        under = reports_of(person.id, colleagues) if person.id else set()
        for other in sorted(colleagues, key=lambda p: p.name.lower()):
            if other.id != person.id and other.id not in under:
                self.reports_to.addItem(other.name, other.id)
        self.reports_to.setCurrentIndex(max(self.reports_to.findData(person.reports_to_id), 0))
        self.left = QCheckBox("Le&ft the account")
        self.left.setChecked(person.left_on is not None)
        self.now_at = QLineEdit(
            person.now_at, placeholderText="where they went: a whale's name or another company"
        )
        self.name = QLineEdit(person.name)
        self.title_edit = QLineEdit(person.title, placeholderText="e.g. VP Operations")
        self.role = QComboBox()
        for role in STAKEHOLDER_ROLES:
            self.role.addItem(ROLE_LABELS[role], role)
        self.role.setCurrentIndex(STAKEHOLDER_ROLES.index(person.role))
        self.influence = _scale(person.influence)
        self.relationship = _scale(person.relationship)
        self.email = QLineEdit(person.email)
        self.profile = QLineEdit(
            person.profile_url, placeholderText="https://www.linkedin.com/in/…"
        )
        self.signed = QCheckBox("Signed with us before")
        self.signed.setChecked(person.signed_before)
        self.moved_from = QLineEdit(
            person.moved_from, placeholderText="e.g. signed our SOW at Acme"
        )
        form = self.form
        form.addRow("&Name", self.name)
        form.addRow("&Title", self.title_edit)
        form.addRow("&Role in the decision", self.role)
        form.addRow("Reports t&o", self.reports_to)
        form.addRow("&Influence (1-5)", self.influence)
        form.addRow("Our re&lationship (1-5)", self.relationship)
        form.addRow("&Email", self.email)
        form.addRow("&Profile", self.profile)
        form.addRow(self.signed)
        form.addRow("&Moved from", self.moved_from)
        form.addRow(self.left)
        form.addRow("No&w at", self.now_at)
        self.add_buttons()

    def choice(self) -> Stakeholder:
        if self.now_at.text().strip() and not self.left.isChecked():
            raise BadInput("tick Left the account to say where they went")
        return check_stakeholder(
            replace(
                self._person,
                name=self.name.text(),
                title=self.title_edit.text(),
                role=self.role.currentData(),
                influence=self.influence.value(),
                relationship=self.relationship.value(),
                email=self.email.text(),
                profile_url=self.profile.text(),
                signed_before=self.signed.isChecked(),
                moved_from=self.moved_from.text(),
                reports_to_id=self.reports_to.currentData(),
                left_on=(self._person.left_on or self._today) if self.left.isChecked() else None,
                now_at=self.now_at.text().strip() if self.left.isChecked() else "",
            )
        )
