"""Log a touch from anywhere: the current whale preselected, the kind picked by its letter, the
time now. Ctrl+L, a letter, Enter: three keystrokes for the common case."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, QTimeZone
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QListWidgetItem, QWidget

from warroom.domain.errors import BadInput
from warroom.domain.kinds import TOUCH_KEYS, TOUCH_LABELS
from warroom.domain.whales import Stakeholder
from warroom.ui.dates import DateTimeField
from warroom.ui.dialogs.checked import CheckedDialog
from warroom.ui.dialogs.whale_box import Named, WhaleBox

KIND_OF_KEY = dict(TOUCH_KEYS)


@dataclass(frozen=True)
class TouchChoice:
    whale_id: str
    kind: str
    occurred_at: datetime
    stakeholder_id: str | None
    note: str
    also_with: tuple[str, ...] = ()  # the others there, by id


class KindBox(QComboBox):
    """The kinds with their letters; a letter picks its kind (never "the next entry starting
    with it", which is what a plain combo box does)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for key, kind in TOUCH_KEYS:
            self.addItem(f"{key}   {TOUCH_LABELS[kind]}", kind)
        self.view().installEventFilter(self)

    def pick(self, text: str) -> bool:
        kind = KIND_OF_KEY.get(text.lower()) if len(text) == 1 else None
        if kind is None:
            return False
        self.setCurrentIndex(self.findData(kind))
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = event.modifiers() in _PLAIN
        if plain and self.pick(event.text()):
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The open list takes letters too: pick the kind and close the list.
        pressed = event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if pressed and self.pick(event.text()):  # type: ignore[attr-defined]
            self.hidePopup()
            return True
        return super().eventFilter(watched, event)


_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)


class LogTouchDialog(CheckedDialog):
    def __init__(
        self,
        whales: Sequence[Named],
        current_whale: str | None,
        me: str | None,
        now: datetime,
        load_people: Callable[[str, Callable[[list[Stakeholder]], None]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Log a touch", parent)
        self._load_people = load_people
        self._now = now
        self.whale = WhaleBox(whales, current_whale, me)
        self.kind = KindBox()
        self.when = DateTimeField(QDateTime.fromSecsSinceEpoch(int(now.timestamp())))
        self.when.setDisplayFormat("ddd yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.person = QComboBox()
        # The others at a meeting (Space ticks one): each is a thread in coverage.
        self.others = QListWidget()
        self.note = QLineEdit(placeholderText="What happened, in a line")
        form = self.form
        form.addRow("&Whale", self.whale)
        form.addRow("&Kind (its letter)", self.kind)
        form.addRow("W&hen", self.when)
        form.addRow("Wi&th", self.person)
        form.addRow("&Also with", self.others)
        form.addRow("&Note", self.note)
        self.add_buttons()
        self.whale.currentIndexChanged.connect(self._on_whale_changed)
        self._on_whale_changed()
        # With a whale chosen the kind comes next; without one, say which whale first.
        (self.kind if self.whale.currentIndex() >= 0 else self.whale).setFocus()

    def _on_whale_changed(self) -> None:
        self.person.clear()
        self.person.addItem("(no one in particular)", None)
        self.others.clear()
        self._fit_others()
        whale_id = self.whale.currentData()
        if whale_id:
            self._load_people(whale_id, self._on_people_loaded)

    def _on_people_loaded(self, people: list[Stakeholder]) -> None:
        for person in people:
            if person.whale_id == self.whale.currentData():
                words = f"{person.name}, {person.title}".strip(", ")
                self.person.addItem(words, person.id)
                item = QListWidgetItem(words, self.others)
                item.setData(Qt.ItemDataRole.UserRole, person.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
        if self.others.count():
            self.others.setCurrentRow(0)
        self._fit_others()

    def _fit_others(self) -> None:
        """As tall as its people, up to four (then it scrolls); one line when there are none."""
        shown = max(1, min(self.others.count(), 4))
        line = self.others.sizeHintForRow(0) if self.others.count() else self.fontMetrics().height()
        self.others.setFixedHeight(shown * line + 2 * self.others.frameWidth())

    def choice(self) -> TouchChoice:
        whale_id = self.whale.whale_id()
        when = self.when.dateTime().toTimeZone(QTimeZone.utc())
        occurred = datetime.fromtimestamp(when.toSecsSinceEpoch(), UTC)
        if occurred > self._now.astimezone(UTC).replace(second=59):
            raise BadInput("a touch is logged after it happens; pick a time up to now")
        return TouchChoice(
            whale_id=whale_id,
            kind=self.kind.currentData(),
            occurred_at=occurred,
            stakeholder_id=(
                self.person.currentData() if whale_id == self.whale.currentData() else None
            ),
            note=self.note.text().strip(),
            also_with=tuple(
                item.data(Qt.ItemDataRole.UserRole)
                for item in (self.others.item(row) for row in range(self.others.count()))
                if item.checkState() == Qt.CheckState.Checked
            )
            if whale_id == self.whale.currentData()
            else (),
        )
