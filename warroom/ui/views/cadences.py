"""The Cadences section: what is due now (one key to do a step), the enrolments running, the
templates, and follow-through (who keeps going past the second try)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.cadence import Enrolment, FollowThrough, SavedTemplate, StepYield
from warroom.domain.changes import Changes
from warroom.domain.errors import Refused
from warroom.domain.kinds import TOUCH_LABELS
from warroom.domain.records import Rep, WhaleSummary
from warroom.domain.whales import Stakeholder
from warroom.ui.dialogs.enrol import EnrolDialog
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.cadence_templates import TemplateEditor
from warroom.ui.views.lazy import LoadWhenShown

if TYPE_CHECKING:
    from warroom.services.book import Book
    from warroom.services.cadences import Cadences, DueItem, InmailBudget

Loaded = tuple[
    "list[DueItem]",
    list[Enrolment],
    list[SavedTemplate],
    list[FollowThrough],
    "InmailBudget",
    list[Rep],
    list[StepYield],
]
ENROLMENT_COLUMNS: list[tuple[str, Callable[[Enrolment], str]]] = [
    ("Whale", lambda e: e.whale),
    ("Stakeholder", lambda e: e.stakeholder),
    ("Cadence", lambda e: e.template),
    ("Status", lambda e: e.status),
    ("Done", lambda e: f"{e.done_steps} of {len(e.steps)}"),
    ("Next due", lambda e: e.next_step.due_on.isoformat() if e.next_step else ""),
]


class CadencesView(LoadWhenShown):
    def __init__(
        self,
        book: Book,
        runner: OperationRunner,
        current_whale: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from warroom.services.cadences import Cadences

        self._book = book
        self._cadences: Cadences = Cadences(book)
        self._runner = runner
        self._current_whale = current_whale
        self._reps: dict[str, str] = {}
        self.due: list[DueItem] = []
        # Due now
        self.queue = QTreeWidget()
        self.queue.setHeaderLabels(["Whale / stakeholder", "Step", "Channel", "Due", "What to do"])
        self.queue.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.queue.header().setStretchLastSection(True)
        self.queue_note = QLabel()
        due_page = QWidget()
        due_layout = QVBoxLayout(due_page)
        due_layout.addWidget(self.queue, 1)
        due_layout.addWidget(
            QLabel(
                "D or Space: do the step (logs its touch) · K: skip it · Ctrl+E: enrol stakeholders"
            )
        )
        due_layout.addWidget(self.queue_note)
        for keys, slot in (
            (Qt.Key.Key_D, self.do_selected),
            (Qt.Key.Key_Space, self.do_selected),
            (Qt.Key.Key_K, self.skip_selected),
        ):
            QShortcut(QKeySequence(keys), self.queue, slot)
        # Enrolments
        self.enrolments: RecordsModel[Enrolment] = RecordsModel(ENROLMENT_COLUMNS, self)
        self.enrolment_table = QTableView()
        self.enrolment_table.setModel(self.enrolments)
        self.enrolment_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.enrolment_table.verticalHeader().hide()
        self.enrolment_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        enrol_page = QWidget()
        enrol_layout = QVBoxLayout(enrol_page)
        enrol_layout.addWidget(self.enrolment_table, 1)
        bar = QHBoxLayout()
        for text, slot in (
            ("Enrol…  (Ctrl+E)", self.enrol),
            ("Pause / resume  (P)", self.toggle_pause),
            ("Stop…  (X)", self.stop_selected),
            ("Export calendar (.ics)…", self.export_calendar),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        enrol_layout.addLayout(bar)
        QShortcut(QKeySequence(Qt.Key.Key_P), self.enrolment_table, self.toggle_pause)
        QShortcut(QKeySequence(Qt.Key.Key_X), self.enrolment_table, self.stop_selected)
        # Templates and follow-through
        self.editor = TemplateEditor(self._save_template)
        self.follow: RecordsModel[FollowThrough] = RecordsModel(
            [
                ("Rep", lambda f: self._reps.get(f.rep_id or "", "")),
                ("Cadence", lambda f: f.template),
                ("Enrolments", lambda f: str(f.enrolments)),
                ("Ended", lambda f: str(f.ended)),
                ("Engaged", lambda f: str(f.engaged)),
                (
                    "Given up after 1-2 tries",
                    lambda f: f"{f.abandoned_early} ({f.abandoned_rate:.0%})",
                ),
                ("Touches before the end", lambda f: f"{f.average_touches:.1f}"),
            ],
            self,
        )
        follow_table = QTableView()
        follow_table.setModel(self.follow)
        follow_table.verticalHeader().hide()
        follow_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.inmail = QLabel()
        self.yields: RecordsModel[StepYield] = RecordsModel(
            [
                ("Cadence", lambda y: y.template),
                ("Step", lambda y: str(y.number)),
                ("Channel", lambda y: TOUCH_LABELS[y.channel]),
                ("Done", lambda y: str(y.tries)),
                ("Reply or meeting right after", lambda y: f"{y.engaged_after} ({y.rate:.0%})"),
            ],
            self,
        )
        yield_table = QTableView()
        yield_table.setModel(self.yields)
        yield_table.verticalHeader().hide()
        yield_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        follow_page = QWidget()
        follow_layout = QVBoxLayout(follow_page)
        follow_layout.addWidget(self.inmail)
        follow_layout.addWidget(follow_table, 1)
        follow_layout.addWidget(QLabel("<b>Which steps bring replies and meetings</b>"))
        follow_layout.addWidget(yield_table, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(due_page, "&Due now")
        self.tabs.addTab(enrol_page, "&Enrolments")
        self.tabs.addTab(self.editor, "&Templates")
        self.tabs.addTab(follow_page, "&Follow-through")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        QShortcut(QKeySequence("Ctrl+E"), self, self.enrol)

    # --- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        cadences, book = self._cadences, self._book

        def load() -> Loaded | None:
            if book.me() is None:
                return None
            now = clock.now()
            return (
                cadences.due(None, now),
                cadences.enrolments(active_only=True),
                cadences.templates(),
                cadences.follow_through(),
                cadences.inmail_budget(None, now),
                book.reps(),
                cadences.step_yields(),
            )

        self._runner.run(load, on_success=self._on_loaded)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any("cadences", "touches", "stakeholders", "whales", "reps"):
            self.refresh()

    def _on_loaded(self, loaded: Loaded | None) -> None:
        if loaded is None:
            self.queue_note.setText("Set who uses this laptop (File ▸ Settings) to see your steps.")
            return
        due, running, templates, follow, inmail, reps, yields = loaded
        self.yields.set_rows(yields)
        self._reps = {rep.id: rep.name for rep in reps}
        self.due = due
        self._fill_queue(due)
        self.enrolments.set_rows(running)
        self.editor.show_templates(templates)
        self.follow.set_rows(follow)
        self.inmail.setText(
            f"InMails this month: {inmail.used} of {inmail.budget} ({inmail.left} left)"
        )

    def _fill_queue(self, due: list[DueItem]) -> None:
        selected = self.selected_step()
        self.queue.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for item in due:
            whale = item.enrolment.whale
            if whale not in groups:
                groups[whale] = QTreeWidgetItem([whale])
                self.queue.addTopLevelItem(groups[whale])
            when = f"{item.due_on} (overdue)" if item.overdue else f"{item.due_on}"
            row = QTreeWidgetItem(
                [
                    item.enrolment.stakeholder or "—",
                    f"{item.number} of {len(item.enrolment.steps)} · {item.enrolment.template}",
                    TOUCH_LABELS[item.channel],
                    when,
                    item.instruction,
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, item.step_id)
            groups[whale].addChild(row)
            if item.step_id == selected or (selected is None and self.queue.currentItem() is None):
                self.queue.setCurrentItem(row)
        self.queue.expandAll()
        self.queue_note.setText(
            f"{len(due)} steps due or overdue"
            if due
            else "Nothing due: every cadence step is done for today."
        )

    # --- the queue --------------------------------------------------------------------------

    def selected_step(self) -> str | None:
        item = self.queue.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return str(value) if value else None

    def do_selected(self) -> None:
        step_id = self.selected_step()
        if step_id:
            cadences = self._cadences
            self._runner.run(lambda: cadences.complete(step_id, clock.now()))

    def skip_selected(self) -> None:
        step_id = self.selected_step()
        if step_id:
            cadences = self._cadences
            self._runner.run(lambda: cadences.skip(step_id, clock.now()))

    # --- enrolments -------------------------------------------------------------------------

    def _selected_enrolment(self) -> Enrolment | None:
        index = self.enrolment_table.currentIndex()
        return self.enrolments.record(index.row()) if index.isValid() else None

    def enrol(self) -> None:
        book, cadences = self._book, self._cadences
        self._runner.run(
            lambda: (book.whales(clock.now()), cadences.templates()), on_success=self._show_enrol
        )

    def _show_enrol(self, loaded: tuple[list[WhaleSummary], list[SavedTemplate]]) -> None:
        whales, templates = loaded
        book = self._book

        def load_people(whale_id: str, done: Callable[[list[Stakeholder]], None]) -> None:
            self._runner.run(
                lambda: list(book.workspace.page(whale_id).stakeholders), on_success=done
            )

        dialog = EnrolDialog(
            whales,
            templates,
            self._current_whale(),
            clock.now().astimezone(clock.local_zone()).date(),
            load_people,
            self,
        )
        dialog.accepted.connect(
            lambda: self._enrol(
                dialog.whale.currentData(),
                dialog.chosen_people(),
                dialog.template.currentData(),
                dialog.start_on(),
                False,
            )
        )
        self.enrol_dialog = dialog
        dialog.open()

    def _enrol(
        self, whale_id: str, people: list[str], template_id: str, start: date, confirm: bool
    ) -> None:
        cadences = self._cadences

        def refused(error: Exception) -> None:
            if isinstance(error, Refused) and not confirm:
                answer = QMessageBox.question(self, "Two cadences at once", f"{error}?")
                if answer == QMessageBox.StandardButton.Yes:
                    self._enrol(whale_id, people, template_id, start, True)
                return
            QMessageBox.warning(self, "Whale War Room", str(error))

        self._runner.run(
            lambda: cadences.enrol(
                whale_id, people, template_id, start, clock.now(), confirm_double=confirm
            ),
            on_failure=refused,
        )

    def toggle_pause(self) -> None:
        enrolment = self._selected_enrolment()
        if enrolment is None:
            return
        cadences = self._cadences
        if enrolment.status == "paused":
            self._runner.run(lambda: cadences.resume(enrolment.id, clock.now()))
        else:
            self._runner.run(lambda: cadences.pause(enrolment.id, clock.now()))

    def stop_selected(self) -> None:
        enrolment = self._selected_enrolment()
        if enrolment is None:
            return
        cadences = self._cadences
        self._runner.run(
            lambda: (cadences.gives_up(enrolment.id), cadences.touches_to_win()),
            on_success=lambda got: self._ask_stop(enrolment, *got),
        )

    def _ask_stop(self, enrolment: Enrolment, giving_up: bool, to_win: float | None) -> None:
        prompt = f"Why stop {enrolment.template} for {enrolment.stakeholder}?"
        if giving_up:
            # The give-up guard: most reps quit after one or two tries; show what wins took.
            took = f" Your won deals took {to_win:.0f} touches on average." if to_win else ""
            prompt = (
                f"This is only try {enrolment.done_steps} of {len(enrolment.steps)}, with "
                f"no reply yet.{took}\n\n{prompt}"
            )
        reason, ok = QInputDialog.getText(self, "Stop the cadence", prompt)
        if ok:
            cadences = self._cadences
            self._runner.run(lambda: cadences.stop(enrolment.id, reason, clock.now()))

    def export_calendar(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export upcoming steps", "cadence-steps.ics", "Calendar (*.ics)"
        )
        if not path:
            return
        cadences = self._cadences
        self._runner.run(
            lambda: cadences.export_ics(None, Path(path), clock.now()),
            on_success=lambda count: self.queue_note.setText(
                f"Exported {count} upcoming steps to {path}"
            ),
        )

    # --- templates --------------------------------------------------------------------------

    def _save_template(self, template: SavedTemplate) -> None:
        cadences = self._cadences
        self._runner.run(lambda: cadences.save_template(template, clock.now()))
