"""The Whales section: every whale, filtered as you type or by a saved view, and the selected
whale's page underneath (decay, definition, stakeholders, timeline)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
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
from warroom.domain.records import Rep, WhaleSummary
from warroom.ui.models.whales import WhalesModel
from warroom.ui.ops import OperationRunner
from warroom.ui.undo import Edits

if TYPE_CHECKING:
    from warroom.services.book import Book
    from warroom.ui.views.whale_page import WhalePageView

EMPTY_BOOK = (
    "<h2>No whales yet</h2><p>Write down the few accounts that would make your year.</p>"
    "<p><b>Ctrl+N</b> adds a whale; <b>Ctrl+I</b> brings your accounts in from Salesforce, "
    'HubSpot or LinkedIn. From a terminal: <code>warroom add-whale "Company" --deal-size '
    "750k</code> or <code>warroom demo</code> for a demo book.</p>"
)
NOTHING_MATCHES = "<h3>No whale matches</h3><p>Clear the filter (Esc) or pick another view.</p>"
SINKING_SOON_DAYS = 7.0


def saved_views(me: Rep | None) -> dict[str, Callable[[WhaleSummary], bool]]:
    my_id = me.id if me else None
    return {
        "All whales": lambda w: True,
        "My whales": lambda w: w.owner_id == my_id,
        "Sinking this week": lambda w: not w.sinking and w.days_to_sink <= SINKING_SOON_DAYS,
        "Top ten": lambda w: w.top_ten,
        "Never touched": lambda w: w.touch_count == 0,
    }


class WhalesView(QWidget):
    def __init__(
        self,
        book: Book,
        runner: OperationRunner,
        edits: Edits,
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._book = book
        self._runner = runner
        self._edits = edits
        self._zone = zone
        self._me: Rep | None = None
        self._wanted: str | None = None  # a whale to select once its row has loaded
        self.model = WhalesModel(zone, self)
        self.filter = QLineEdit(
            placeholderText="Filter by whale, owner, solution or stakeholder  (Ctrl+F)"
        )
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._on_filter_changed)
        self.view = QComboBox()
        self.view.addItems(list(saved_views(None)))
        self.view.currentTextChanged.connect(self._on_view_changed)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
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
        self.page: WhalePageView | None = None
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        view_label = QLabel("&View")
        view_label.setBuddy(self.view)
        bar.addWidget(view_label)
        bar.addWidget(self.view)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(bar)
        top_layout.addWidget(self._pages, 1)
        top_layout.addWidget(self.count)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(top)
        layout = QVBoxLayout(self)
        layout.addWidget(self.split)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter, self.filter.clear)

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        book = self._book
        self._runner.run(lambda: (book.whales(clock.now()), book.me()), on_success=self._on_loaded)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any(
            "whales", "deals", "touches", "triggers", "reps", "settings", "stakeholders", "tasks"
        ):
            self.refresh()
        if self.page is not None:
            self.page.on_changes(changes)

    def _on_loaded(self, loaded: tuple[list[WhaleSummary], Rep | None]) -> None:
        rows, self._me = loaded
        selected = self.current_whale()
        self.model.set_view(saved_views(self._me)[self.view.currentText()])
        self.model.set_rows(rows)
        self._update_pages()
        wanted, self._wanted = self._wanted, None
        if wanted is not None and self.model.row_of(wanted) is not None:
            self.select_whale(wanted)
        elif selected is not None:
            row = self.model.row_of(selected)
            if row is not None:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)

    def _update_pages(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.empty.setText(EMPTY_BOOK if not total else NOTHING_MATCHES)
        self._pages.setCurrentWidget(self.table if shown else self.empty)
        self.count.setText(f"{total} whales" if shown == total else f"{shown} of {total} whales")

    # --- finding and opening whales ---------------------------------------------------------

    def current_whale(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.whale_id(index.row()) if index.isValid() else None

    def select_whale(self, whale_id: str) -> None:
        """Show one whale: widen the filter and view if they hide it, select it, open it."""
        row = self.model.row_of(whale_id)
        if row is None:
            self.filter.clear()
            self.view.setCurrentIndex(0)
            row = self.model.row_of(whale_id)
        if row is None:
            # Just added and not loaded yet: selected when the refresh brings its row in.
            self._wanted = whale_id
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _on_filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        self._update_pages()

    def _on_view_changed(self, name: str) -> None:
        self.model.set_view(saved_views(self._me)[name])
        self._update_pages()

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        if self.page is None:
            # The page's chart brings in pyqtgraph (~400 ms): only once a whale is opened.
            from warroom.ui.views.whale_page import WhalePageView

            self.page = WhalePageView(self._book, self._runner, self._edits, self._zone)
            self.split.addWidget(self.page)
            self.split.setSizes([self.height() // 3, self.height() * 2 // 3])
        self.page.load(self.model.whale_id(current.row()))
