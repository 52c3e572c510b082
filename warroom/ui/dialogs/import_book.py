"""Bring a book in: pick a Salesforce, HubSpot, Pipedrive, LinkedIn or Sales Navigator export (or
any CSV or .xlsx), check which column is which and how its stages read as ours, preview what
would happen (and how the file was read: encoding, separator, numbers, dates), then import it
whole, with progress and a way to cancel that keeps nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.changes import Changes, Done
from warroom.domain.csv_text import Table
from warroom.domain.import_rows import IMPORT_FIELDS, Format
from warroom.domain.kinds import STAGES
from warroom.domain.words import plural
from warroom.ui.file_actions import documents
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.importing_csv import CsvImport, CsvReport
    from warroom.services.open_book import OpenBook

NONE = "(not in this file)"
FIELD_LABELS = {
    "company": "Company *",
    "website": "Website",
    "industry": "Industry",
    "deal_name": "Deal name",
    "amount": "Deal amount",
    "currency": "Currency",
    "stage": "Stage",
    "first_name": "First name",
    "last_name": "Last name",
    "person": "Full name",
    "title": "Title",
    "email": "Email",
    "profile_url": "Profile link",
    "opened": "Deal opened on",
    "closed": "Deal closed on",
    "owner": "Owner (a rep)",
}


def describe(report: CsvReport) -> str:
    verb = "Would add" if report.dry_run else "Added"
    lines = [
        f"{report.format}: {plural(report.rows, 'row')} read ({'; '.join(report.read_as)}).",
        f"{verb} {plural(report.new_whales, 'whale')} and "
        f"{plural(report.new_stakeholders, 'stakeholder')}; "
        f"{plural(report.updated_whales, 'whale')} and "
        f"{plural(report.updated_stakeholders, 'stakeholder')} get empty fields filled; "
        f"{plural(report.unchanged, 'row')} "
        f"{'changes' if report.unchanged == 1 else 'change'} nothing.",
    ]
    lines += [
        f"Stage {stage!r} ({plural(report.stage_rows.get(stage, 0), 'row')}): "
        + (f"read as {ours}." if ours else "not a stage we know: read as identified; map it.")
        for stage, ours in report.stages.items()
    ]
    lines += [f"Line {p.line}: skipped, {p.reason}." for p in report.invalid]
    lines += [
        f"Line {c.line}: kept {c.what} {c.ours!r}; the file says {c.theirs!r}."
        for c in report.conflicts
    ]
    lines += [
        f"Line {f.line}: {f.person} signed with us at {f.signed_at}, now at {f.whale}."
        for f in report.former_signers
    ]
    lines += [
        f"Line {m.line}: {m.person} left {m.left} for {m.now_at}: marked as left, and "
        f"'champion moved in' {'would be ' if report.dry_run else ''}logged at {m.now_at}."
        for m in report.moved
    ]
    if report.moved_in:
        lines.append(
            f"{plural(report.moved_in, 'champion moved in trigger')} at new whales that people "
            "we knew had left for."
        )
    return "\n".join(lines)


class ImportDialog(QDialog):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a book")
        self.resize(860, 700)
        self._runner = runner
        self._format: Format | None = None
        self._cancel = threading.Event()  # set here, read by the import on the worker
        self._progress = [0, 0]  # rows done, rows in all: written by the worker, read here
        self.path = QLineEdit(
            placeholderText="A CSV, text or .xlsx export: type its path or choose"
        )
        # Read when typed and left (Tab, a click elsewhere) as well as on Return.
        self.path.editingFinished.connect(self._path_typed)
        self._looked_at: Path | None = None  # the file being read, or whose columns are shown
        self._shown: Path | None = None  # the file whose columns are shown
        # Preview or Import pressed on a path typed but not read yet: done once it is read.
        self._then: Callable[[], None] | None = None
        # A path typed is enough for Alt+P and Alt+I (disabled, their letters were typed
        # into the path).
        self.path.textChanged.connect(
            lambda text: self._enable(bool(text.strip())) if self._then is None else None
        )
        browse = QPushButton("Choose…")
        browse.setAutoDefault(False)  # Return in the path box reads the path, not Choose…
        browse.clicked.connect(self.choose)
        self._running = False
        # The stages the rep read another way, by the file's name for them: what a preview
        # shows (read the rep's way) is not the table's own reading, so the choices are kept
        # apart from the boxes, for every preview and the import after.
        self._chosen: dict[str, str] = {}
        self.detected = QLabel()
        self.columns = {field: QComboBox() for field in IMPORT_FIELDS}
        self.stages: dict[str, QComboBox] = {}  # the file's stage names, each read as ours
        self.stage_form = QFormLayout()
        self.stage_box = QWidget()
        self.stage_box.setLayout(self.stage_form)
        self.stage_box.hide()
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.preview_button = QPushButton("&Preview")
        self.preview_button.clicked.connect(self.preview)
        self.import_button = QPushButton("&Import")
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        label = QLabel("&File:")
        label.setBuddy(self.path)
        top.addWidget(label)
        top.addWidget(self.path, 1)
        top.addWidget(browse)
        form = QHBoxLayout()
        halves = (QFormLayout(), QFormLayout())
        for number, (field, combo) in enumerate(self.columns.items()):
            halves[number * 2 // len(self.columns)].addRow(FIELD_LABELS[field], combo)
        for half in halves:
            form.addLayout(half, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.preview_button, self.import_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.detected)
        layout.addLayout(form)
        layout.addWidget(self.stage_box)
        layout.addWidget(self.preview_text, 1)
        layout.addLayout(buttons)
        self._enable(False)

    def _enable(self, ready: bool) -> None:
        self.preview_button.setEnabled(ready)
        self.import_button.setEnabled(ready)

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a book", str(documents()), "Exports (*.csv *.txt *.tsv *.xlsx)"
        )
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        self.path.setText(str(path))
        self._looked_at = path

        def look(book: OpenBook) -> tuple[Format | None, Table, dict[str, str] | None]:
            importer = _importer(book)
            found, table = importer.columns(path)
            return found, table, importer.remembered(found.name if found else "custom")

        def shown(looked: tuple[Format | None, Table, dict[str, str] | None]) -> None:
            self._shown = path
            self._show_columns(looked)

        self._shown = None
        self._runner.read(look, shown, self._unreadable, owner=self)

    def _path_typed(self) -> None:
        typed = self.path.text().strip()
        if typed and Path(typed).expanduser() != self._looked_at:
            self.open_file(Path(typed).expanduser())

    def _unreadable(self, error: Exception) -> None:
        """Nothing of the file before stays on show: its columns do not fit this one."""
        self._then = None  # the Preview or Import pressed on it: what it says is the answer
        self._format = None
        self.detected.setText("")
        for combo in self.columns.values():
            combo.clear()
        self._chosen = {}
        self._show_stages({})
        self._enable(False)
        self.preview_text.setPlainText(str(error))

    def _show_columns(self, looked: tuple[Format | None, Table, dict[str, str] | None]) -> None:
        found, table, remembered = looked
        headers = table.headers
        self._format = found
        shared = ", ".join(f"'{name}'" for name in table.duplicates)
        self.detected.setText(
            (
                f"Made by: <b>{found.label}</b>"
                if found
                else "<b>No column says it holds the company</b>: say which column holds what."
            )
            + (
                f"<br>Two columns share a name ({shared}): say which one is meant."
                if shared
                else ""
            )
        )
        self._chosen = {}
        self._show_stages({})
        present = set(headers)
        mapping = {
            **(dict(found.fields) if found else {}),
            # Remembered choices fill in only where this file has the column.
            **{f: h for f, h in (remembered or {}).items() if h in present},
        }
        for field, combo in self.columns.items():
            combo.clear()
            combo.addItem(NONE, None)
            for header in headers:
                if header:
                    combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(mapping.get(field)), 0))
        self.preview_text.clear()
        self._enable(True)
        then, self._then = self._then, None
        if then is not None:
            then()

    def mapping(self) -> dict[str, str]:
        return {
            field: combo.currentData()
            for field, combo in self.columns.items()
            if combo.currentData()
        }

    def preview(self) -> None:
        self._when_read(lambda: self._run(dry_run=True))

    def run_import(self) -> None:
        self._when_read(lambda: self._run(dry_run=False))

    def _when_read(self, then: Callable[[], None]) -> None:
        """`then` now, or once the path typed is read (its columns shown)."""
        typed = Path(self.path.text().strip()).expanduser()
        if typed == self._shown:
            then()
            return
        self._then = then
        if typed != self._looked_at:  # else its reading is on its way, and does `then`
            self.open_file(typed)

    def _run(self, dry_run: bool) -> None:
        path, mapping = Path(self.path.text()), self.mapping()
        # Only the stages the rep read another way: the rest keep the table's reading (and
        # an unknown one its warning) next time too.
        stages = dict(self._chosen)
        name = self._format.name if self._format else "custom"
        self._cancel.clear()
        self._progress[:] = [0, 0]
        progress = QProgressDialog("Reading the file…", "Cancel", 0, 0, self)
        progress.setWindowTitle("Preview" if dry_run else "Import")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        progress.canceled.connect(self._cancel.set)
        ticker = QTimer(progress, interval=100)
        verb = "Reading" if dry_run else "Importing"
        ticker.timeout.connect(lambda: _show_progress(progress, self._progress, verb))
        ticker.start()
        stop, now, counter = self._cancel.is_set, clock.now(), self._progress

        def moved(done: int, total: int) -> None:
            counter[:] = [done, total]

        def work(book: OpenBook) -> Done[CsvReport]:
            importer = _importer(book)
            done = importer.run(
                path,
                now,
                dry_run=dry_run,
                mapping=mapping,
                stages=stages,
                stop=stop,
                progress=moved,
            )
            if not dry_run:
                importer.remember(name, mapping, now, stages)
            return done

        self._running = True

        def shown(done: Done[CsvReport] | CsvReport) -> None:
            self._running = False
            ticker.stop()
            progress.close()
            report = done.value if isinstance(done, Done) else done
            self._show_stages(report.stages)
            self.preview_text.setPlainText(describe(report))
            if not dry_run:
                # Done: a second press would only find it all there (the file again, or
                # another, opens it anew).
                self.import_button.setEnabled(False)
                self._offer_triggers(report)

        def failed(error: Exception) -> None:
            self._running = False
            ticker.stop()
            progress.close()
            self.preview_text.setPlainText(str(error))

        if dry_run:
            self._runner.read(work, shown, failed, owner=self)
        else:
            self._runner.edit(f"Import {path.name}", work, shown, failed, owner=self)

    def reject(self) -> None:
        """Escape (or Close) while an import runs cancels it, as Cancel does: nothing is kept,
        and the dialog stays to say so."""
        if self._running:
            self._cancel.set()
            return
        super().reject()

    def _show_stages(self, found: dict[str, str | None]) -> None:
        """One box per stage the file names, set to how it reads as ours; a change applies to
        the next preview and import, and is remembered."""
        while self.stage_form.rowCount():
            self.stage_form.removeRow(0)
        self.stages = {}
        for text, ours in found.items():
            combo = QComboBox()
            combo.addItems(list(STAGES))
            combo.setCurrentText(self._chosen.get(text) or ours or "identified")
            combo.currentTextChanged.connect(
                lambda chosen, text=text: self._chosen.__setitem__(text, chosen)
            )
            self.stage_form.addRow(f"Their stage “{text}” is our", combo)
            self.stages[text] = combo
        self.stage_box.setVisible(bool(self.stages))

    def _offer_triggers(self, report: CsvReport) -> None:
        """A former signer at a whale is a trigger: offer champion_moved_in for each, as part
        of the import (one Ctrl+Z takes back both)."""
        signers = report.former_signers
        if not signers:
            return
        names = "\n".join(
            f"{s.person} (signed at {s.signed_at}), now at {s.whale}" for s in signers
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Former signers moved in",
            f"These people signed with us before and are now at a whale:\n{names}\n\n"
            "Log a 'champion moved in' trigger at each whale?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        notes = [(s.whale, f"{s.person} signed with us at {s.signed_at}") for s in signers]

        def answered() -> None:
            if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Yes:
                return
            now = clock.now()
            self._runner.edit(
                "Log champion moved in",
                lambda book: _triggers(book, notes, now),
                join=True,
            )

        box.finished.connect(lambda _result: answered())
        self.offer = box
        box.open()


def _show_progress(dialog: QProgressDialog, counter: list[int], verb: str) -> None:
    done, total = counter
    if total:
        dialog.setLabelText(f"{verb} row {done:,} of {total:,}…")
        dialog.setMaximum(total)
        dialog.setValue(done)


def _importer(book: OpenBook) -> CsvImport:
    from warroom.services.importing_csv import CsvImport

    return CsvImport(book.book)


def _triggers(book: OpenBook, notes: list[tuple[str, str]], at: datetime) -> Done[int]:
    changes = Changes()
    for whale, note in notes:
        changes |= book.book.add_trigger(whale, "champion_moved_in", at, at, note=note).changes
    return Done(len(notes), changes)
