"""The Whales section: every whale with its deal and touches, filtered as you type."""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.records import WhaleSummary
from warroom.ui.models.whales import WhalesModel
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.book import Book
    from warroom.ui.views.whale_detail import WhaleDetail

EMPTY_BOOK = (
    "<h2>No whales yet</h2><p>Write down the few accounts that would make your year.</p>"
    '<p>From a terminal: <code>warroom add-whale "Company" --deal-size 750k</code>, '
    "<code>warroom import book.json</code>, or <code>warroom demo</code> for a demo book.</p>"
)


class WhalesView(QWidget):
    def __init__(
        self, book: Book, runner: OperationRunner, zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._book = book
        self._runner = runner
        self.model = WhalesModel(zone, self)
        self.filter = QLineEdit(placeholderText="Filter by whale, owner or solution  (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter_changed)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(EMPTY_BOOK)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.count = QLabel()
        self._pages = QStackedWidget()
        self._pages.addWidget(self.table)
        self._pages.addWidget(self.empty)
        self._zone = zone
        self.detail: WhaleDetail | None = None
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.filter)
        top_layout.addWidget(self._pages, 1)
        top_layout.addWidget(self.count)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(top)
        layout = QVBoxLayout(self)
        layout.addWidget(self.split)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter.setFocus)

    def refresh(self) -> None:
        book = self._book
        self._runner.run(lambda: book.whales(clock.now()), on_success=self._on_loaded)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any("whales", "deals", "touches", "triggers", "reps", "settings"):
            self.refresh()
        if self.detail is not None and changes.touches_any(
            "whales", "deals", "touches", "triggers", "settings", "tasks"
        ):
            self.detail.reload()

    def select_whale(self, whale_id: str) -> None:
        """Show one whale: clear the filter if it hides it, select its row, load its chart."""
        row = self.model.row_of(whale_id)
        if row is None and self.filter.text():
            self.filter.clear()
            row = self.model.row_of(whale_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        if self.detail is None:
            # The chart brings in pyqtgraph (~400 ms): only once a whale is opened.
            from warroom.ui.views.whale_detail import WhaleDetail

            self.detail = WhaleDetail(self._book, self._runner, self._zone)
            self.split.addWidget(self.detail)
            self.split.setSizes([self.height() // 3, self.height() * 2 // 3])
        self.detail.load(self.model.whale_id(current.row()))

    def _on_loaded(self, rows: list[WhaleSummary]) -> None:
        self.model.set_rows(rows)
        self._pages.setCurrentWidget(self.empty if not rows else self.table)
        self._update_count()

    def _on_filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.count.setText(f"{total} whales" if shown == total else f"{shown} of {total} whales")
