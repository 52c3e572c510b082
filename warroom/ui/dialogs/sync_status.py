"""Team sync status: this laptop, the devices seen, conflicts waiting and files set aside."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from warroom.clock import on_this_clock

if TYPE_CHECKING:
    from warroom.services.sync import SyncReport, SyncStatus


def _short(path: str) -> str:
    """A folder as people write it: ~/Dropbox/Sales rather than /home/ana/Dropbox/Sales."""
    home = str(Path.home())
    return "~" + path[len(home) :] if path.startswith(home + os.sep) else path


class SyncDialog(QDialog):
    sync_requested = Signal()
    create_requested = Signal()
    join_requested = Signal()
    review_requested = Signal()
    vouch_requested = Signal()  # "my clock is right": publish what the guard held back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Team sync")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.devices = QTableWidget(0, 3)
        # The other laptops this one has read from (this one is named above).
        self.devices.setHorizontalHeaderLabels(["Other laptops", "Files", "Changes"])
        self.alone = QLabel(
            "No other laptop has synced yet: each rep joins with the lead's recovery code "
            "(Team ▸ Join a team…)."
        )
        self.alone.setWordWrap(True)
        self.devices.verticalHeader().hide()
        self.devices.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.devices.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.conflicts = QLabel()
        self.review = QPushButton("&Review conflicts…")
        self.review.clicked.connect(self.review_requested)
        conflicts_row = QHBoxLayout()
        conflicts_row.addWidget(self.conflicts, 1)
        conflicts_row.addWidget(self.review)
        self.set_aside_title = QLabel(
            "<b>Files set aside</b> (damaged or altered; kept on the share)"
        )
        self.set_aside = QListWidget()
        self.set_aside.setMaximumHeight(90)
        self.messages = QLabel()
        self.messages.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.sync_button = QPushButton("&Sync now")
        self.create_button = QPushButton("&Create a team…")
        self.join_button = QPushButton("&Join a team…")
        self.vouch_button = QPushButton("My clock is &right")
        self.vouch_button.setToolTip(
            "Publish anyway: the team has been quiet, and this laptop's clock is correct"
        )
        self.vouch_button.hide()
        for button, signal in (
            (self.vouch_button, self.vouch_requested),
            (self.sync_button, self.sync_requested),
            (self.create_button, self.create_requested),
            (self.join_button, self.join_requested),
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(signal)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.devices, 1)
        layout.addWidget(self.alone)
        layout.addLayout(conflicts_row)
        layout.addWidget(self.set_aside_title)
        layout.addWidget(self.set_aside)
        layout.addWidget(self.messages)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.resize(620, 460)

    def show_status(self, status: SyncStatus, report: SyncReport | None) -> None:
        joined = status.joined
        for widget in (self.devices, self.conflicts, self.review, self.sync_button):
            widget.setVisible(joined)
        self.alone.setVisible(joined and not status.devices)
        self.create_button.setVisible(not joined)
        self.join_button.setVisible(not joined)
        if not joined:
            self.summary.setText(
                "<b>This laptop is not in a team.</b><br>Work stays on this laptop. To share "
                "one ocean, the lead creates a team in a shared folder (Dropbox, OneDrive, a "
                "network share) or on a PostgreSQL team server, and each rep joins with the "
                "lead's recovery code."
            )
        else:
            when = (
                on_this_clock(status.last_sync, "%Y-%m-%d %H:%M") if status.last_sync else "never"
            )
            from warroom.services.transport import is_server

            where = "team server" if is_server(status.shared) else "team folder"
            self.summary.setText(
                f"<b>{status.device_name}</b> · {where} {html.escape(_short(status.shared))}"
                f"<br>Last sync: {when}"
            )
        self.devices.setRowCount(len(status.devices))
        for row, seen in enumerate(status.devices):
            name = seen.name or f"device {seen.device[:8]}"
            for column, text in enumerate((name, str(seen.segments), str(seen.changes))):
                self.devices.setItem(row, column, QTableWidgetItem(text))
        self.conflicts.setText(
            f"{status.conflicts} conflict{'s' if status.conflicts != 1 else ''} waiting: "
            "edits made at the same time on two laptops"
            if status.conflicts
            else "No conflicts waiting."
        )
        self.review.setEnabled(status.conflicts > 0)
        self.set_aside.clear()
        names = {seen.device: seen.name for seen in status.devices}
        for held in status.quarantined:
            who = names.get(held.device) or f"device {held.device[:8]}"
            self.set_aside.addItem(f"{who}, file {held.seq}: {held.reason}")
        self.set_aside_title.setVisible(bool(status.quarantined))
        self.set_aside.setVisible(bool(status.quarantined))
        lines = []
        if report is not None:
            lines = report.notices + report.quarantined + report.waiting
        self.messages.setText("<br>".join(lines))
        self.messages.setVisible(bool(lines))
        self.vouch_button.setVisible(joined and report is not None and report.clock_doubted)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        self.sync_button.setEnabled(False)

    def hide_progress(self) -> None:
        self.progress.hide()
        self.sync_button.setEnabled(True)
