"""Add or edit a stakeholder: who they are, their role in the decision, our relationship."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

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
    def __init__(self, person: Stakeholder, parent: QWidget | None = None) -> None:
        super().__init__("Edit stakeholder" if person.name else "Add a stakeholder", parent)
        self._person = person
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
        form.addRow("&Influence (1-5)", self.influence)
        form.addRow("Our re&lationship (1-5)", self.relationship)
        form.addRow("&Email", self.email)
        form.addRow("&Profile", self.profile)
        form.addRow(self.signed)
        form.addRow("&Moved from", self.moved_from)
        self.add_buttons()

    def choice(self) -> Stakeholder:
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
            )
        )
