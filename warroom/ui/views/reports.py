"""The Reports section: the weekly war room, a rep's week and an account plan, as PDF (A4 or
Letter) or on paper through the system's print dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.kinds import REPORT_KINDS
from warroom.ui.file_actions import documents
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook
    from warroom.services.reports import Report


class ReportsView(QWidget):
    def __init__(
        self,
        runner: OperationRunner,
        current_whale: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._current_whale = current_whale
        self.kind = QComboBox()
        for key, label in REPORT_KINDS.items():
            self.kind.addItem(label, key)
        self.page = QComboBox()
        self.page.addItem("A4", "a4")
        self.page.addItem("Letter", "letter")
        export = QPushButton("Export PDF…")
        export.clicked.connect(lambda: self.export())
        printing = QPushButton("Print…  (Ctrl+P)")
        printing.clicked.connect(self.print_report)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Report", self.kind)
        form.addRow("&Paper", self.page)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "<h2>Reports</h2><p>Drawn by the app itself: text you can search and copy, charts "
            "at print resolution, page numbers, the date and the team on every page.</p>"
        )
        intro.setWordWrap(True)  # a narrow window must not be held wide by this line
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(export, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(printing, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def refresh(self) -> None:
        """Nothing to load until a report is asked for."""

    def on_changes(self, changes: Changes) -> None:
        """Reports are drawn when asked; nothing is cached."""

    def _target(self, kind: str) -> str | None:
        if kind == "account":
            return self._current_whale()
        return None

    def export(self, path: str | None = None) -> None:
        kind = self.kind.currentData()
        target = self._target(kind)
        if kind == "account" and target is None:
            self.status.setText("Select a whale in Whales first, then export its account plan.")
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export report", str(documents() / f"{kind}.pdf"), "PDF (*.pdf)"
            )
        if not path:
            return
        self._draw(lambda report: self._write(report, Path(path)))

    def print_report(self) -> None:
        """The system's print dialog, then the chosen report on the chosen printer."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.accepted.connect(lambda: self._draw(lambda report: self._print(report, printer)))
        self.print_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def _draw(self, then: Callable[[Report], None]) -> None:
        """Load on the worker (with progress), then draw here, on the GUI thread."""
        kind, at = self.kind.currentData(), clock.now()
        target = self._target(kind)
        progress = QProgressDialog("Gathering the figures…", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setMinimumDuration(500)

        def done(loaded: Report) -> None:
            progress.close()
            then(loaded)

        def failed(error: Exception) -> None:
            progress.close()
            self.status.setText(str(error))

        def load(book: OpenBook) -> Report:
            from warroom.services.reports import load

            return load(book.book, kind, target, at)

        self._runner.read(load, done, failed, owner=self)

    def _write(self, report: Report, path: Path) -> None:
        from warroom.ui.reports.reports import write

        pages = write(report, path, self.page.currentData())
        self.status.setText(f"Wrote {pages} pages to {path}")

    def _print(self, report: Report, printer: QPrinter) -> None:
        from warroom.ui.reports.document import render
        from warroom.ui.reports.reports import blocks

        printer.setDocName(report.title)
        pages = render(printer, blocks(report), report.footer)
        self.status.setText(f"Sent {pages} pages to the printer")
