"""The Pipeline section: what moved in each whale's deals since the last session (or a week,
a month, a quarter ago): close dates pushed out or pulled in, deals slipped past their date,
amounts up or down, stages forward or back, deals opened and closed; a deal pushed three
times or more is flagged. The lead's weekly question, as `warroom pipeline` answers it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.pipeline import Moved, moved_words
from warroom.domain.words import plural
from warroom.ui import actions
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.lazy import LoadWhenShown
from warroom.ui.views.lists import row_table, say

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook

LAST_SESSION = None  # the 'since' the command line takes by default
SPANS: tuple[tuple[str, timedelta | None], ...] = (
    ("the last war-room session (else a week ago)", LAST_SESSION),
    ("a week ago", timedelta(days=7)),
    ("a month ago", timedelta(days=30)),
    ("a quarter ago", timedelta(days=91)),
)
COLUMNS: list[tuple[str, Callable[[Moved], str]]] = [
    ("Whale", lambda m: m.whale),
    ("Flag", lambda m: f"pushed {plural(m.pushes_ever, 'time')}" if m.flagged else ""),
    ("Close date", lambda m: _close_words(m)),
    ("Amount", lambda m: f"{m.amount_change:+,}" if m.amount_change else ""),
    ("Stage", lambda m: f"{m.stage_from or '(none)'} → {m.stage_to}" if m.stage_to else ""),
    ("What moved", lambda m: moved_words(m)),
]
SORT_KEYS: dict[str, Callable[[Moved], object]] = {
    "Flag": lambda m: m.pushes_ever if m.flagged else 0,
    "Close date": lambda m: (m.slipped, m.pushed_days - m.pulled_days),
    "Amount": lambda m: m.amount_change,
}


def _close_words(moved: Moved) -> str:
    said = []
    if moved.pushes:
        said.append(f"pushed {plural(moved.pushed_days, 'day')}")
    if moved.pulled_in:
        said.append(f"pulled in {plural(moved.pulled_days, 'day')}")
    if moved.slipped:
        said.append("slipped")
    return ", ".join(said)


class PipelineView(LoadWhenShown):
    def __init__(
        self,
        runner: OperationRunner,
        open_whale: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._open_whale = open_whale
        self.since = QComboBox()
        for words, span in SPANS:
            self.since.addItem(words, span)
        self.since.currentIndexChanged.connect(self.refresh)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.model: RecordsModel[Moved] = RecordsModel(COLUMNS, self, sort_keys=SORT_KEYS)
        self.table = row_table(self.model, 5)
        # By whale, A to Z, until a header is clicked (Qt's own first order is Z to A).
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda _index: self.open())
        bar = QHBoxLayout()
        label = QLabel("What moved &since")
        label.setBuddy(self.since)
        bar.addWidget(label)
        bar.addWidget(self.since)
        bar.addSpacing(20)
        bar.addWidget(self.headline, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            QLabel(
                "A deal whose close date was pushed three times or more in its life is flagged: "
                "that is how 'do nothing' looks from the pipeline. Enter opens the whale."
            )
        )
        opened = actions.make("pipeline_open", self, self.open, attach=self.table)
        actions.context_menu(self.table, [opened])
        self.setFocusProxy(self.table)

    def load(self) -> None:
        span: timedelta | None = self.since.currentData()
        zone = clock.local_zone()
        # From the day's midnight on this laptop's clock, as `warroom pipeline --since` reads.
        since = (
            datetime.combine(clock.now().astimezone(zone).date() - span, time(0), zone)
            if span is not None
            else None
        )

        def load(book: OpenBook) -> tuple[datetime, list[Moved]]:
            from warroom.services.pipeline import Pipeline

            return Pipeline(book.book).moved(clock.now(), since)

        self._runner.read(load, self._on_loaded, owner=self)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any("deals", "whales", "meetings") or changes.settings:
            self.refresh()

    def _on_loaded(self, loaded: tuple[datetime, list[Moved]]) -> None:
        since, rows = loaded
        was = self.current_whale()
        self.model.set_rows(rows)
        shown = self.model.records()
        at = next((n for n, m in enumerate(shown) if m.whale_id == was), 0)
        if shown:
            self.table.selectRow(at)
        when = f"{since.astimezone(clock.local_zone()):%a %d %b %Y %H:%M}"
        flagged = sum(1 for m in rows if m.flagged)
        self.headline.setText(
            f"Since {when}: <b>{plural(len(rows), 'whale')}</b> moved"
            + (f", {flagged} flagged" if flagged else "")
            + "."
            if rows
            else f"Nothing moved since {when}: no close date, amount or stage changed, and no "
            "deal opened or closed."
        )

    def _selected(self) -> Moved | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def current_whale(self) -> str | None:
        """The row's whale (Ctrl+L and the rest act on it)."""
        row = self._selected()
        return row.whale_id if row is not None else None

    def open(self) -> None:
        row = self._selected()
        if row is None:
            say(self, "Nothing moved to open")
            return
        self._open_whale(row.whale_id)
