"""The war-room window: full screen on the chosen monitor, dark, type sized from the screen.

Right, Down, Space and Page Down go on (presentation clickers send these); Left, Up, Backspace
and Page Up go back; Home and End; R shows the next rep alone (for one-on-ones); A starts or
stops auto-advance; N opens the notes; Esc leaves and keeps the session as a meeting record.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.ui.ops import OperationRunner
from warroom.ui.war_room import slides

if TYPE_CHECKING:
    from warroom.services.book import Book
    from warroom.services.war_room import Deck
    from warroom.ui.charts.ocean_chart import OceanChart

NEXT = {Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_PageDown}
BACK = {Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace, Qt.Key.Key_PageUp}
AUTO_SECONDS = 30


def type_size(screen_height: int) -> int:
    """Body type in pixels: about 1/40 of the screen's height, so it reads across a room at
    1366x768 as at 3840x2160."""
    return max(14, round(screen_height / 40))


class WarRoomWindow(QWidget):
    left = Signal()

    def __init__(
        self, book: Book, runner: OperationRunner, screen: QScreen, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        from warroom.services.war_room import WarRoom

        self._war_room = WarRoom(book)
        self._runner = runner
        self._screen = screen
        self.started = clock.now()
        self.deck: Deck | None = None
        self.rep_ids: list[str | None] = [None]
        self.rep_index = 0
        self.index = 0
        self._exact: dict[str, str] = {}
        self.setWindowTitle("Whale War Room: the war room")
        self.size_px = type_size(screen.geometry().height())
        self.setStyleSheet(
            f"QWidget {{ background: #101820; color: #ecf0f1; font-size: {self.size_px}px; }}"
            f"h1 {{ font-size: {round(self.size_px * 1.6)}px; }}"
            "QPlainTextEdit { background: #1b2631; border: 1px solid #34495e; }"
        )
        self.stack = QStackedWidget()
        self.pages: list[QLabel] = []
        for name, _ in slides.TEXT_SLIDES:
            if name == "ocean":
                self.ocean_page = QWidget()
                self.ocean_layout = QVBoxLayout(self.ocean_page)
                self.ocean_title = QLabel()
                self.ocean_layout.addWidget(self.ocean_title)
                self.ocean: OceanChart | None = None
                page: QWidget = self.ocean_page
            else:
                label = QLabel()
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QScrollArea.Shape.NoFrame)
                scroll.setWidget(label)
                page = scroll
                self.pages.append(label)
            self.stack.addWidget(page)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes for this session: decisions, owners, next steps")
        self.notes.hide()
        self.footer = QLabel()
        self.footer.setStyleSheet(f"color: #7f8c8d; font-size: {round(self.size_px * 0.6)}px;")
        body = QHBoxLayout()
        body.addWidget(self.stack, 3)
        body.addWidget(self.notes, 1)
        layout = QVBoxLayout(self)
        margin = self.size_px
        layout.setContentsMargins(margin * 2, margin, margin * 2, margin // 2)
        layout.addLayout(body, 1)
        layout.addWidget(self.footer, 0, Qt.AlignmentFlag.AlignRight)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._update_footer)
        self._clock.start(15_000)
        self._auto = QTimer(self)
        self._auto.timeout.connect(self.next)

    # --- showing ----------------------------------------------------------------------------

    def start(self, rep_ids: list[str]) -> None:
        """Go full screen on the chosen monitor and load the deck."""
        self.rep_ids = [None, *rep_ids]
        self.setGeometry(self._screen.geometry())
        self.showFullScreen()
        self.load()

    def load(self) -> None:
        war_room, rep_id = self._war_room, self.rep_ids[self.rep_index]

        def build() -> tuple[Deck, dict[str, str]]:
            deck = war_room.deck(clock.now(), rep_id)
            return deck, war_room.exact_deals([w.id for w in deck.top_ten])

        self._runner.run(build, on_success=self._on_deck)

    def _on_deck(self, loaded: tuple[Deck, dict[str, str]]) -> None:
        self.deck, self._exact = loaded
        labels = iter(self.pages)
        for name, render in slides.TEXT_SLIDES:
            if name == "ocean":
                self._draw_ocean()
            elif name == "top ten":
                next(labels).setText(render(self.deck, self._exact))
            else:
                next(labels).setText(render(self.deck))
        self._update_footer()

    def _draw_ocean(self) -> None:
        deck = self.deck
        assert deck is not None
        if self.ocean is None:
            from warroom.ui.charts.ocean_chart import OceanChart

            self.ocean = OceanChart()
            self.ocean.plot.setBackground("#101820")
            self.ocean.set_type_size(max(10, round(self.size_px * 0.75)))
            self.ocean_layout.addWidget(self.ocean, 1)
        self.ocean_title.setText(f"<h1>The ocean: {deck.rep_name}</h1>")
        self.ocean.show_whales(deck.whales, deck.half_life_days, deck.watermark)

    def _update_footer(self) -> None:
        deck = self.deck
        who = deck.rep_name if deck else "the whole team"
        auto = " · auto" if self._auto.isActive() else ""
        self.footer.setText(
            f"{who} · {self.index + 1} / {self.stack.count()}{auto} · "
            f"{datetime.now():%H:%M}  (Esc to leave, R one rep, N notes, A auto)"
        )

    # --- keys -------------------------------------------------------------------------------

    def go(self, index: int) -> None:
        self.index = max(0, min(index, self.stack.count() - 1))
        self.stack.setCurrentIndex(self.index)
        self._update_footer()

    def next(self) -> None:
        self.go(
            self.index + 1
            if self.index + 1 < self.stack.count()
            else (0 if self._auto.isActive() else self.index)
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.notes.hasFocus() and key != Qt.Key.Key_Escape:
            super().keyPressEvent(event)
            return
        if key in NEXT:
            self.next()
        elif key in BACK:
            self.go(self.index - 1)
        elif key == Qt.Key.Key_Home:
            self.go(0)
        elif key == Qt.Key.Key_End:
            self.go(self.stack.count() - 1)
        elif key == Qt.Key.Key_R:
            self.rep_index = (self.rep_index + 1) % len(self.rep_ids)
            self.load()
        elif key == Qt.Key.Key_A:
            if self._auto.isActive():
                self._auto.stop()
            else:
                self._auto.start(AUTO_SECONDS * 1000)
            self._update_footer()
        elif key == Qt.Key.Key_N:
            self.notes.setVisible(not self.notes.isVisible())
            if self.notes.isVisible():
                self.notes.setFocus()
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            if self.notes.hasFocus():
                self.setFocus()
                return
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Leaving keeps the session, with its notes, as a dated meeting record."""
        war_room, held, notes = self._war_room, self.started, self.notes.toPlainText()
        self._runner.run(lambda: war_room.save_meeting(held, notes, clock.now()))
        self._auto.stop()
        self._clock.stop()
        self.left.emit()
        super().closeEvent(event)
