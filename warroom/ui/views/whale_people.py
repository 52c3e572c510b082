"""The stakeholder map of a whale: who decides, who champions, who blocks; add, edit, remove."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from warroom.domain.whales import Stakeholder
from warroom.ui import actions
from warroom.ui.dialogs.stakeholder import ROLE_LABELS, StakeholderDialog
from warroom.ui.models.rows import RecordsModel
from warroom.ui.views.lists import say, select_on_focus

COLUMNS: list[tuple[str, Callable[[Stakeholder], str]]] = [
    ("Name", lambda s: s.name),
    ("Title", lambda s: s.title),
    ("Role", lambda s: ROLE_LABELS.get(s.role, s.role)),
    ("Influence", lambda s: "●" * s.influence),
    ("Relationship", lambda s: "●" * s.relationship),
    ("Signed before", lambda s: "yes" if s.signed_before else ""),
    ("Moved from", lambda s: s.moved_from),
]


class PeoplePanel(QWidget):
    def __init__(
        self,
        add: Callable[[Stakeholder], None],
        edit: Callable[[Stakeholder, Stakeholder], None],
        remove: Callable[[Stakeholder], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._add, self._edit, self._remove = add, edit, remove
        self.whale_id = ""
        self.model: RecordsModel[Stakeholder] = RecordsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _: self.edit_selected())
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        select_on_focus(self.table)
        self.empty = QLabel(
            "No stakeholders yet. Who signs, who champions, who could block? Add them with Insert."
        )
        add_button = QPushButton("Add  (Ins)")
        add_button.clicked.connect(self.add_new)
        edit_button = QPushButton("Edit  (Enter)")
        edit_button.clicked.connect(self.edit_selected)
        remove_button = QPushButton("Remove  (Del)")
        remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.empty)
        buttons.addStretch(1)
        for button in (add_button, edit_button, remove_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        bound = [
            actions.make("add_person", self, self.add_new),
            actions.make("edit_person", self, self.edit_selected),
            actions.make("remove_person", self, self.remove_selected),
        ]
        actions.context_menu(self.table, bound)
        self.setFocusProxy(self.table)

    def show_people(self, whale_id: str, people: tuple[Stakeholder, ...]) -> None:
        self.whale_id = whale_id
        self.model.set_rows(people)
        self.empty.setVisible(not people)

    def _selected(self) -> Stakeholder | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def add_new(self) -> None:
        blank = Stakeholder("", self.whale_id, "", "", "influencer", 3, 1, "", "", False, "")
        dialog = StakeholderDialog(blank, self)
        dialog.accepted.connect(lambda: self._add(dialog.choice()))
        self.dialog = dialog
        dialog.open()

    def edit_selected(self) -> None:
        person = self._selected()
        if person is None:
            say(self, "No stakeholder yet: Ins adds one")
            return
        dialog = StakeholderDialog(person, self)
        dialog.accepted.connect(lambda: self._edit(person, dialog.choice()))
        self.dialog = dialog
        dialog.open()

    def remove_selected(self) -> None:
        person = self._selected()
        if person is not None:
            self._remove(person)
