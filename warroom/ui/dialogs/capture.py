"""File ▸ Capture from calendar or mail: choose exports (.ics, .eml, .mbox, .vcf), see what
they would log (touches, planned touches, new people, addresses at no whale, what is skipped
and why, lines that could not be read), then log it all as one edit (one Ctrl+Z)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.words import plural
from warroom.ui.file_actions import documents
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.domain.capture import Plan
    from warroom.domain.changes import Done
    from warroom.services.capture import Logged, Preview
    from warroom.services.open_book import OpenBook

FILTER = "Calendars, mail and cards (*.ics *.eml *.mbox *.vcf);;All files (*)"
CANCELLED = "Cancelled: nothing was read, nothing is logged."


class CaptureDialog(QDialog):
    def __init__(
        self,
        runner: OperationRunner,
        say: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Capture from calendar or mail")
        self.resize(900, 620)
        self._runner = runner
        self._say = say
        self._cancel = threading.Event()  # set here, read by the reading on the worker
        self._progress = [0, 0]  # files read, files in all
        self.paths: list[Path] = []
        self.preview: Preview | None = None
        self.files = QLabel(
            "Choose the calendar (.ics), mail (.eml, .mbox) or card (.vcf) files your "
            "calendar or mail program exported. Nothing is logged before you say so."
        )
        self.files.setWordWrap(True)
        choose = QPushButton("&Choose files…")
        choose.setAutoDefault(False)
        choose.clicked.connect(self.choose)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        # The preview's lines are laid out in columns (time, whale, what): a fixed-width font
        # keeps them straight.
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.add_people = QCheckBox(
            "&Add the new people at whales as stakeholders, with their touches"
        )
        self.add_people.setChecked(False)  # offered, never added unless the rep says so
        self.add_people.toggled.connect(self._show)
        # Captured before and deleted since (by hand, or by Ctrl+Z on the capture): skipped,
        # unless the rep asks for them again.
        self.again = QCheckBox()
        self.again.setVisible(False)  # until a preview finds some
        self.again.toggled.connect(self._show)
        self.log_button = QPushButton("&Log")
        self.log_button.setEnabled(False)
        self.log_button.clicked.connect(self.log)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.files, 1)
        top.addWidget(choose)
        buttons = QHBoxLayout()
        ticks = QVBoxLayout()
        ticks.addWidget(self.add_people)
        ticks.addWidget(self.again)
        buttons.addLayout(ticks)
        buttons.addStretch(1)
        buttons.addWidget(self.log_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)

    def choose(self) -> None:
        found, _ = QFileDialog.getOpenFileNames(
            self, "Capture from calendar or mail", str(documents()), FILTER
        )
        if found:
            self.read([Path(p) for p in found])

    def read(self, paths: list[Path]) -> None:
        """Read the files and show what they would log; big mailboxes show progress and can
        be cancelled."""
        self.paths = paths
        self.files.setText(", ".join(p.name for p in paths))
        self.preview = None
        self.log_button.setEnabled(False)
        self._cancel.clear()
        self._progress[:] = [0, len(paths)]
        progress = QProgressDialog("Reading…", "Cancel", 0, len(paths), self)
        progress.setWindowTitle("Capture")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        progress.canceled.connect(self._cancel.set)
        ticker = QTimer(progress, interval=100)
        ticker.timeout.connect(lambda: progress.setValue(self._progress[0]))
        ticker.start()
        now, stop, counter = clock.now(), self._cancel, self._progress

        def moved(done: int, total: int) -> bool:
            counter[:] = [done, total]
            return not stop.is_set()

        def work(book: OpenBook) -> Preview:
            from warroom.services.capture import Capture

            return Capture(book.book).preview(paths, now, moved)

        def finish() -> bool:
            """Close the progress; whether the rep cancelled (closing it says 'canceled')."""
            cancelled = self._cancel.is_set()
            ticker.stop()
            progress.canceled.disconnect(self._cancel.set)
            progress.close()
            return cancelled

        def done(preview: Preview) -> None:
            if finish():
                self.text.setPlainText(CANCELLED)
                return
            self.preview = preview
            self._show()

        def failed(error: Exception) -> None:
            finish()
            self.text.setPlainText(str(error))

        self._runner.read(work, done, failed, owner=self)

    def _show(self) -> None:
        from warroom.services.capture import describe

        preview = self.preview
        if preview is None:
            return
        plan = self._plan()
        lines = describe(
            preview,
            plan,
            dry_run=True,
            not_added="not added (tick the box)",
            again="tick the box to log them again",
        )
        if preview.problems:
            lines += ["", "Could not be read:", *(f"  {p}" for p in preview.problems)]
        if preview.files_read == 0:
            lines = ["Nothing in these files could be read.", *lines[-len(preview.problems) :]]
        self.text.setPlainText("\n".join(lines))
        count = len(plan.touches) + len(plan.planned)
        self.add_people.setVisible(bool(preview.plan.new_people))
        deleted = len(preview.plan.deleted)
        self.again.setText(
            f"Log a&gain the {plural(deleted, 'touch', 'touches')} deleted in the app since "
            "captured (after a Ctrl+Z, say)"
        )
        self.again.setVisible(deleted > 0)
        self.log_button.setText(f"&Log {_counted(plan)}")
        self.log_button.setEnabled(count > 0 or bool(plan.new_people))

    def _plan(self) -> Plan:
        assert self.preview is not None
        chosen = self.preview.plan.again() if self.again.isChecked() else self.preview.plan
        return chosen if self.add_people.isChecked() else chosen.without_new_people()

    def log(self) -> None:
        preview = self.preview
        if preview is None:
            return
        now, add, again = clock.now(), self.add_people.isChecked(), self.again.isChecked()

        def work(book: OpenBook) -> Done[Logged]:
            from warroom.services.capture import Capture

            return Capture(book.book).log(preview, now, add_people=add, again=again)

        def logged(found: Logged) -> None:
            self._say(
                f"Captured {plural(found.added, 'touch', 'touches')}, "
                f"{plural(found.planned, 'planned touch', 'planned touches')} and "
                f"{plural(found.people, 'new person', 'new people')} (Ctrl+Z takes them back)"
            )
            self.accept()

        self._runner.edit(
            "Capture from calendar or mail",
            work,
            logged,
            lambda error: self.text.setPlainText(str(error)),
            owner=self,
        )


def _counted(plan: Plan) -> str:
    """The Log button's words: touches and planned touches each counted as what they are."""
    touches = plural(len(plan.touches), "touch", "touches")
    if not plan.planned:
        return touches
    return f"{touches} and {plural(len(plan.planned), 'planned touch', 'planned touches')}"
