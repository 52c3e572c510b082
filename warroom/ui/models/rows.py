"""A small read-only table model over cached records, for lists of a few hundred rows
(stakeholders, a whale's timeline): columns are (header, how to show a record)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
_Index = QModelIndex | QPersistentModelIndex


class RecordsModel(QAbstractTableModel, Generic[Row]):
    def __init__(
        self,
        columns: Sequence[tuple[str, Callable[[Row], str]]],
        parent: Any = None,
        tips: Mapping[str, str] | None = None,
        sort_keys: Mapping[str, Callable[[Row], Any]] | None = None,
    ) -> None:
        """`tips`: what a column's figure means, by column name, shown on its header and
        cells (the cells' tip is otherwise their own text, for what is cut off). `sort_keys`:
        what a column sorts by, where its text would sort wrong (figures, times); the rest
        sort by their text. A view sorts only if it enables sorting."""
        super().__init__(parent)
        self._columns = list(columns)
        self._tips = [(tips or {}).get(name) for name, _ in self._columns]
        self._keys = [(sort_keys or {}).get(name) for name, _ in self._columns]
        self._rows: list[Row] = []
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sorted is not None:
            key, descending = self._ordering()
            self._rows.sort(key=key, reverse=descending)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted in place, the selection and current row kept on their records. Stable, so
        rows that tie keep the order they came in (a feed's newest first within a day)."""
        self._sorted = (column, order)
        key, descending = self._ordering()
        self.layoutAboutToBeChanged.emit()
        rows = self._rows
        moved = sorted(range(len(rows)), key=lambda i: key(rows[i]), reverse=descending)
        self._rows = [rows[i] for i in moved]
        now_at = {before: after for after, before in enumerate(moved)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(now_at[i.row()], i.column()) for i in old])
        self.layoutChanged.emit()

    def _ordering(self) -> tuple[Callable[[Row], Any], bool]:
        """The sort asked for: the key of its column (its text where none is given), and
        whether descending."""
        assert self._sorted is not None
        column, order = self._sorted
        show = self._columns[column][1]
        key = self._keys[column] or (lambda row: show(row).casefold())
        return key, order == Qt.SortOrder.DescendingOrder

    def records(self) -> list[Row]:
        return list(self._rows)

    def record(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        tip = self._tips[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and tip is not None:
            return tip
        return self._columns[index.column()][1](self._rows[index.row()])
