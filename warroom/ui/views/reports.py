"""The Reports section: the weekly war room, a rep's week and an account plan, as PDF (A4 or
Letter) or on paper through the system's print dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from warroom.ui.file_actions import documents
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook

KINDS = (
    ("weekly", "The weekly war room"),
    ("rep", "My week"),
    ("account", "Account plan of the selected whale"),
)


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
        for key, label in KINDS:
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
        self._draw(lambda blocks_of: self._write(blocks_of, Path(path)))

    def print_report(self) -> None:
        """The system's print dialog, then the chosen report on the chosen printer."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.accepted.connect(lambda: self._draw(lambda loaded: self._print(loaded, printer)))
        self.print_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()

    def _draw(self, then: Callable[[Any], None]) -> None:
        """Load on the worker (with progress), then draw here, on the GUI thread."""
        from warroom.ui.reports import reports

        kind, at = self.kind.currentData(), clock.now()
        target = self._target(kind)
        progress = QProgressDialog("Gathering the figures…", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setMinimumDuration(500)

        def load(book: OpenBook) -> Any:
            if kind == "weekly":
                return kind, reports.load_weekly(book.book, at)
            if kind == "rep":
                return kind, reports.load_rep_week(book.book, None, at)
            return kind, reports.load_account(book.book, target or "", at)

        def done(loaded: Any) -> None:
            progress.close()
            then(loaded)

        def failed(error: Exception) -> None:
            progress.close()
            self.status.setText(str(error))

        self._runner.read(load, done, failed, owner=self)

    def _blocks(self, loaded: Any) -> tuple[list[Any], str, str]:
        from warroom.ui.reports import reports

        kind, data = loaded
        at = clock.now()
        if kind == "weekly":
            return (
                reports.weekly_blocks(data),
                f"War room: {data.team}",
                f"{data.team} · war room · {at:%Y-%m-%d}",
            )
        if kind == "rep":
            return (
                reports.rep_week_blocks(data),
                f"My week: {data.streak.rep.name}",
                f"{data.team} · {data.streak.rep.name} · {at:%Y-%m-%d}",
            )
        name = data.page.definition.name
        return (
            reports.account_blocks(data, at),
            f"Account plan: {name}",
            f"{data.team} · {name} · {at:%Y-%m-%d}",
        )

    def _write(self, loaded: Any, path: Path) -> None:
        from warroom.ui.reports.reports import write

        blocks, title, footer = self._blocks(loaded)
        pages = write(blocks, path, self.page.currentData(), title, footer)
        self.status.setText(f"Wrote {pages} pages to {path}")

    def _print(self, loaded: Any, printer: QPrinter) -> None:
        from warroom.ui.reports.document import render

        blocks, title, footer = self._blocks(loaded)
        printer.setDocName(title)
        pages = render(printer, blocks, footer)
        self.status.setText(f"Sent {pages} pages to the printer")
