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

from warroom import clock
from warroom.domain.coverage import Coverage, chart_lines, org_chart
from warroom.domain.whales import Stakeholder
from warroom.ui import actions
from warroom.ui.dialogs.stakeholder import ROLE_LABELS, StakeholderDialog
from warroom.ui.models.rows import RecordsModel
from warroom.ui.views.lists import say, select_on_focus


def _left(person: Stakeholder) -> str:
    if person.left_on is None:
        return ""
    return f"left {person.left_on:%d %b %Y}" + (
        f", now at {person.now_at}" if person.now_at else ""
    )


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
        # Set with the rows: the org chart's lines and the strength read from the touches.
        self._lines: dict[str, str] = {}
        self._strength: dict[str, int] = {}
        self._names: dict[str, str] = {}
        columns: list[tuple[str, Callable[[Stakeholder], str]]] = [
            ("Name", lambda s: self._lines.get(s.id, "") + s.name),
            ("Title", lambda s: s.title),
            ("Role", lambda s: ROLE_LABELS.get(s.role, s.role)),
            ("Reports to", lambda s: self._names.get(s.reports_to_id or "", "")),
            ("Influence", lambda s: "●" * s.influence),
            ("Relationship", lambda s: "●" * s.relationship),
            ("From our touches", lambda s: "●" * self._strength.get(s.id, 0) or "none"),
            ("Signed before", lambda s: "yes" if s.signed_before else ""),
            ("Left", _left),
            ("Moved from", lambda s: s.moved_from),
        ]
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        self.model: RecordsModel[Stakeholder] = RecordsModel(columns, self)
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
        layout.addWidget(self.gaps)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        bound = [
            actions.make("add_person", self, self.add_new),
            actions.make("edit_person", self, self.edit_selected),
            actions.make("remove_person", self, self.remove_selected),
        ]
        actions.context_menu(self.table, bound)
        self.setFocusProxy(self.table)

    def show_people(
        self, whale_id: str, people: tuple[Stakeholder, ...], found: Coverage | None = None
    ) -> None:
        """The people as an org chart (each under the one they report to), with how strong
        our touches say each relationship is, and the whale's coverage gaps above."""
        # The keys stay on the person they were on; a person just added (or brought back)
        # is the one selected: the table had no current row after either, so Up then Del
        # removed whoever was first.
        same_whale = whale_id == self.whale_id
        before = {p.id for p in self.model.records()} if same_whale else set()
        current = self._selected() if same_whale else None
        self.whale_id = whale_id
        chart = chart_lines(org_chart(people))
        self._lines = {person.id: lines for person, lines in chart}
        self._names = {person.id: person.name for person in people}
        self._strength = dict(found.strength) if found else {}
        self.gaps.setText(f"<b>Coverage:</b> {found.words}" if found is not None and people else "")
        self.gaps.setVisible(found is not None and bool(people))
        self.model.set_rows([person for person, _ in chart])
        self.empty.setVisible(not people)
        arrived = [p.id for p in people if p.id not in before]
        keep = arrived[0] if before and len(arrived) == 1 else current.id if current else None
        rows = [person.id for person, _ in chart]
        if keep in rows:
            self.table.selectRow(rows.index(keep))

    def _selected(self) -> Stakeholder | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def add_new(self) -> None:
        blank = Stakeholder("", self.whale_id, "", "", "influencer", 3, 1, "", "", False, "")
        dialog = StakeholderDialog(blank, self, self.model.records(), clock.now().date())
        dialog.accepted.connect(lambda: self._add(dialog.choice()))
        self.dialog = dialog
        dialog.open()

    def edit_selected(self) -> None:
        person = self._selected()
        if person is None:
            say(self, "No stakeholder yet: Ins adds one")
            return
        dialog = StakeholderDialog(person, self, self.model.records(), clock.now().date())
        dialog.accepted.connect(lambda: self._edit(person, dialog.choice()))
        self.dialog = dialog
        dialog.open()

    def remove_selected(self) -> None:
        person = self._selected()
        if person is not None:
            self._remove(person)
