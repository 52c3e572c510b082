"""The Cadences section: what is due now (one key to do a step), the enrolments running, the
templates, and follow-through (who keeps going past the second try)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.cadence import PAUSED, Enrolment, FollowThrough, SavedTemplate, StepYield
from warroom.domain.changes import Changes
from warroom.domain.kinds import TOUCH_LABELS
from warroom.domain.records import Rep
from warroom.domain.words import plural
from warroom.ui import actions
from warroom.ui.file_actions import documents
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.cadence_templates import TemplateEditor
from warroom.ui.views.lazy import LoadWhenShown
from warroom.ui.views.lists import say, select_on_focus

if TYPE_CHECKING:
    from warroom.services.cadences import DueItem, InmailBudget
    from warroom.services.open_book import OpenBook

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
        runner: OperationRunner,
        enrol: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._enrol = enrol
        self._reps: dict[str, str] = {}
        self.due: list[DueItem] = []  # in the order of the queue's rows
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
        actions.context_menu(
            self.queue,
            [
                actions.make("step_do", self, self.do_selected, attach=due_page),
                actions.make("step_skip", self, self.skip_selected, attach=due_page),
            ],
        )
        # Enrolments
        self.enrolments: RecordsModel[Enrolment] = RecordsModel(ENROLMENT_COLUMNS, self)
        self.enrolment_table = QTableView()
        self.enrolment_table.setModel(self.enrolments)
        self.enrolment_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.enrolment_table.verticalHeader().hide()
        self.enrolment_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.enrolment_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        select_on_focus(self.enrolment_table)
        enrol_page = QWidget()
        enrol_layout = QVBoxLayout(enrol_page)
        enrol_layout.addWidget(self.enrolment_table, 1)
        bar = QHBoxLayout()
        for text, slot in (
            ("Enrol…  (Ctrl+E)", enrol),
            ("Pause / resume  (P)", self.toggle_pause),
            ("Stop…  (X)", self.stop_selected),
            ("Export calendar (.ics)…", self.export_calendar),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        enrol_layout.addLayout(bar)
        actions.context_menu(
            self.enrolment_table,
            [
                actions.make("enrolment_pause", self, self.toggle_pause, attach=enrol_page),
                actions.make("enrolment_stop", self, self.stop_selected, attach=enrol_page),
            ],
        )
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
                    lambda f: f.given_up_words,
                ),
                ("Touches before the end", lambda f: f.touches_words),
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
        for name, page in (
            ("cadence_due", due_page),
            ("cadence_enrolments", enrol_page),
            ("cadence_templates", self.editor),
            ("cadence_follow", follow_page),
        ):
            spec = actions.BY_NAME[name]
            index = self.tabs.addTab(page, spec.label)
            self.tabs.setTabToolTip(index, f"{spec.label} ({spec.keys[0]})")
            actions.make(name, self, partial(self._show_tab, page))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.setFocusProxy(self.queue)

    def _show_tab(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)
        first = {self.tabs.widget(0): self.queue, self.tabs.widget(1): self.enrolment_table}
        (first.get(page) or page).setFocus()

    def current_whale(self) -> str | None:
        if self.tabs.currentIndex() == 1:
            selection = self.enrolment_table.selectionModel()
            rows = selection.selectedRows() if selection is not None else []
            return self.enrolments.record(rows[0].row()).whale_id if rows else None
        step = self.selected_step()
        found = [item for item in self.due if item.step_id == step]
        return found[0].enrolment.whale_id if found else None

    # --- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        def load(book: OpenBook) -> Loaded | None:
            me = book.book.me()
            if me is None:
                return None
            now, cadences = clock.now(), book.cadences
            return (
                cadences.due(None, now),
                cadences.enrolments(rep=me.id, active_only=True),
                cadences.templates(),
                cadences.follow_through(),
                cadences.inmail_budget(None, now),
                book.book.reps(),
                cadences.step_yields(),
            )

        self._runner.read(load, self._on_loaded, owner=self)

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
        self._fill_queue(due)
        chosen = self._selected_id()
        self.enrolments.set_rows(running)
        ids = [e.id for e in running]
        if chosen in ids:  # the same enrolment stays selected after P, X or a sync
            self.enrolment_table.selectRow(ids.index(chosen))
        self.editor.show_templates(templates)
        self.follow.set_rows(follow)
        self.inmail.setText(
            f"InMails this month: {inmail.used} of {inmail.budget} ({inmail.left} left)"
        )

    def _fill_queue(self, due: list[DueItem]) -> None:
        selected = self.selected_step()
        steps_before = [i.step_id for i in self.due]
        position = steps_before.index(selected) if selected in steps_before else 0
        self.queue.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        rows: list[QTreeWidgetItem] = []
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
            rows.append(row)
        self.due = due
        self.queue.expandAll()
        if rows:
            # The same step if it is still due, else the one now in its place: the next.
            ids = [i.step_id for i in due]
            at = ids.index(selected) if selected in ids else min(position, len(rows) - 1)
            self.queue.setCurrentItem(rows[at])
        self.queue_note.setText(
            f"{plural(len(due), 'step')} due or overdue"
            if due
            else "Nothing due: every cadence step is done for today."
        )

    # --- the queue --------------------------------------------------------------------------

    def selected_step(self) -> str | None:
        item = self.queue.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return str(value) if value else None

    def _step_words(self) -> str:
        """The selected step as the status line names it: 'step 2 of 6 · Whale opener for
        Dana Reyes' ('Do a cadence step: done' said not which)."""
        item = self.queue.currentItem()
        if item is None:
            return "a cadence step"
        person = item.text(0)
        return f"step {item.text(1)}" + (f" for {person}" if person != "—" else "")

    def do_selected(self) -> None:
        step_id, now = self.selected_step(), clock.now()
        if step_id:
            self._runner.edit(
                f"Do {self._step_words()}", lambda book: book.cadences.complete(step_id, now)
            )

    def skip_selected(self) -> None:
        step_id, now = self.selected_step(), clock.now()
        if step_id:
            self._runner.edit(
                f"Skip {self._step_words()}", lambda book: book.cadences.skip(step_id, now)
            )

    # --- enrolments -------------------------------------------------------------------------

    def _selected_id(self) -> str | None:
        selection = self.enrolment_table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return self.enrolments.record(rows[0].row()).id if rows else None

    def _selected_enrolment(self) -> Enrolment | None:
        selection = self.enrolment_table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        if not rows:
            say(self, "Select an enrolment first (Up and Down move through them)")
            return None
        return self.enrolments.record(rows[0].row())

    def toggle_pause(self) -> None:
        enrolment, now = self._selected_enrolment(), clock.now()
        if enrolment is None:
            return
        enrolment_id = enrolment.id
        if enrolment.status == PAUSED:
            self._runner.edit(
                "Resume a cadence", lambda book: book.cadences.resume(enrolment_id, now)
            )
        else:
            self._runner.edit(
                "Pause a cadence", lambda book: book.cadences.pause(enrolment_id, now)
            )

    def stop_selected(self) -> None:
        enrolment = self._selected_enrolment()
        if enrolment is None:
            return
        enrolment_id = enrolment.id
        self._runner.read(
            lambda book: (book.cadences.gives_up(enrolment_id), book.cadences.touches_to_win()),
            lambda got: self._ask_stop(enrolment, *got),
            owner=self,
        )

    def _ask_stop(self, enrolment: Enrolment, giving_up: bool, to_win: float | None) -> None:
        prompt = f"Why stop {enrolment.template} for {enrolment.stakeholder}?"
        if giving_up:
            # The give-up guard: most reps quit after one or two tries; show what wins took.
            took = f" Your won deals took {to_win:.0f} touches on average." if to_win else ""
            prompt = (
                f"Only {plural(enrolment.done_steps, 'try', 'tries')} of "
                f"{len(enrolment.steps)} made, with no reply yet.{took}\n\n{prompt}"
            )
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Stop the cadence")
        dialog.setLabelText(prompt)
        enrolment_id = enrolment.id

        def stop(reason: str) -> None:
            now = clock.now()
            self._runner.edit(
                f"Stop {enrolment.template}",
                lambda book: book.cadences.stop(enrolment_id, reason, now),
            )

        dialog.textValueSelected.connect(stop)
        self.stop_dialog = dialog
        dialog.open()

    def export_calendar(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export upcoming steps",
            str(documents() / "cadence-steps.ics"),
            "Calendar (*.ics)",
        )
        if not path:
            return
        target, now = Path(path), clock.now()
        self._runner.read(
            lambda book: book.cadences.export_ics(None, target, now),
            lambda count: self.queue_note.setText(f"Exported {count} upcoming steps to {path}"),
            owner=self,
        )

    # --- templates --------------------------------------------------------------------------

    def _save_template(self, template: SavedTemplate) -> None:
        now = clock.now()
        self._runner.edit(
            f"Save cadence {template.name.strip()}",
            lambda book: book.cadences.save_template(template, now),
        )
