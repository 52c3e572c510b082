"""The Team section: each rep's phase on the adoption curve (with its reason), who is at risk
of quitting, and the pillars of practice as a jigsaw with its holes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.journey import PRACTICE_LEGEND
from warroom.domain.words import rate_words
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.lazy import LoadWhenShown

if TYPE_CHECKING:
    from warroom.services.learning import RepJourney


def jigsaw(journey: RepJourney) -> str:
    """■ for a pillar held, □ for a hole, then the product: 1 x 1 x 1 x 0 = 0."""
    pieces = " ".join("■" if p.held else "□" for p in journey.practice.pillars)
    return f"{pieces}  = {journey.practice.score}"


COLUMNS: list[tuple[str, Callable[[RepJourney], str]]] = [
    ("Rep", lambda j: j.rep.name),
    (
        "Phase",
        lambda j: f"{j.phase.number}. {j.phase.name}" + ("  ⚠ at risk" if j.phase.at_risk else ""),
    ),
    ("Why", lambda j: j.phase.reason),
    ("Pillars", jigsaw),
    ("Missing", lambda j: ", ".join(j.practice.missing)),
    ("Streak", lambda j: str(j.streak)),
    ("Made, 4 weeks", lambda j: rate_words(j.made_rate_4w)),
]


class TeamView(LoadWhenShown):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.model: RecordsModel[RepJourney] = RecordsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_pillars())
        self.pillars = QLabel()
        self.pillars.setWordWrap(True)
        self.pillars.setAlignment(Qt.AlignmentFlag.AlignTop)
        legend = QLabel(PRACTICE_LEGEND)
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(legend)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.pillars, 1)

    def load(self) -> None:
        self._runner.read(lambda book: book.learning.team(clock.now()), self._on_loaded, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any("touches", "reviews", "deals", "cadences", "whales", "reps"):
            self.refresh()

    def _on_loaded(self, team: list[RepJourney]) -> None:
        self.model.set_rows(team)
        self.table.resizeRowsToContents()
        if team:
            self.table.selectRow(0)
        self._show_pillars()

    def _show_pillars(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.pillars.clear()
            return
        journey = self.model.record(index.row())
        lines = [f"<b>{journey.rep.name}</b>: {journey.phase.describe()}<br>"]
        lines += [
            f"{'■' if p.held else '□'} <b>{p.name}</b>: {p.measure}"
            for p in journey.practice.pillars
        ]
        self.pillars.setText("<br>".join(lines))
