"""What every list of the app does with the keyboard: a list that gets the focus with nothing
selected selects its first row (so Enter acts on what is highlighted and the first Down goes to
the second row), and a key that needs a row says so when there is none."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMainWindow,
    QTableView,
    QWidget,
)


def _select_first(view: QTableView) -> None:
    model, selection = view.model(), view.selectionModel()
    empty = model is None or not model.rowCount()
    if not empty and selection is not None and not selection.hasSelection():
        view.selectRow(max(view.currentIndex().row(), 0))


class _SelectOnFocus(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QTableView):
            _select_first(watched)
        return False


def select_on_focus(view: QAbstractItemView) -> None:
    view.installEventFilter(_SelectOnFocus(view))
    model = view.model()
    if isinstance(view, QTableView) and model is not None:
        # A section entered before its rows came (Ctrl+5 while they load) has the focus
        # already when they arrive: they select the first then, or Del said "No trigger
        # selected" on the list it showed.
        def arrived() -> None:
            if view.hasFocus():
                _select_first(view)

        model.modelReset.connect(arrived)
        model.rowsInserted.connect(arrived)


def row_table(model: QAbstractItemModel, stretch: int) -> QTableView:
    """A list of records as the app shows them: whole rows, one at a time, columns fit to
    their words but `stretch`, which takes the room left; the first row on focus."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    select_on_focus(table)
    return table


def say(widget: QWidget, text: str) -> None:
    """A line in the window's status bar, for a key that has nothing to act on."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 5000)
