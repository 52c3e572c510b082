"""Bring a book in: pick a Salesforce, HubSpot, LinkedIn or Sales Navigator export (or any CSV
or .xlsx), check which column is which, preview what would happen, then import it whole, with
a way to cancel that keeps nothing."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

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
from warroom.domain.import_rows import IMPORT_FIELDS, Format
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
    "title": "Title",
    "email": "Email",
    "profile_url": "Profile link",
}


def describe(report: CsvReport) -> str:
    verb = "Would add" if report.dry_run else "Added"
    lines = [
        f"{report.format}: {report.rows} rows read.",
        f"{verb} {report.new_whales} whales and {report.new_stakeholders} stakeholders; "
        f"{report.updated_whales} whales and {report.updated_stakeholders} stakeholders get "
        f"empty fields filled; {report.unchanged} rows change nothing.",
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
    return "\n".join(lines)


class ImportDialog(QDialog):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a book")
        self.resize(760, 640)
        self._runner = runner
        self._format: Format | None = None
        self._cancel = threading.Event()  # set here, read by the import on the worker
        self.path = QLineEdit(placeholderText="A CSV or .xlsx export")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self.choose)
        self.detected = QLabel()
        self.columns = {field: QComboBox() for field in IMPORT_FIELDS}
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.preview_button = QPushButton("&Preview")
        self.preview_button.clicked.connect(self.preview)
        self.import_button = QPushButton("&Import")
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.path, 1)
        top.addWidget(browse)
        form = QFormLayout()
        for field, combo in self.columns.items():
            form.addRow(FIELD_LABELS[field], combo)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.preview_button, self.import_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.detected)
        layout.addLayout(form)
        layout.addWidget(self.preview_text, 1)
        layout.addLayout(buttons)
        self._enable(False)

    def _enable(self, ready: bool) -> None:
        self.preview_button.setEnabled(ready)
        self.import_button.setEnabled(ready)

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a book", "", "Exports (*.csv *.xlsx)")
        if path:
            self.open_file(Path(path))

    def open_file(self, path: Path) -> None:
        self.path.setText(str(path))

        def look(book: OpenBook) -> tuple[Format | None, list[str], dict[str, str] | None]:
            importer = _importer(book)
            found, headers = importer.columns(path)
            return found, headers, importer.remembered(found.name if found else "custom")

        self._runner.read(
            look, self._show_columns, lambda e: self.preview_text.setPlainText(str(e)), owner=self
        )

    def _show_columns(self, looked: tuple[Format | None, list[str], dict[str, str] | None]) -> None:
        found, headers, remembered = looked
        self._format = found
        self.detected.setText(
            f"Made by: <b>{found.label}</b>"
            if found
            else "<b>Not a format we know</b>: say which column holds what."
        )
        mapping = remembered or (dict(found.fields) if found else {})
        for field, combo in self.columns.items():
            combo.clear()
            combo.addItem(NONE, None)
            for header in headers:
                if header:
                    combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(mapping.get(field)), 0))
        self.preview_text.clear()
        self._enable(True)

    def mapping(self) -> dict[str, str]:
        return {
            field: combo.currentData()
            for field, combo in self.columns.items()
            if combo.currentData()
        }

    def preview(self) -> None:
        self._run(dry_run=True)

    def run_import(self) -> None:
        self._run(dry_run=False)

    def _run(self, dry_run: bool) -> None:
        path, mapping = Path(self.path.text()), self.mapping()
        name = self._format.name if self._format else "custom"
        self._cancel.clear()
        progress = QProgressDialog("Importing…", "Cancel", 0, 0, self)
        progress.setMinimumDuration(500)
        progress.canceled.connect(self._cancel.set)
        stop, now = self._cancel.is_set, clock.now()

        def work(book: OpenBook) -> Done[CsvReport]:
            importer = _importer(book)
            done = importer.run(path, now, dry_run=dry_run, mapping=mapping, stop=stop)
            if not dry_run:
                importer.remember(name, mapping, now)
            return done

        def shown(done: Done[CsvReport] | CsvReport) -> None:
            progress.close()
            report = done.value if isinstance(done, Done) else done
            self.preview_text.setPlainText(describe(report))
            if not dry_run:
                self._offer_triggers(report)

        def failed(error: Exception) -> None:
            progress.close()
            self.preview_text.setPlainText(str(error))

        if dry_run:
            self._runner.read(work, shown, failed, owner=self)
        else:
            self._runner.edit(f"Import {path.name}", work, shown, failed, owner=self)

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


def _importer(book: OpenBook) -> CsvImport:
    from warroom.services.importing_csv import CsvImport

    return CsvImport(book.book)


def _triggers(book: OpenBook, notes: list[tuple[str, str]], at: datetime) -> Done[int]:
    changes = Changes()
    for whale, note in notes:
        changes |= book.book.add_trigger(whale, "champion_moved_in", at, at, note=note).changes
    return Done(len(notes), changes)
