"""The War room section: pick the big screen and start the session (F11); below, the sessions
held, each with what moved since the one before and the notes typed during it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.changes import Changes
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.lazy import LoadWhenShown

if TYPE_CHECKING:
    from warroom.services.war_room import Meeting


def _notes(meeting: Meeting) -> str:
    return " / ".join(meeting.notes.splitlines()) or "(no notes)"


class WarRoomView(LoadWhenShown):
    def __init__(
        self,
        runner: OperationRunner,
        start: Callable[[int], None],
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._start = start
        self.sessions: RecordsModel[Meeting] = RecordsModel(
            [
                ("Held", lambda m: f"{m.held_at.astimezone(zone):%a %d %b %Y %H:%M}"),
                ("What moved since the session before", lambda m: m.summary),
                ("Who was there", lambda m: ", ".join(m.there) or "—"),
                ("Notes", _notes),
            ]
        )
        self.sessions_table = QTableView()
        self.sessions_table.setModel(self.sessions)
        self.sessions_table.setWordWrap(True)
        self.sessions_table.verticalHeader().hide()
        self.sessions_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.sessions_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 220)
        header.setStretchLastSection(True)
        self.sessions_empty = QLabel(
            "No session held yet. Leaving the war room (Esc) keeps each session here, with "
            "its notes; Reports prints the last one's record."
        )
        self.sessions_empty.setWordWrap(True)
        self.screen_choice = QComboBox()
        self._fill_screens()
        button = QPushButton("Start the war room  (F11)")
        button.setMinimumHeight(48)
        button.clicked.connect(lambda: self._start(self.screen_choice.currentIndex()))
        intro = QLabel(
            "<h2>The weekly war room</h2><p>Full screen on the big screen, dark, type that "
            "reads from across the room. Slides: since the last session, the top ten, the "
            "ocean, sinking this week, the closet, fresh triggers, the scoreboard, "
            "follow-through, the team's journey, wins and losses.</p><p>Arrows, Space and "
            "Page keys page through "
            "(clickers send these). R shows one rep at a time, N opens notes and who is here "
            "(Tab, then Space to untick), A auto-advances, Esc leaves; the session, its notes "
            "and who was there are kept as a dated meeting record.</p>"
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Show on", self.screen_choice)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        sessions = QLabel("<h3>Sessions held</h3>")
        sessions.setBuddy(self.sessions_table)
        layout.addWidget(sessions)
        layout.addWidget(self.sessions_empty)
        layout.addWidget(self.sessions_table, 1)

    def _fill_screens(self) -> None:
        self.screen_choice.clear()
        for number, screen in enumerate(QGuiApplication.screens(), start=1):
            size = screen.geometry()
            self.screen_choice.addItem(
                f"Screen {number}: {screen.name()} ({size.width()}x{size.height()})"
            )
        self.screen_choice.setCurrentIndex(max(self.screen_choice.count() - 1, 0))

    def load(self) -> None:
        self._fill_screens()
        self._runner.read(
            lambda book: book.war_room.meetings(clock.now()), self._on_loaded, owner=self
        )

    def _on_loaded(self, meetings: list[Meeting]) -> None:
        self.sessions.set_rows(meetings)
        self.sessions_table.resizeRowsToContents()
        self.sessions_table.setVisible(bool(meetings))
        self.sessions_empty.setVisible(not meetings)

    def on_changes(self, changes: Changes) -> None:
        # A session is kept as a meeting (told as the "meetings" setting); what moved
        # between sessions follows the whales' touches and triggers.
        if (
            changes.book
            or "meetings" in changes.settings
            or changes.touches_any("touches", "triggers", "whales")
        ):
            self.refresh()
