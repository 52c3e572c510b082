"""Why a whale's heat is what it is: one row per flare, what it added and what is left."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from warroom.domain.decay import Contribution
from warroom.domain.kinds import TOUCH_LABELS, TRIGGER_LABELS

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("When", "What", "Added", "Left now", "Days ago", "Note")


class ExplanationModel(QAbstractTableModel):
    def __init__(self, zone: tzinfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: list[Contribution] = []

    def set_rows(self, rows: list[Contribution]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda c: c.event.at, reverse=True)  # newest first
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= index.column() <= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        event = row.event
        labels = TRIGGER_LABELS if event.source == "trigger" else TOUCH_LABELS
        return (
            event.at.astimezone(self._zone).strftime("%Y-%m-%d"),
            ("Trigger: " if event.source == "trigger" else "") + labels.get(event.kind, event.kind),
            f"+{row.added:.3f}",
            f"{row.now:.3f}",
            f"{row.days_ago:.0f}",
            event.note,
        )[index.column()]
