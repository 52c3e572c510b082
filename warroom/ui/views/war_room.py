"""The War room section: pick the big screen and start the session (F11)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from warroom.domain.changes import Changes


class WarRoomView(QWidget):
    def __init__(self, start: Callable[[int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._start = start
        self.screen_choice = QComboBox()
        self._fill_screens()
        button = QPushButton("Start the war room  (F11)")
        button.setMinimumHeight(48)
        button.clicked.connect(lambda: self._start(self.screen_choice.currentIndex()))
        intro = QLabel(
            "<h2>The weekly war room</h2><p>Full screen on the big screen, dark, type that "
            "reads from across the room. Slides: since the last session, the top ten, the "
            "ocean, sinking this week, fresh triggers, the scoreboard, follow-through, the "
            "team's journey, wins and losses.</p><p>Arrows, Space and Page keys page through "
            "(clickers send these). R shows one rep at a time, N opens notes, A auto-advances, "
            "Esc leaves; the session and its notes are kept as a dated meeting record.</p>"
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Show on", self.screen_choice)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def _fill_screens(self) -> None:
        self.screen_choice.clear()
        for number, screen in enumerate(QGuiApplication.screens(), start=1):
            size = screen.geometry()
            self.screen_choice.addItem(
                f"Screen {number}: {screen.name()} ({size.width()}x{size.height()})"
            )
        self.screen_choice.setCurrentIndex(max(self.screen_choice.count() - 1, 0))

    def refresh(self) -> None:
        self._fill_screens()

    def on_changes(self, changes: Changes) -> None:
        """Shows no book data."""
