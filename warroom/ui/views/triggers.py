"""The Triggers section: the feed across whales, newest first, with what each added and whether
anyone answered it; log, edit and delete (undoable); what each whale's rep listens for."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
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
from warroom.domain.kinds import TRIGGER_KINDS, TRIGGER_LABELS
from warroom.domain.records import Rep, Trigger, WhaleSummary
from warroom.services.ids import new_id
from warroom.ui.dialogs.trigger import TriggerDialog
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.undo import Edits
from warroom.ui.views.lazy import LoadWhenShown

if TYPE_CHECKING:
    from warroom.services.book import Book
    from warroom.services.learning import Learning, TriggerItem

COLUMNS: list[tuple[str, Callable[[TriggerItem], str]]] = [
    ("When", lambda i: i.trigger.occurred_at.astimezone(clock.local_zone()).strftime("%Y-%m-%d")),
    ("Whale", lambda i: i.whale),
    ("Trigger", lambda i: TRIGGER_LABELS.get(i.trigger.kind, i.trigger.kind)),
    ("Heat added", lambda i: f"+{i.added:.2f}"),
    ("Answered", lambda i: "yes" if i.answered else "not yet"),
    ("Note", lambda i: i.trigger.note),
    ("Source", lambda i: i.trigger.source_url),
]


class TriggersView(LoadWhenShown):
    def __init__(
        self,
        book: Book,
        runner: OperationRunner,
        edits: Edits,
        current_whale: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from warroom.services.learning import Learning

        self._book = book
        self._learning: Learning = Learning(book)
        self._runner = runner
        self._edits = edits
        self._current_whale = current_whale
        self._whales: list[WhaleSummary] = []
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
        self.model: RecordsModel[TriggerItem] = RecordsModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(6, 220)  # the link opens with a double-click; the note matters more
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_listening())
        self.listening = QLabel()
        self.listening.setWordWrap(True)
        self.listening.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.listening.setMinimumWidth(260)
        self.count = QLabel()
        bar = QHBoxLayout()
        for widget in (QLabel("Show"), self.kind, self.rep, self.unanswered):
            bar.addWidget(widget)
        bar.addStretch(1)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for text, slot in (
            ("Log trigger…  (Ctrl+T)", self.log),
            ("Edit  (Enter)", self.edit),
            ("Delete  (Del)", self.delete),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            actions.addWidget(button)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.listening)
        split.setStretchFactor(0, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        layout.addWidget(self.count)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.edit)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.delete)

    def load(self) -> None:
        learning, book = self._learning, self._book
        kind, rep, unanswered = (
            self.kind.currentData(),
            self.rep.currentData(),
            self.unanswered.isChecked(),
        )

        def load() -> tuple[list[TriggerItem], list[Rep], list[WhaleSummary]]:
            now = clock.now()
            return (
                learning.feed(now, kind=kind, rep=rep, unanswered=unanswered),
                book.reps(),
                book.whales(now),
            )

        self._runner.run(load, on_success=self._on_loaded)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any("triggers", "touches", "whales", "settings"):
            self.refresh()

    def _on_loaded(self, loaded: tuple[list[TriggerItem], list[Rep], list[WhaleSummary]]) -> None:
        items, reps, self._whales = loaded
        if self.rep.count() == 1:
            self.rep.blockSignals(True)
            for rep in reps:
                self.rep.addItem(rep.name, rep.id)
            self.rep.blockSignals(False)
        self.model.set_rows(items)
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

    def _show_listening(self) -> None:
        item = self._selected()
        if item is None:
            self.listening.setText("Select a trigger to see what its whale's rep listens for.")
            return
        workspace, whale = self._book.workspace, item.whale

        def shown(listening: str) -> None:
            self.listening.setText(
                f"<b>What we listen for at {whale}</b><br>"
                + (
                    listening.replace("\n", "<br>")
                    or "<i>Nothing written yet: add it on the whale's Definition tab.</i>"
                )
            )

        self._runner.run(
            lambda: workspace.page(item.trigger.whale_id).definition.listening, on_success=shown
        )

    def _on_double_clicked(self, index: object) -> None:
        item = self._selected()
        if item is None:
            return
        if getattr(index, "column", lambda: -1)() == 6 and item.trigger.source_url:
            QDesktopServices.openUrl(QUrl(item.trigger.source_url))
        else:
            self.edit()

    # --- log, edit, delete ------------------------------------------------------------------

    def log(self, whale_id: str | None = None) -> None:
        if not self._whales:
            return
        now = clock.now()
        blank = Trigger(
            "", whale_id or self._current_whale() or self._whales[0].id, "other", now, "", ""
        )
        dialog = TriggerDialog(self._whales, blank, self)
        dialog.accepted.connect(lambda: self._log(dialog.choice()))
        self.dialog = dialog
        dialog.open()

    def _log(self, trigger: Trigger) -> None:
        book, learning = self._book, self._learning
        trigger_id = new_id()
        self._edits.push(
            f"Log {TRIGGER_LABELS[trigger.kind].lower()}",
            lambda: book.add_trigger(
                trigger.whale_id,
                trigger.kind,
                trigger.occurred_at,
                clock.now(),
                source_url=trigger.source_url,
                note=trigger.note,
                trigger_id=trigger_id,
            ),
            lambda: learning.set_trigger_deleted(trigger_id, True, clock.now()),
            redo=lambda: learning.set_trigger_deleted(trigger_id, False, clock.now()),
        )

    def edit(self) -> None:
        item = self._selected()
        if item is None:
            return
        before = item.trigger
        dialog = TriggerDialog(self._whales, before, self)
        learning = self._learning
        dialog.accepted.connect(
            lambda: self._edits.push(
                "Edit trigger",
                lambda: learning.save_trigger(dialog.choice(), clock.now()),
                lambda: learning.save_trigger(before, clock.now()),
            )
        )
        self.dialog = dialog
        dialog.open()

    def delete(self) -> None:
        item = self._selected()
        if item is None:
            return
        learning, trigger_id = self._learning, item.trigger.id
        self._edits.push(
            "Delete trigger",
            lambda: learning.set_trigger_deleted(trigger_id, True, clock.now()),
            lambda: learning.set_trigger_deleted(trigger_id, False, clock.now()),
        )
