"""The Closet section: open deals that hit the half-life and hide, decaying, in the pipeline,
biggest first with the value they hold. Each row takes one key: R re-warm, C close as no
decision, H hold until a day with a reason; the holds in force are listed below."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.closet import InCloset, hold_offered
from warroom.domain.words import money, plural
from warroom.ui import actions
from warroom.ui.dialogs.hold import HoldChoice, HoldDialog
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.lazy import LoadWhenShown
from warroom.ui.views.lists import row_table, say

if TYPE_CHECKING:
    from warroom.domain.records import Rep
    from warroom.services.closet import Closet, ClosetReport, HeldWhale
    from warroom.services.open_book import OpenBook

TEAM = ""
EMPTY = "The closet is empty: every open deal is warm, being re-warmed, or held with a reason."

COLUMNS: list[tuple[str, Callable[[InCloset], str]]] = [
    ("Whale", lambda r: r.whale.name),
    ("Owner", lambda r: r.whale.owner),
    ("Deal", lambda r: f"{r.whale.deal_size:,} {r.whale.currency}"),
    ("Stage", lambda r: r.whale.stage),
    ("Heat", lambda r: f"{r.whale.heat:.2f}"),
    ("Why it is here", lambda r: r.why),
]
HOLD_COLUMNS: list[tuple[str, Callable[[HeldWhale], str]]] = [
    ("Whale", lambda h: h.whale),
    ("Until", lambda h: h.hold.until.isoformat()),
    ("Why", lambda h: h.hold.reason),
]


def _closet(book: OpenBook) -> Closet:
    # Imported when first used: the window shows before the database layer loads.
    from warroom.services.closet import Closet

    return Closet(book.book)


class ClosetView(LoadWhenShown):
    def __init__(
        self,
        runner: OperationRunner,
        open_whale: Callable[[str], None],
        close_no_decision: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._open_whale = open_whale
        self._close = close_no_decision
        self._day: date | None = None
        self.rep = QComboBox()
        self.rep.addItem("Whole team", TEAM)
        self.rep.currentIndexChanged.connect(self.refresh)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setStyleSheet("font-size: 12pt")
        self.model: RecordsModel[InCloset] = RecordsModel(COLUMNS, self)
        self.table = row_table(self.model, 5)
        self.table.doubleClicked.connect(lambda _index: self.open())
        self.rewarming = QLabel()
        self.rewarming.setWordWrap(True)
        self.holds_label = QLabel()
        self.holds: RecordsModel[HeldWhale] = RecordsModel(HOLD_COLUMNS, self)
        self.holds_table = row_table(self.holds, 2)
        self.holds_table.setMaximumHeight(220)
        bar = QHBoxLayout()
        whose = QLabel("&Whales of")
        whose.setBuddy(self.rep)
        bar.addWidget(whose)
        bar.addWidget(self.rep)
        bar.addSpacing(20)
        bar.addWidget(self.headline, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for text, slot in (
            ("Re-warm  (R)", self.rewarm),
            ("Close as no decision…  (C)", self._close),
            ("Hold…  (H)", self.hold),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.rewarming)
        layout.addWidget(self.holds_label)
        layout.addWidget(self.holds_table)
        bound = [
            actions.make("closet_open", self, self.open, attach=self.table),
            actions.make("closet_rewarm", self, self.rewarm, attach=self.table),
            actions.make("closet_close", self, self._close, attach=self.table),
            actions.make("closet_hold", self, self.hold, attach=self.table),
        ]
        actions.context_menu(self.table, bound)
        lift = actions.make("closet_lift", self, self.lift, attach=self.holds_table)
        actions.context_menu(self.holds_table, [lift])
        self.setFocusProxy(self.table)

    # --- loading ----------------------------------------------------------------------------

    def load(self) -> None:
        rep = self.rep.currentData() or None

        def load(book: OpenBook) -> tuple[ClosetReport, list[Rep]]:
            from warroom.services.closet import Closet

            return Closet(book.book).report(clock.now(), rep), book.book.reps()

        self._runner.read(load, self._on_loaded, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any(
            "whales", "deals", "touches", "triggers", "cadences", "reps", "settings"
        ):
            self.refresh()

    def _on_loaded(self, loaded: tuple[ClosetReport, list[Rep]]) -> None:
        report, reps = loaded
        self._day = report.day
        if self.rep.count() == 1:
            self.rep.blockSignals(True)
            for rep in reps:
                self.rep.addItem(rep.name, rep.id)
            self.rep.blockSignals(False)
        # The next row takes the place of the one just dealt with, so R, C or H go on down.
        row = max(self.table.currentIndex().row(), 0)
        self.model.set_rows(report.rows)
        if report.rows:
            self.table.selectRow(min(row, len(report.rows) - 1))
            value = ", ".join(f"{money(v)} {c}" for c, v in report.value.items())
            self.headline.setText(
                f"<b>{plural(len(report.rows), 'open deal')}</b> "
                f"{'hides' if len(report.rows) == 1 else 'hide'} in the closet, holding "
                f"<b>{value}</b>: cold for two half-lives ({2 * report.half_life_days:.0f} "
                "days) or not warmed in 90 days."
            )
        else:
            self.headline.setText(EMPTY)
        self.rewarming.setText(
            f"Being re-warmed: {', '.join(report.rewarming)}" if report.rewarming else ""
        )
        self.holds.set_rows(report.holds)
        self.holds_label.setText(
            f"<b>On hold</b> ({len(report.holds)}): out of the closet and Today until their "
            "day. Del lifts a hold."
            if report.holds
            else "No whale on hold."
        )
        self.holds_table.setVisible(bool(report.holds))

    # --- the row's choices ------------------------------------------------------------------

    def _selected(self) -> InCloset | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def current_whale(self) -> str | None:
        """The closet row's whale (Ctrl+L, Ctrl+Shift+C and the rest act on it)."""
        if self.holds_table.hasFocus():
            index = self.holds_table.currentIndex()
            return self.holds.record(index.row()).hold.whale_id if index.isValid() else None
        row = self._selected()
        return row.whale.id if row is not None else None

    def open(self) -> None:
        row = self._selected()
        if row is None:
            say(self, "Nothing in the closet to open")
            return
        self._open_whale(row.whale.id)

    def rewarm(self) -> None:
        row = self._selected()
        if row is None:
            say(self, "Nothing in the closet to re-warm")
            return
        whale_id, name, now = row.whale.id, row.whale.name, clock.now()
        self._runner.edit(
            f"Re-warm {name}",
            lambda book: _closet(book).rewarm(whale_id, now),
            lambda made: say(
                self,
                f"Enrolled {plural(len(made), 'person', 'people')} at {name} to re-warm"
                " (Ctrl+Z takes it back)",
            ),
        )

    def hold(self) -> None:
        row = self._selected()
        if row is None or self._day is None:
            say(self, "Nothing in the closet to hold")
            return
        whale_id, name = row.whale.id, row.whale.name
        dialog = HoldDialog(name, self._day, hold_offered(self._day), self)
        dialog.accepted.connect(lambda: self._hold(whale_id, name, dialog.choice()))
        self.dialog = dialog
        dialog.open()

    def _hold(self, whale_id: str, name: str, choice: HoldChoice) -> None:
        now = clock.now()
        self._runner.edit(
            f"Hold {name}",
            lambda book: _closet(book).hold(whale_id, choice.until, choice.reason, now),
        )

    def lift(self) -> None:
        index = self.holds_table.currentIndex()
        if not index.isValid():
            say(self, "No hold to lift")
            return
        held = self.holds.record(index.row())
        whale_id, now = held.hold.whale_id, clock.now()
        self._runner.edit(
            f"Lift the hold on {held.whale}",
            lambda book: _closet(book).lift(whale_id, now),
        )
