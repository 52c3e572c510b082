"""Log a touch from anywhere: the current whale preselected, the kind picked by typing, the time
now. Ctrl+L, a letter or two, Enter: three keystrokes for the common case."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QLineEdit,
    QWidget,
)

from warroom.domain.errors import BadInput
from warroom.domain.kinds import TOUCH_LABELS
from warroom.domain.records import WhaleSummary
from warroom.domain.whales import Stakeholder
from warroom.ui.dialogs.checked import CheckedDialog

# Most logged first, so the first letter typed lands on the usual kind.
KIND_ORDER = (
    "call_attempt",
    "email_sent",
    "inmail_sent",
    "connect_sent",
    "comment_exchanged",
    "video_sent",
    "research",
    "call_connected",
    "email_reply",
    "inmail_reply",
    "connect_accepted",
    "meeting",
    "coffee",
    "onsite",
    "referral_intro",
)


@dataclass(frozen=True)
class TouchChoice:
    whale_id: str
    kind: str
    occurred_at: datetime
    stakeholder_id: str | None
    note: str


class LogTouchDialog(CheckedDialog):
    def __init__(
        self,
        whales: Sequence[WhaleSummary],
        current_whale: str | None,
        now: datetime,
        load_people: Callable[[str, Callable[[list[Stakeholder]], None]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Log a touch", parent)
        self._load_people = load_people
        self._now = now
        self.whale = QComboBox()
        self.whale.setEditable(True)
        self.whale.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for whale in sorted(whales, key=lambda w: w.name.lower()):
            self.whale.addItem(whale.name, whale.id)
        completer = self.whale.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.whale.setCurrentIndex(max(self.whale.findData(current_whale), 0))
        self.kind = QComboBox()
        for kind in KIND_ORDER:
            self.kind.addItem(TOUCH_LABELS[kind], kind)
        self.when = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(now.timestamp())))
        self.when.setDisplayFormat("ddd yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.person = QComboBox()
        self.note = QLineEdit(placeholderText="What happened, in a line")
        form = self.form
        form.addRow("&Kind", self.kind)
        form.addRow("&Whale", self.whale)
        form.addRow("W&hen", self.when)
        form.addRow("W&ith", self.person)
        form.addRow("&Note", self.note)
        self.add_buttons()
        self.whale.currentIndexChanged.connect(self._on_whale_changed)
        self._on_whale_changed()
        self.kind.setFocus()

    def _on_whale_changed(self) -> None:
        self.person.clear()
        self.person.addItem("(no one in particular)", None)
        whale_id = self.whale.currentData()
        if whale_id:
            self._load_people(whale_id, self._on_people_loaded)

    def _on_people_loaded(self, people: list[Stakeholder]) -> None:
        for person in people:
            if person.whale_id == self.whale.currentData():
                self.person.addItem(f"{person.name}, {person.title}".strip(", "), person.id)

    def choice(self) -> TouchChoice:
        index = self.whale.findText(self.whale.currentText(), Qt.MatchFlag.MatchFixedString)
        if index < 0:
            raise BadInput(f"no whale named {self.whale.currentText()!r}")
        when = self.when.dateTime().toTimeZone(QTimeZone.utc())
        occurred = datetime.fromtimestamp(when.toSecsSinceEpoch(), UTC)
        if occurred > self._now.astimezone(UTC).replace(second=59):
            raise BadInput("a touch is logged after it happens; pick a time up to now")
        return TouchChoice(
            whale_id=self.whale.itemData(index),
            kind=self.kind.currentData(),
            occurred_at=occurred,
            stakeholder_id=self.person.currentData(),
            note=self.note.text().strip(),
        )
