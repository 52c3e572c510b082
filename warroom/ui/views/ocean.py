"""The Ocean section: the team's (or one rep's) whales on one chart; click one to open it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.records import WhaleSummary
from warroom.ui.ops import OperationRunner
from warroom.ui.views.lazy import LoadWhenShown

if TYPE_CHECKING:
    from warroom.services.decay import BookHeat
    from warroom.services.open_book import OpenBook
    from warroom.ui.charts.ocean_chart import OceanChart

TEAM = ""


class OceanView(LoadWhenShown):
    def __init__(
        self,
        runner: OperationRunner,
        open_whale: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._open_whale = open_whale
        self._whales: list[WhaleSummary] = []
        self._heat: BookHeat | None = None
        self.chart: OceanChart | None = None
        self.rep = QComboBox()
        self.rep.addItem("Whole team", TEAM)
        self.rep.currentIndexChanged.connect(self._draw)
        self.legend = QLabel(
            "<span style='color:#1e8c96'>●</span> afloat &nbsp; "
            "<span style='color:#e69614'>●</span> sinks within a week &nbsp; "
            "<span style='color:#c83232'>●</span> under the watermark &nbsp; "
            "<span style='color:#969696'>●</span> never warmed &nbsp; "
            "bubble size: weighted value"
        )
        self.legend.setWordWrap(True)  # a narrow window must not be held wide by the legend
        self.counts = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Whales of"))
        bar.addWidget(self.rep)
        bar.addSpacing(20)
        bar.addWidget(self.legend, 1)
        bar.addWidget(self.counts)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(bar)

    def _ensure_chart(self) -> OceanChart:
        if self.chart is None:
            from warroom.ui.charts.ocean_chart import OceanChart

            self.chart = OceanChart()
            self.chart.whale_clicked.connect(self._open_whale)
            self._layout.addWidget(self.chart, 1)
        return self.chart

    def load(self) -> None:
        def load(book: OpenBook) -> tuple[list[WhaleSummary], BookHeat]:
            at = clock.now()
            return book.book.whales(at), book.decay.book_heat(at)

        self._runner.read(load, self._on_loaded, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any("whales", "deals", "touches", "triggers", "reps", "settings"):
            self.refresh()

    def _on_loaded(self, loaded: tuple[list[WhaleSummary], BookHeat]) -> None:
        self._whales, self._heat = loaded
        chosen = self.rep.currentData()
        owners = sorted({(w.owner, w.owner_id) for w in self._whales if w.owner_id})
        self.rep.blockSignals(True)
        self.rep.clear()
        self.rep.addItem("Whole team", TEAM)
        for name, rep_id in owners:
            self.rep.addItem(name, rep_id)
        self.rep.setCurrentIndex(max(self.rep.findData(chosen), 0))
        self.rep.blockSignals(False)
        self._draw()

    def _draw(self) -> None:
        # The chart (and pyqtgraph with it) is built the first time the section is seen.
        if self._heat is None or (not self.isVisible() and self.chart is None):
            return
        rep = self.rep.currentData()
        shown = [w for w in self._whales if rep == TEAM or w.owner_id == rep]
        params = self._heat.params
        self._ensure_chart().show_whales(shown, params.half_life_days, params.watermark)
        sinking = sum(1 for w in shown if w.sinking)
        self.counts.setText(f"{len(shown)} whales · {sinking} under the watermark")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._draw()
