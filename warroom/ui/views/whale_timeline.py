"""A whale's touch timeline, newest first; a wrong touch can be deleted (and undone)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from warroom.domain.kinds import TOUCH_LABELS, is_meaningful
from warroom.domain.records import Touch
from warroom.domain.words import plural
from warroom.ui import actions
from warroom.ui.models.rows import RecordsModel
from warroom.ui.views.lists import select_on_focus


class TimelinePanel(QWidget):
    def __init__(
        self, zone: tzinfo, remove: Callable[[Touch], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._remove = remove
        self._names: dict[str, str] = {}
        self._reps: dict[str, str] = {}
        columns: list[tuple[str, Callable[[Touch], str]]] = [
            ("When", lambda t: t.occurred_at.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")),
            ("Touch", lambda t: TOUCH_LABELS.get(t.kind, t.kind)),
            ("Counts as", lambda t: "meaningful" if is_meaningful(t.kind) else "outbound"),
            ("By", lambda t: self._reps.get(t.rep_id or "", "")),
            ("With", self._with),
            ("Note", lambda t: t.note),
        ]
        self.model: RecordsModel[Touch] = RecordsModel(columns, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        select_on_focus(self.table)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        delete = QPushButton("Delete touch  (Del)")
        delete.clicked.connect(self.remove_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(delete)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        actions.context_menu(self.table, [actions.make("delete_touch", self, self.remove_selected)])
        self.setFocusProxy(self.table)

    def _with(self, touch: Touch) -> str:
        """Everyone the touch was with: its person, then the others at the meeting."""
        people = (touch.stakeholder_id, *touch.also_with)
        return ", ".join(self._names[p] for p in people if p is not None and p in self._names)

    def show_timeline(
        self, touches: tuple[Touch, ...], people: dict[str, str], reps: dict[str, str]
    ) -> None:
        self._names, self._reps = people, reps
        self.model.set_rows(touches)
        meaningful = sum(1 for t in touches if is_meaningful(t.kind))
        self.summary.setText(
            f"{plural(len(touches), 'touch', 'touches')}, {meaningful} meaningful"
            if touches
            else "Never touched. Log the first with Ctrl+L."
        )

    def remove_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._remove(self.model.record(index.row()))
