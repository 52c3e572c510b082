"""Log or edit a trigger: what happened at the whale, when, and where we read it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QWidget,
)

from warroom.domain.errors import BadInput
from warroom.domain.kinds import TRIGGER_KINDS, TRIGGER_LABELS
from warroom.domain.records import Trigger
from warroom.ui.dates import DateTimeField
from warroom.ui.dialogs.checked import CheckedDialog
from warroom.ui.dialogs.whale_box import Named, WhaleBox


class TriggerDialog(CheckedDialog):
    def __init__(
        self, whales: Sequence[Named], trigger: Trigger, parent: QWidget | None = None
    ) -> None:
        super().__init__("Edit trigger" if trigger.id else "Log a trigger", parent)
        self._trigger = trigger
        self.whale = WhaleBox(whales, trigger.whale_id or None, None)
        self.whale.setEnabled(not trigger.id)
        self.kind = QComboBox()
        for kind in TRIGGER_KINDS:
            self.kind.addItem(TRIGGER_LABELS[kind], kind)
        self.kind.setCurrentIndex(TRIGGER_KINDS.index(trigger.kind))
        self.when = DateTimeField(
            QDateTime.fromSecsSinceEpoch(int(trigger.occurred_at.timestamp()))
        )
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd yyyy-MM-dd HH:mm")
        self.source = QLineEdit(trigger.source_url, placeholderText="https://…")
        self.note = QLineEdit(trigger.note, placeholderText="e.g. New CFO: Dana Reyes from Acme")
        form = self.form
        form.addRow("&Whale", self.whale)
        form.addRow("&Kind", self.kind)
        form.addRow("W&hen", self.when)
        form.addRow("&Source", self.source)
        form.addRow("&Note", self.note)
        self.add_buttons()

    def choice(self) -> Trigger:
        source = self.source.text().strip()
        if source and not source.startswith(("http://", "https://")):
            raise BadInput("the source is a web link (https://...)")
        when = self.when.dateTime().toTimeZone(QTimeZone.utc())
        return Trigger(
            self._trigger.id,
            self._trigger.whale_id if self._trigger.id else self.whale.whale_id(),
            self.kind.currentData(),
            datetime.fromtimestamp(when.toSecsSinceEpoch(), UTC),
            source,
            self.note.text().strip(),
        )
