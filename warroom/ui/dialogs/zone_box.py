"""A time-zone box: every IANA zone, found by typing part of its name (Tokyo, New_York)."""

from __future__ import annotations

from zoneinfo import available_timezones

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from warroom.domain.values import check_zone


class ZoneBox(QComboBox):
    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(
            sorted(name for name in available_timezones() if "/" in name or name == "UTC")
        )
        completer = self.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCurrentText(zone)

    def zone(self) -> str:
        """The zone typed or chosen; BadInput when it is not one."""
        return check_zone(self.currentText().strip())
