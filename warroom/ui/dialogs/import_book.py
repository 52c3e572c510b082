"""Bring a book in: pick a Salesforce, HubSpot, LinkedIn or Sales Navigator export (or any CSV
or .xlsx), check which column is which, preview what would happen, then import it whole, with
a way to cancel that keeps nothing."""

from __future__ import annotations

from collections.abc import Callable
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
from warroom.domain.changes import Done
from warroom.domain.import_rows import IMPORT_FIELDS, Format
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.book import Book
    from warroom.services.importing_csv import CsvReport

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
    def __init__(self, book: Book, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from warroom.services.importing_csv import CsvImport

        self.setWindowTitle("Import a book")
        self.resize(760, 640)
        self._book = book
        self._import = CsvImport(book)
        self._runner = runner
        self._format: Format | None = None
        self._cancelled = False
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
        importer = self._import

        def look() -> tuple[Format | None, list[str], dict[str, str] | None]:
            found, headers = importer.columns(path)
            return found, headers, importer.remembered(found.name if found else "custom")

        self._runner.run(
            look,
            on_success=self._show_columns,
            on_failure=lambda e: self.preview_text.setPlainText(str(e)),
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
        path, mapping, importer = Path(self.path.text()), self.mapping(), self._import
        name = self._format.name if self._format else "custom"
        self._cancelled = False
        progress = QProgressDialog("Importing…", "Cancel", 0, 0, self)
        progress.setMinimumDuration(500)
        progress.canceled.connect(lambda: setattr(self, "_cancelled", True))

        def work() -> Done[CsvReport]:
            done = importer.run(
                path, clock.now(), dry_run=dry_run, mapping=mapping, stop=lambda: self._cancelled
            )
            if not dry_run:
                importer.remember(name, mapping, clock.now())
            return done

        def shown(done: Done[CsvReport]) -> None:
            progress.close()
            report = done.value
            self.preview_text.setPlainText(describe(report))
            if not dry_run:
                self._offer_triggers(report)

        def failed(error: Exception) -> None:
            progress.close()
            self.preview_text.setPlainText(str(error))

        self._runner.run(work, on_success=shown, on_failure=failed)

    def _offer_triggers(self, report: CsvReport) -> None:
        """A former signer at a whale is a trigger: offer champion_moved_in for each."""
        book = self._book
        for signer in report.former_signers:
            answer = QMessageBox.question(
                self,
                "A former signer moved in",
                f"{signer.person} signed with us at {signer.signed_at} and is now at "
                f"{signer.whale}. Log a 'champion moved in' trigger there?",
            )
            if answer == QMessageBox.StandardButton.Yes:
                note = f"{signer.person} signed with us at {signer.signed_at}"
                self._runner.run(_trigger_at(book, signer.whale, note))


def _trigger_at(book: Book, whale: str, note: str) -> Callable[[], object]:
    """The operation that logs champion_moved_in at one whale (bound now, run later)."""
    return lambda: book.add_trigger(whale, "champion_moved_in", clock.now(), clock.now(), note=note)
