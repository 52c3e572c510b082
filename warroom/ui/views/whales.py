"""The Whales section: every whale, filtered as you type or by a saved view, and the selected
whale's page underneath (decay, definition, stakeholders, timeline)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
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
from warroom.domain.words import plural
from warroom.ui import actions
from warroom.ui.models.whales import WhalesModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.lazy import LoadWhenShown

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook
    from warroom.ui.views.whale_page import WhalePageView

EMPTY_BOOK = (
    "<h2>No whales yet</h2><p>Write down the few accounts that would make your year.</p>"
    "<p><b>Ctrl+N</b> adds a whale; <b>Ctrl+I</b> brings your accounts in from Salesforce, "
    'HubSpot or LinkedIn. From a terminal: <code>warroom add-whale "Company" --deal-size '
    "750k</code> or <code>warroom demo</code> for a demo book.</p>"
)
LOADING = "<h3>Opening your book…</h3>"
NOTHING_MATCHES = "<h3>No whale matches</h3><p>Clear the filter (Esc) or pick another view.</p>"
SINKING_SOON_DAYS = 7.0
# A figure's first click shows the biggest (or latest) first, as a seller reads deal sizes
# and heat; names, stages and what is due sort A to Z and soonest first.
BIGGEST_FIRST = frozenset(
    {"Deal size", "Heat", "Win chance", "Last meaningful", "Touches", "Top ten"}
)
# The kinds of change a whale's row shows (reps: owners' names; settings: decay, who I am).
_ROW_KINDS = ("whales", "deals", "touches", "triggers", "reps", "settings", "stakeholders", "tasks")


def saved_views(me: Rep | None) -> dict[str, Callable[[WhaleSummary], bool]]:
    my_id = me.id if me else None
    return {
        "All whales": lambda w: True,
        "My whales": lambda w: w.owner_id == my_id,
        "Sinking this week": lambda w: w.sinks_within(SINKING_SOON_DAYS),
        "Top ten": lambda w: w.top_ten,
        "Never touched": lambda w: w.touch_count == 0,
    }


class _EnabledWhileShown(QObject):
    """Keeps an action enabled exactly while a widget is on screen, so its key and its place in
    a context menu are there only when it has something to do."""

    def __init__(self, widget: QWidget, action: QAction) -> None:
        super().__init__(widget)
        self._action = action
        action.setEnabled(widget.isVisible())
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self._action.setEnabled(event.type() == QEvent.Type.Show)
        return False


class WhalesView(LoadWhenShown):
    def __init__(
        self,
        runner: OperationRunner,
        zone: tzinfo,
        open_whale_actions: Callable[[QWidget], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._zone = zone
        self._loaded = False
        self._whale_actions = open_whale_actions
        self._me: Rep | None = None
        self._wanted: str | None = None  # a whale to select once its row has loaded
        self._gone: str | None = None  # the selected whale that went; selected if it is back
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
        self._sorted_by = 0
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_changed)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Every column fits its words, the whale's name first among them; the last takes
        # what is left. On a narrow screen the table scrolls sideways rather than cut the
        # name to "Casca…".
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # Fit the columns to the rows on screen and a few dozen more, not to every row: on a
        # team's 3,000 whales, measuring them all took three seconds at each load, and three
        # hundred still took one (each cell is asked for its text, font and size).
        header.setResizeContentsPrecision(40)
        # One line a row, cut short with its tip whole: two lines of coverage gaps in a row one
        # line high read as "no champion; economic …" twice over.
        self.table.setWordWrap(False)
        # Coverage gaps beside where the whale stands, not past a sideways scroll at the end:
        # the gaps are what to fix before the deal sinks. (Moved on screen only: the model's
        # columns, and so its sorting, stay as they are.)
        header.moveSection(self.model.COVERAGE, self.model.STANDING + 1)
        self.empty = QLabel(LOADING)
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
        # The page opens for a whale the user selects, not for the row the table makes current
        # when it merely gets the focus.
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._pages.setCurrentWidget(self.empty)
        actions.make("clear_filter", self, self.filter.clear, attach=self.filter)
        actions.make("filter_to_list", self, self.into_list, attach=self.filter)
        actions.make("open_only_match", self, self.open_only_match, attach=self.filter)
        open_whale_actions(self.table)
        actions.make("open_page", self, self.open_page, attach=self.table)
        self.setFocusProxy(self.table)

    # --- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        def load(book: OpenBook) -> tuple[list[WhaleSummary], Rep | None, datetime]:
            at = clock.now()
            return book.book.whales(at), book.book.me(), at

        self._runner.read(load, self._on_loaded, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any(*_ROW_KINDS):
            if self._loaded and self.isVisible() and not self._stale:
                self._update(changes)
            else:
                self.refresh()
        if self.page is not None:
            self.page.on_changes(changes)

    def _update(self, changes: Changes) -> None:
        """Read again only the rows an edit changed: one touch on a team's book redraws one
        row, not three thousand."""

        def load(book: OpenBook) -> tuple[list[WhaleSummary], frozenset[str], datetime] | None:
            whale_ids = book.book.whales_changed(changes)
            if whale_ids is None:
                return None
            at = clock.now()
            return book.book.whales(at, whale_ids=whale_ids), whale_ids, at

        self._runner.read(load, self._on_updated, owner=self)

    def _on_updated(
        self, updated: tuple[list[WhaleSummary], frozenset[str], datetime] | None
    ) -> None:
        if updated is None:
            self.refresh()
            return
        rows, whale_ids, at = updated
        self._show(lambda: self.model.update_rows(rows, whale_ids, at))
        self._read_gaps(at, whale_ids)

    def _on_loaded(self, loaded: tuple[list[WhaleSummary], Rep | None, datetime]) -> None:
        rows, self._me, at = loaded
        self._loaded = True
        self.model.set_view(saved_views(self._me)[self.view.currentText()])
        self._show(lambda: self.model.set_rows(rows, at))
        self._read_gaps(at, None)

    def _read_gaps(self, at: datetime, whale_ids: frozenset[str] | None) -> None:
        """The Coverage column, read once the rows are drawn."""
        self._runner.read(
            lambda book: book.book.coverage_gaps(at, whale_ids), self.model.set_gaps, owner=self
        )

    def _show(self, fill: Callable[[], None]) -> None:
        """Fill the model, keeping the selected whale (or selecting the one asked for)."""
        selected = self.current_whale()
        fill()
        self._update_pages()
        wanted, self._wanted = self._wanted, None
        if wanted is not None and self.model.row_of(wanted) is not None:
            self.select_whale(wanted)
        elif selected is not None or self._gone is not None:
            # The same whale stays selected; one that went (a delete, an undo) and comes back
            # (redo, undo) is selected again.
            keep = selected if selected is not None else self._gone
            row = self.model.row_of(keep) if keep is not None else None
            if row is None:
                self._gone = keep
            elif keep == selected:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)
            else:
                self._gone = None
                self.table.selectRow(row)

    def _update_pages(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if not self._loaded:
            return
        # The filter where the rep is typing keeps the keys: the list shown for the first
        # time (rows come in while the first Ctrl+F's letters are typed) takes the focus a
        # Ctrl+F gave the section before it was loaded.
        typing = self.filter.hasFocus()
        self.empty.setText(EMPTY_BOOK if not total else NOTHING_MATCHES)
        self._pages.setCurrentWidget(self.table if shown else self.empty)
        # With no rows to move through, the keyboard belongs in the filter.
        self.setFocusProxy(self.table if shown else self.filter)
        if typing and not self.filter.hasFocus():
            self.filter.setFocus()
        self.count.setText(
            plural(total, "whale") if shown == total else f"{shown} of {plural(total, 'whale')}"
        )

    # --- finding and opening whales ---------------------------------------------------------

    def current_whale(self) -> str | None:
        """The selected whale (the one whose page is open); None when none is."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.whale_id(rows[0].row()) if rows else None

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

    def into_list(self) -> None:
        """Down from the filter: into the list, on its first row unless one is selected."""
        if not self.model.rowCount():
            return
        if self.current_whale() is None:
            self.table.selectRow(0)
        self.table.setFocus()

    def open_only_match(self) -> None:
        """Enter in the filter: the one whale left is opened (more: into the list)."""
        if self.model.rowCount() == 1:
            self.table.selectRow(0)
            if self.page is not None:
                self.page.setFocus()
        else:
            self.into_list()

    def _on_filter_changed(self, text: str) -> None:
        self._narrow(lambda: self.model.set_filter(text))

    def _on_view_changed(self, name: str) -> None:
        self._narrow(lambda: self.model.set_view(saved_views(self._me)[name]))

    def _narrow(self, change: Callable[[], None]) -> None:
        """Filter or change the view, keeping the selected whale if it is still shown; one the
        filter hides has its page closed too (the page always shows the selection)."""
        selected = self.current_whale()
        change()
        self._update_pages()
        row = self.model.row_of(selected) if selected is not None else None
        if row is not None:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
        elif self.page is not None:
            self.page.setVisible(False)

    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        first_click = column != self._sorted_by
        self._sorted_by = column
        if (
            first_click
            and order == Qt.SortOrder.AscendingOrder
            and self.model.COLUMNS[column][0] in BIGGEST_FIRST
        ):
            self.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)

    def open_page(self) -> None:
        """Return in the list: the selected whale's page, open (again) and with the keys."""
        if self.page is None or not self.page.isVisible():
            self._on_selection_changed()
        if self.page is not None and self.page.isVisible():
            self.page.setFocus()

    def close_page(self) -> None:
        """Esc in the page or the list: the list takes the whole height again, on the same
        whale (its row stays selected, so Return opens it again and Down the next)."""
        if self.page is not None:
            self.page.setVisible(False)
        self.table.setFocus()

    def _on_selection_changed(self) -> None:
        whale_id = self.current_whale()
        if whale_id is None:
            return
        self._gone = None
        if self.page is None:
            # The page's chart brings in pyqtgraph (~400 ms): only once a whale is opened.
            from warroom.ui.views.whale_page import WhalePageView

            self.page = WhalePageView(self._runner, self._zone)
            close = actions.make("close_page", self, self.close_page, attach=self.page)
            # Esc closes it from the list beside it too: after Down the keys are in the list.
            self.table.addAction(close)
            _EnabledWhileShown(self.page, close)
            self.split.addWidget(self.page)
            self.split.setSizes([self.height() // 3, self.height() * 2 // 3])
        self.page.load(whale_id)
