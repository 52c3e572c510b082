"""The war-room window: full screen on the chosen monitor, dark, type sized from the screen.

Right, Down, Space and Page Down go on (presentation clickers send these); Left, Up, Backspace
and Page Up go back; Home and End; R shows the next rep alone (for one-on-ones); A starts or
stops auto-advance; N opens the notes; Esc leaves and keeps the session as a meeting record.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.paths import resources_dir
from warroom.ui import actions
from warroom.ui.ops import OperationRunner
from warroom.ui.war_room import slides

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook
    from warroom.services.war_room import Deck
    from warroom.ui.charts.ocean_chart import OceanChart

AUTO_SECONDS = 30
# A slide too long for its page shrinks its type down to this share of the body's size
# before it scrolls: a scrollbar cannot be read, nor scrolled, from across the room.
SMALLEST_TYPE = 0.6


def type_size(screen_height: int) -> int:
    """Body type in pixels: about 1/40 of the screen's height, so it reads across a room at
    1366x768 as at 3840x2160."""
    return max(14, round(screen_height / 40))


class _HereList(QListWidget):
    """Who is here: Space ticks the current rep and Up and Down move between reps, though the
    room pages on those keys elsewhere."""

    _OWN_KEYS = frozenset({Qt.Key.Key_Space, Qt.Key.Key_Up, Qt.Key.Key_Down})

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in self._OWN_KEYS
        ):
            event.accept()  # the key comes to the list, not to the slide shortcut
            return True
        return super().event(event)


class WarRoomWindow(QWidget):
    left = Signal()

    def __init__(
        self, runner: OperationRunner, screen: QScreen, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
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
            # Who is here: ticks as big as the names, light on the dark room (the style's own
            # were a few faint pixels beside 30 px names on a big screen).
            f"QListWidget::indicator {{ width: {round(self.size_px * 0.7)}px; "
            f"height: {round(self.size_px * 0.7)}px; border: 2px solid #aab7b8; "
            "border-radius: 4px; background: #101820; }"
            # Ticked reads as ticked across the room: a mark, not only a fill.
            "QListWidget::indicator:checked { background: #5dade2; border-color: #5dade2; "
            f"image: url({(resources_dir() / 'icons' / 'tick.svg').as_posix()}); }}"
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
                # A scroll area with the focus would take the arrows and Page keys first.
                scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                scroll.setWidgetResizable(True)
                scroll.setFrameShape(QScrollArea.Shape.NoFrame)
                scroll.setWidget(label)
                page = scroll
                self.pages.append(label)
            self.stack.addWidget(page)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes for this session: decisions, owners, next steps")
        self.notes.setTabChangesFocus(True)  # Tab goes on to who is here
        # Who is here: every rep ticked to begin with; Space unticks one who is not.
        self.here = _HereList()
        self.here_label = QLabel("Who is here  (Tab, then Space to tick)")
        self.side = QWidget()
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.notes, 3)
        side.addWidget(self.here_label)
        side.addWidget(self.here, 1)
        # Tab from the notes goes to the list, whatever else on the slides takes the focus.
        QWidget.setTabOrder(self.notes, self.here)
        self.side.hide()
        self.footer = QLabel()
        self.footer.setStyleSheet(f"color: #95a5a6; font-size: {round(self.size_px * 0.75)}px;")
        body = QHBoxLayout()
        body.addWidget(self.stack, 3)
        body.addWidget(self.side, 1)
        layout = self._layout = QVBoxLayout(self)
        margin = self.size_px
        layout.setContentsMargins(margin * 2, margin, margin * 2, margin // 2)
        layout.addLayout(body, 1)
        layout.addWidget(self.footer, 0, Qt.AlignmentFlag.AlignRight)
        self._clock = QTimer(self)
        self._clock.timeout.connect(self._update_footer)
        self._clock.start(15_000)
        self._auto = QTimer(self)
        self._auto.timeout.connect(self.next)
        self.stack.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for name, slot in (
            ("slide_next", self.next),
            ("slide_back", lambda: self.go(self.index - 1)),
            ("slide_first", lambda: self.go(0)),
            ("slide_last", lambda: self.go(self.stack.count() - 1)),
            ("slide_rep", self.next_rep),
            ("slide_auto", self.toggle_auto),
            ("slide_notes", self.toggle_notes),
            ("slide_leave", self.leave),
        ):
            actions.make(name, self, slot)

    # --- showing ----------------------------------------------------------------------------

    def start(self, rep_ids: list[str]) -> None:
        """Go full screen on the chosen monitor and load the deck."""
        self.rep_ids = [None, *rep_ids]
        self.setGeometry(self._screen.geometry())
        self.showFullScreen()
        self.activateWindow()  # the keyboard (and the clicker) goes to the war room
        self.setFocus()
        self.load()

    def load(self) -> None:
        rep_id = self.rep_ids[self.rep_index]

        def build(book: OpenBook) -> tuple[Deck, dict[str, str]]:
            deck = book.war_room.deck(clock.now(), rep_id)
            return deck, book.war_room.exact_deals([w.id for w in deck.top_ten])

        self._runner.read(build, self._on_deck, owner=self)

    def _on_deck(self, loaded: tuple[Deck, dict[str, str]]) -> None:
        self.deck, self._exact = loaded
        if not self.here.count():
            for rep_id, name in sorted(self.deck.rep_names.items(), key=lambda item: item[1]):
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, rep_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.here.addItem(item)
            self.here.setCurrentRow(0)
        labels = iter(self.pages)
        for name, render in slides.TEXT_SLIDES:
            if name == "ocean":
                self._draw_ocean()
            elif name == "top ten":
                next(labels).setText(render(self.deck, self._exact))
            else:
                next(labels).setText(render(self.deck))
        self._fit()
        self._update_footer()

    def _draw_ocean(self) -> None:
        deck = self.deck
        assert deck is not None
        if self.ocean is None:
            from warroom.ui.charts.ocean_chart import OceanChart

            self.ocean = OceanChart()
            self.ocean.plot.setBackground("#101820")
            from warroom.ui.charts.style import NIGHT_INK, type_of

            self.ocean.set_type(type_of(points=max(10, round(self.size_px * 0.75))), NIGHT_INK)
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
        self._fit()
        self._update_footer()

    def _fit(self) -> None:
        """The slide shown, in the largest type (down to SMALLEST_TYPE) that fits its page
        whole: the top ten's exact deals wrap to four lines when the notes take a quarter."""
        page = self.stack.currentWidget()
        label = page.widget() if isinstance(page, QScrollArea) else None
        if not isinstance(page, QScrollArea) or not isinstance(label, QLabel):
            return
        room = page.viewport().size()
        low, high = round(self.size_px * SMALLEST_TYPE), self.size_px
        while low < high:  # the largest size whose text fits, found in a few tries
            middle = (low + high + 1) // 2
            label.setStyleSheet(f"font-size: {middle}px;")
            if label.heightForWidth(room.width()) <= room.height():
                low = middle
            else:
                high = middle - 1
        label.setStyleSheet(f"font-size: {low}px;")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._layout.activate()  # the pages' new sizes, before the slide is fitted to them
        self._fit()

    def next(self) -> None:
        self.go(
            self.index + 1
            if self.index + 1 < self.stack.count()
            else (0 if self._auto.isActive() else self.index)
        )

    def next_rep(self) -> None:
        self.rep_index = (self.rep_index + 1) % len(self.rep_ids)
        self.load()

    def toggle_auto(self) -> None:
        if self._auto.isActive():
            self._auto.stop()
        else:
            self._auto.start(AUTO_SECONDS * 1000)
        self._update_footer()

    def toggle_notes(self) -> None:
        self.side.setVisible(not self.side.isVisible())
        self._layout.activate()
        self._fit()
        if self.side.isVisible():
            self.notes.setFocus()
        else:
            self.setFocus()

    def there(self) -> list[str]:
        """The ids of the reps ticked as here."""
        items = (self.here.item(row) for row in range(self.here.count()))
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    def leave(self) -> None:
        """Esc: out of the notes (or the list of who is here) first, then out of the room."""
        if self.notes.hasFocus() or self.here.hasFocus():
            self.setFocus()
            return
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Leaving keeps the session, with its notes, as a dated meeting record."""
        held, notes, now, there = self.started, self.notes.toPlainText(), clock.now(), self.there()
        # A record of the session, not an edit to take back with Ctrl+Z later.
        self._runner.edit(
            "War-room session",
            lambda book: book.war_room.save_meeting(held, notes, now, there),
            undoable=False,
        )
        self._auto.stop()
        self._clock.stop()
        self.left.emit()
        super().closeEvent(event)
