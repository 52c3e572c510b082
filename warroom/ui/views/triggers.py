"""The Triggers section: the feed across whales, newest first, with what each added and whether
anyone answered it; log, edit and delete (undoable); what each whale's rep listens for."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.errors import BadInput
from warroom.domain.kinds import TRIGGER_KINDS, TRIGGER_LABELS
from warroom.domain.records import Rep, Trigger, WhaleChoice
from warroom.domain.text import check_url
from warroom.ui import actions
from warroom.ui.dialogs.trigger import TriggerDialog
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.lazy import LoadWhenShown
from warroom.ui.views.lists import say, select_on_focus

if TYPE_CHECKING:
    from warroom.services.learning import TriggerItem
    from warroom.services.open_book import OpenBook

COLUMNS: list[tuple[str, Callable[[TriggerItem], str]]] = [
    ("When", lambda i: i.trigger.occurred_at.astimezone(clock.local_zone()).strftime("%Y-%m-%d")),
    ("Whale", lambda i: i.whale),
    ("Trigger", lambda i: TRIGGER_LABELS.get(i.trigger.kind, i.trigger.kind)),
    ("Heat added", lambda i: f"+{i.added:.2f}"),
    ("Answered", lambda i: "yes" if i.answered else "not yet"),
    ("Note", lambda i: i.trigger.note),
    # The site alone: a whole URL would take the note's room (double-click opens it).
    ("Source", lambda i: urlsplit(i.trigger.source_url).netloc or i.trigger.source_url),
]

# What a column sorts by where its text would sort wrong (a header click sorts the feed).
SORT_KEYS: dict[str, Callable[[TriggerItem], object]] = {
    "When": lambda i: i.trigger.occurred_at,
    "Heat added": lambda i: i.added,
    "Answered": lambda i: i.answered,
}

TIPS = {
    "Heat added": (
        "What the trigger added to the whale's heat when it came: its kind's strength times "
        "the heat the whale had left to gain, so the same kind adds less to a warm whale"
    )
}


class TriggersView(LoadWhenShown):
    def __init__(
        self,
        runner: OperationRunner,
        log_trigger: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._whales: list[WhaleChoice] = []
        self.kind = QComboBox()
        self.kind.addItem("All kinds", None)
        for kind in TRIGGER_KINDS:
            self.kind.addItem(TRIGGER_LABELS[kind], kind)
        self.rep = QComboBox()
        self.rep.addItem("Every rep", None)
        self.unanswered = QCheckBox("Not answered yet")
        for signal in (
            self.kind.currentIndexChanged,
            self.rep.currentIndexChanged,
            self.unanswered.toggled,
        ):
            signal.connect(self.refresh)
        self.model: RecordsModel[TriggerItem] = RecordsModel(COLUMNS, self, TIPS, SORT_KEYS)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # the feed: newest first
        self.table.setSortingEnabled(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        select_on_focus(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_listening())
        self.listening = QLabel()
        self.listening.setWordWrap(True)
        self.listening.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.count = QLabel()
        bar = QHBoxLayout()
        for widget in (QLabel("Show"), self.kind, self.rep, self.unanswered):
            bar.addWidget(widget)
        bar.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for text, slot in (
            ("Log trigger…  (Ctrl+T)", log_trigger),
            ("Edit  (Enter)", self.edit),
            ("Delete  (Del)", self.delete),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        # What the rep listens for sits under the feed, so the notes have the width.
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.listening)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.count)
        bound = [
            actions.make("trigger_edit", self, self.edit, attach=self.table),
            actions.make("trigger_delete", self, self.delete, attach=self.table),
        ]
        actions.context_menu(self.table, bound)
        self.setFocusProxy(self.table)

    def load(self) -> None:
        kind, rep, unanswered = (
            self.kind.currentData(),
            self.rep.currentData(),
            self.unanswered.isChecked(),
        )

        def load(book: OpenBook) -> tuple[list[TriggerItem], list[Rep], list[WhaleChoice]]:
            now = clock.now()
            return (
                book.learning.feed(now, kind=kind, rep=rep, unanswered=unanswered),
                book.book.reps(),
                book.book.whale_choices(),
            )

        self._runner.read(load, self._on_loaded, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any("triggers", "touches", "whales", "settings"):
            self.refresh()

    def _on_loaded(self, loaded: tuple[list[TriggerItem], list[Rep], list[WhaleChoice]]) -> None:
        items, reps, self._whales = loaded
        if self.rep.count() == 1:
            self.rep.blockSignals(True)
            for rep in reps:
                self.rep.addItem(rep.name, rep.id)
            self.rep.blockSignals(False)
        # After an edit or a delete the list stays where the rep was: on the same trigger,
        # or (deleted, or filtered out) on the one that took its place.
        was, row = self._selected(), self.table.currentIndex().row()
        self.model.set_rows(items)
        shown = self.model.records()
        if was is not None and shown:
            at = next((n for n, i in enumerate(shown) if i.trigger.id == was.trigger.id), None)
            self.table.selectRow(min(row, len(shown) - 1) if at is None else at)
        waiting = sum(1 for i in items if not i.answered)
        self.count.setText(
            f"{len(items)} triggers in 90 days, {waiting} not answered yet"
            if items
            else "No triggers match. Log one with Ctrl+T."
        )
        self._show_listening()

    def _selected(self) -> TriggerItem | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def current_whale(self) -> str | None:
        item = self._selected()
        return item.trigger.whale_id if item is not None else None

    def _show_listening(self) -> None:
        item = self._selected()
        if item is None:
            self.listening.setText("Select a trigger to see what its whale's rep listens for.")
            return
        whale, whale_id = item.whale, item.trigger.whale_id

        def shown(listening: str) -> None:
            self.listening.setText(
                f"<b>What we listen for at {whale}</b><br>"
                + (
                    listening.replace("\n", "<br>")
                    or "<i>Nothing written yet: add it on the whale's Definition tab.</i>"
                )
            )

        self._runner.read(
            lambda book: book.workspace.page(whale_id).definition.listening, shown, owner=self
        )

    def _on_double_clicked(self, index: object) -> None:
        item = self._selected()
        if item is None:
            return
        if getattr(index, "column", lambda: -1)() == 6 and item.trigger.source_url:
            self._open_link(item.trigger.source_url)
        else:
            self.edit()

    def _open_link(self, url: str) -> None:
        # A book from before links were checked, or a teammate's synced one, may still hold a
        # file: or program link; handing it to the system would run or open it unasked.
        try:
            url = check_url(url, "the source link")
        except BadInput as exc:
            say(self, f"Not opened: {exc}")
            return
        QDesktopServices.openUrl(QUrl(url))

    # --- log, edit, delete ------------------------------------------------------------------

    def edit(self) -> None:
        item = self._selected()
        if item is None:
            say(self, "No trigger to edit here: log one with Ctrl+T")
            return
        dialog = TriggerDialog(self._whales, item.trigger, self)
        dialog.accepted.connect(lambda: self._save(dialog.choice()))
        self.dialog = dialog
        dialog.open()

    def _save(self, trigger: Trigger) -> None:
        now = clock.now()
        self._runner.edit("Edit trigger", lambda book: book.learning.save_trigger(trigger, now))

    def delete(self) -> None:
        item = self._selected()
        if item is None:
            say(self, "No trigger selected")
            return
        trigger_id, now = item.trigger.id, clock.now()
        self._runner.edit(
            "Delete trigger",
            lambda book: book.learning.set_trigger_deleted(trigger_id, True, now),
        )
