"""Today: five whales before lunch. The list with its reasons, one key to log the touch that
checks a row off, the progress to the cut-off, the streak and its calendar, and the team."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.day_plan import ALREADY, CheckRow, next_unchecked
from warroom.domain.kinds import TOUCH_LABELS
from warroom.domain.records import WhaleSummary
from warroom.domain.today import DAILY_FIVE, local_day, progress_text
from warroom.domain.words import plural, rate_words
from warroom.ui import actions
from warroom.ui.charts.made_calendar import MadeCalendar
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.lazy import LoadWhenShown
from warroom.ui.views.lists import row_table

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook
    from warroom.services.today import StreakReport, TeamRow, TodayReport


Loaded = tuple["TodayReport", "StreakReport", "list[TeamRow]", int]

COLUMNS: list[tuple[str, Callable[[CheckRow], str]]] = [
    ("", lambda r: "✓" if r.done else ""),
    ("Whale", lambda r: r.whale.name),
    ("Why today", lambda r: r.why),
    ("Deal", lambda r: f"{r.whale.deal_size:,} {r.whale.currency}" if r.whale.deal_size else ""),
    ("Heat", lambda r: f"{r.whale.heat:.2f}"),
    ("Suggested touch", lambda r: TOUCH_LABELS.get(r.suggested_kind, r.suggested_kind)),
]
TEAM_COLUMNS: list[tuple[str, Callable[[TeamRow], str]]] = [
    ("Rep", lambda t: t.rep.name),
    ("Today before lunch", lambda t: _before_lunch(t.today)),
    ("Made, last 4 weeks", lambda t: rate_words(t.made_rate_4_weeks)),
    ("Streak", lambda t: f"{t.streak} (best {t.best})"),
]
TEAM_ROWS_SHOWN = 12


def _before_lunch(count: int) -> str:
    return f"{count} of {DAILY_FIVE}" if count < DAILY_FIVE else f"made ({count})"


# past this many reps the team table scrolls


class SwapDialog(QDialog):
    """Swap a row for another whale, with the reason."""

    def __init__(
        self, leaving: WhaleSummary, candidates: list[WhaleSummary], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Swap {leaving.name}")
        self.whale = QComboBox()
        for whale in sorted(candidates, key=lambda w: w.name.lower()):
            self.whale.addItem(whale.name, whale.id)
        self.reason = QLineEdit(placeholderText="e.g. their CFO is at the conference today")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Instead, work on", self.whale)
        form.addRow("&Because", self.reason)
        form.addRow(self.error)
        form.addRow(buttons)

    def accept(self) -> None:
        if not self.reason.text().strip():
            self.error.setText("Say why, in a line: it is what the war room will ask.")
            return
        super().accept()


class TodayView(LoadWhenShown):
    def __init__(
        self,
        runner: OperationRunner,
        log_touch: Callable[[str, str], None],
        say: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._open_log = log_touch
        self._say = say
        self.report: TodayReport | None = None
        self._logging: set[str] = set()  # whales whose Space is on its way to the book
        self.title = QLabel()
        font = QFont()
        font.setPointSize(16)
        font.setBold(True)
        self.title.setFont(font)
        self.progress = QProgressBar()
        self.progress.setRange(0, DAILY_FIVE)
        self.progress.setTextVisible(True)
        self.progress.setMinimumHeight(28)
        self.streak = QLabel()
        self.streak.setWordWrap(True)
        self.model: RecordsModel[CheckRow] = RecordsModel(COLUMNS, self)
        self.table = row_table(self.model, 2)
        self.table.setMinimumHeight(220)
        self.keys = QLabel(
            "Space: do the row (its step, or the suggested touch) · Enter: log another kind · "
            "S: swap for another whale · R: plan the day afresh · Ctrl+Z: take it back"
        )
        self.keys.setWordWrap(True)
        self.title.setWordWrap(True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.calendar = MadeCalendar()
        self.team_model: RecordsModel[TeamRow] = RecordsModel(TEAM_COLUMNS, self)
        self.team = team = QTableView()
        team.setModel(self.team_model)
        team.verticalHeader().hide()
        team.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        team.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.keys)
        layout.addWidget(self.empty)
        bottom = QHBoxLayout()
        streak_box = QVBoxLayout()
        streak_box.addWidget(self.streak)
        streak_box.addWidget(self.calendar)
        streak_box.addStretch(1)
        bottom.addLayout(streak_box)
        team_box = QVBoxLayout()
        team_box.addWidget(QLabel("<b>The team today</b>"))
        team_box.addWidget(team)
        bottom.addLayout(team_box, 1)
        layout.addLayout(bottom, 1)
        bound = [
            actions.make("today_log", self, self.log_suggested),
            actions.make("today_log_other", self, self.log_other),
            actions.make("today_swap", self, self.swap_selected),
            actions.make("today_rebuild", self, self.plan_afresh),
        ]
        actions.context_menu(self.table, bound)
        self.setFocusProxy(self.table)
        self.table.doubleClicked.connect(lambda _: self.log_other())
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start(30_000)

    # --- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        def load(book: OpenBook) -> Loaded | None:
            me = book.book.me()
            if me is None:
                return None
            at = clock.now()
            waiting = len(book.learning.to_review(me.id))
            today = book.today
            return today.today(None, at), today.streak(None, at), today.team(at), waiting

        self._runner.read(load, self._on_loaded, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any(
            "touches",
            "whales",
            "triggers",
            "cadences",
            "tasks",
            "reps",
            "settings",
            "deals",
            "plans",
        ):
            self.refresh()

    def current_whale(self) -> str | None:
        row = self._selected()
        return row.whale.id if row is not None else None

    def _on_loaded(self, loaded: Loaded | None) -> None:
        if loaded is None:
            self.title.setText("Who are you?")
            self.empty.setText(
                "Set who uses this laptop under File ▸ Settings (Ctrl+,), and "
                "the app builds your five whales each morning."
            )
            self.model.set_rows([])
            return
        report, streak, team, waiting = loaded
        selected = self.current_whale()
        before = self.report
        self.report = report
        self._logging &= {row.whale.id for row in report.rows if not row.done}
        self.title.setText(f"{report.day:%A %d %B}: five whales before lunch, {report.rep.name}")
        self.model.set_rows(report.rows)
        if before is None or before.day != report.day:
            self._select(None)  # a new day: the first row not done
        else:
            self._follow(before, selected)
        nag = (
            f"{plural(waiting, 'closed deal')} of yours {'waits' if waiting == 1 else 'wait'} for "
            "a review: what lesson could each scar teach? (Reviews)"
            if waiting
            else ""
        )
        self.empty.setText(
            nag
            if report.rows
            else "No whales of yours yet: add them in Whales, or import your book."
        )
        self._update_progress()
        current = streak.streak
        rate = streak.made_rate_4_weeks
        made = (
            "too early to tell how often you make the day"
            if rate is None
            else f"made {rate:.0%} of your workdays in the last 4 weeks"
        )
        self.streak.setText(
            f"<b>Streak: {plural(current.current, 'workday')}</b> · best {current.best} · {made}"
        )
        self.calendar.show_days(streak.calendar, streak.day)
        self.team_model.set_rows(team)
        self._size_team_table()

    def _size_team_table(self) -> None:
        """As tall as its rows (no scroll bar for a team of six), up to TEAM_ROWS_SHOWN."""
        rows = min(self.team_model.rowCount(), TEAM_ROWS_SHOWN)
        height = self.team.horizontalHeader().height() + 2 * self.team.frameWidth()
        height += sum(self.team.rowHeight(row) for row in range(rows))
        self.team.setFixedHeight(height)

    def _follow(self, before: TodayReport, selected: str | None) -> None:
        """The keyboard follows the work: a row taken back (Ctrl+Z) is selected again, so
        Space does it next; the selected row just done (Enter's touch, Ctrl+L) moves it on to
        the next row not done, as Space does; else it stays on its whale."""
        rows = self.report.rows if self.report else ()
        was_done = {row.whale.id for row in before.rows if row.done}
        taken_back = [n for n, row in enumerate(rows) if row.whale.id in was_done and not row.done]
        if taken_back:
            self.table.selectRow(taken_back[0])
            return
        ids = [row.whale.id for row in rows]
        if selected in ids and selected not in was_done and rows[ids.index(selected)].done:
            after = next_unchecked(rows, ids.index(selected))
            if after is not None:
                self.table.selectRow(after)
                return
        self._select(selected)

    def _select(self, whale_id: str | None) -> None:
        """Keep the keyboard on the same whale; on a new day, on the first row not done."""
        rows = self.report.rows if self.report else ()
        if not rows:
            return
        ids = [row.whale.id for row in rows]
        if whale_id in ids:
            self.table.selectRow(ids.index(whale_id))
        else:
            self.table.selectRow(next_unchecked(rows, -1) or 0)

    def _on_tick(self) -> None:
        """Every half minute: the time left, and a new plan once the rep's day has turned."""
        report = self.report
        if report is not None and local_day(clock.now(), report.rep.timezone) != report.day:
            self.refresh()
        self._update_progress()

    def _update_progress(self) -> None:
        if self.report is None:
            return
        report = self.report
        self.progress.setValue(min(report.before_lunch, DAILY_FIVE))
        workday = report.day.isoweekday() in report.rep.workdays
        self.progress.setFormat(
            progress_text(report.before_lunch, report.cutoff, clock.now(), workday)
        )

    # --- working the list -------------------------------------------------------------------

    def _selected(self) -> CheckRow | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def log_suggested(self) -> None:
        """Space: do the row (its cadence step, its planned touch, or the suggested touch),
        then the keyboard moves on to the next row not done. Ctrl+Z takes it back."""
        row, report = self._selected(), self.report
        if row is None or report is None:
            self._say("Loading today's list…" if report is None else "No row selected")
            return
        whale_id = row.whale.id
        # A done row with a cadence step may still owe the step: the book says (work()).
        if (row.done and row.plan.step_ref is None) or whale_id in self._logging:
            self._say(f"{row.whale.name}: {ALREADY}")
            return
        self._logging.add(whale_id)
        waiting = [replace(r, done=True) if r.whale.id in self._logging else r for r in report.rows]
        after = next_unchecked(waiting, self.table.currentIndex().row())
        if after is not None:
            self.table.selectRow(after)
        now = clock.now()

        def failed(error: Exception) -> None:
            self._logging.discard(whale_id)
            self._say(str(error))

        what = TOUCH_LABELS[row.suggested_kind].lower()
        self._runner.edit(
            f"Log {what} on {row.whale.name}",
            lambda book: book.today.work(None, now, whale_id),
            lambda _touch: self._say(f"Logged {what} on {row.whale.name} (Ctrl+Z takes it back)"),
            failed,
        )

    def log_other(self) -> None:
        row = self._selected()
        if row is not None:
            self._open_log(row.whale.id, row.suggested_kind)

    def plan_afresh(self) -> None:
        """R: build today's list again from the rules as of now (Ctrl+Z brings back the old)."""
        now = clock.now()
        self._runner.edit("Plan today afresh", lambda book: book.today.rebuild(None, now))

    def swap_selected(self) -> None:
        row, report = self._selected(), self.report
        if row is None or report is None:
            return
        listed = {r.whale.id for r in report.rows}

        def choose(whales: list[WhaleSummary]) -> None:
            # Whales being hunted: not one on the list already, nor one whose deal has closed.
            free = [w for w in whales if w.id not in listed and not w.deal_closed]
            candidates = [w for w in free if w.owner_id == report.rep.id] or free
            if not candidates:
                self._say(f"No other whale to swap {row.whale.name} for: all are on the list")
                return
            dialog = SwapDialog(row.whale, candidates, self)
            dialog.accepted.connect(
                lambda: self._swap(row.whale.id, dialog.whale.currentData(), dialog.reason.text())
            )
            self.swap_dialog = dialog
            dialog.open()

        self._runner.read(lambda book: book.book.whales(clock.now()), choose, owner=self)

    def _swap(self, removed: str, added: str, reason: str) -> None:
        now = clock.now()
        self._runner.edit(
            "Swap a whale on today's list",
            lambda book: book.today.swap(None, now, removed, added, reason),
        )
