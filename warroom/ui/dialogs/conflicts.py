"""Review "2 versions": edits made at the same time on two laptops; keep one, and the choice
syncs to everyone."""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from warroom import clock

if TYPE_CHECKING:
    from warroom.services.sync import Conflict


def _shown(conflict: Conflict, value: Any) -> str:
    if conflict.table == "settings" and isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = json.loads(value)  # settings hold JSON
    if value is None or value == "":
        return "(empty)"
    return str(value)


class ConflictsDialog(QDialog):
    chosen = Signal(int, bool)  # conflict id, take the other version

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Conflicts: 2 versions of one edit")
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.mine = QPlainTextEdit(readOnly=True)
        self.theirs = QPlainTextEdit(readOnly=True)
        self.keep = QPushButton("&Keep this one")
        self.take = QPushButton("&Take the other")
        self.keep.clicked.connect(lambda: self._choose(False))
        self.take.clicked.connect(lambda: self._choose(True))
        now_box, other_box = QGroupBox("Now in the book"), QGroupBox("The other version")
        self.now_by, self.other_by = QLabel(), QLabel()
        for box, by, text, button in (
            (now_box, self.now_by, self.mine, self.keep),
            (other_box, self.other_by, self.theirs, self.take),
        ):
            by.setStyleSheet("color: palette(mid);")
            inner = QVBoxLayout(box)
            inner.addWidget(by)
            inner.addWidget(text)
            inner.addWidget(button)
        versions = QHBoxLayout()
        versions.addWidget(now_box)
        versions.addWidget(other_box)
        self.empty = QLabel(
            "No conflicts waiting: every edit made on two laptops at once is settled."
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        note = QLabel("Your choice is a new edit, so every laptop of the team gets it.")
        note.setStyleSheet("color: palette(mid);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        grid = QGridLayout(self)
        grid.addWidget(self.list, 0, 0, 2, 1)
        grid.addLayout(versions, 0, 1)
        grid.addWidget(note, 1, 1)
        grid.addWidget(self.empty, 2, 0, 1, 2)
        grid.addWidget(buttons, 3, 0, 1, 2)
        grid.setColumnMinimumWidth(0, 230)
        grid.setColumnStretch(1, 2)
        self._conflicts: list[Conflict] = []
        self.resize(760, 420)

    def show_conflicts(self, conflicts: list[Conflict]) -> None:
        self._conflicts = conflicts
        self.list.clear()
        for conflict in conflicts:
            item = QListWidgetItem(f"{conflict.label} · {conflict.field.replace('_', ' ')}")
            self.list.addItem(item)
        has_any = bool(conflicts)
        self.empty.setVisible(not has_any)
        for widget in (self.keep, self.take, self.mine, self.theirs):
            widget.setEnabled(has_any)
        if has_any:
            self.list.setCurrentRow(0)
        else:
            self.mine.clear()
            self.theirs.clear()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self._conflicts):
            conflict = self._conflicts[row]
            self.mine.setPlainText(_shown(conflict, conflict.current))
            self.theirs.setPlainText(_shown(conflict, conflict.theirs))
            zone = clock.local_zone()
            self.now_by.setText(
                f"{conflict.current_by}, {conflict.current_at.astimezone(zone):%a %d %b %H:%M}"
            )
            self.other_by.setText(
                f"{conflict.theirs_by}, {conflict.theirs_at.astimezone(zone):%a %d %b %H:%M}"
            )

    def _choose(self, take_theirs: bool) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._conflicts):
            self.chosen.emit(self._conflicts[row].id, take_theirs)
