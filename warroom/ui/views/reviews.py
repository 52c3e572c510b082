"""The Reviews section: every win/loss lesson, the deals still waiting for theirs, and the
reasons by outcome."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.kinds import OUTCOMES, REVIEW_REASONS
from warroom.domain.words import skill_words
from warroom.ui import actions
from warroom.ui.dialogs.close_deal import (
    OUTCOME_LABELS,
    REASON_LABELS,
    CloseChoice,
    CloseDealDialog,
)
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.lazy import LoadWhenShown
from warroom.ui.views.lists import say, select_on_focus

if TYPE_CHECKING:
    from warroom.services.backtest import Backtest
    from warroom.store.reviews import ClosedDeal, Review

TRUTH_HEIGHT = 240  # px: the reliability diagram is read, not glanced at
HORIZON_COLOURS = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (148, 103, 189))
OUTCOME_COLOURS = {"won": (46, 160, 67), "lost": (200, 50, 50), "no_decision": (140, 140, 140)}


def _coloured(colour: tuple[int, int, int], words: str) -> str:
    """Words in a series' colour: a chart's title is its legend (a legend box sat on
    whichever bars or dots were in its corner)."""
    red, green, blue = colour
    return f'<span style="color: rgb({red}, {green}, {blue}); font-weight: bold">{words}</span>'


_REASONS_TITLE = (
    f"Why we {_coloured(OUTCOME_COLOURS['won'], 'won')},"
    f" {_coloured(OUTCOME_COLOURS['lost'], 'lost')}"
    f" or saw {_coloured(OUTCOME_COLOURS['no_decision'], 'no decision')}"
)
_TRUTH_TITLE = "Decay truth: the chance said, and the share won"


def _truth_title(days: list[int]) -> str:
    """ "Decay truth, 30, 60 and 90 days before close", each horizon in its line's colour."""
    said = [
        _coloured(HORIZON_COLOURS[n % len(HORIZON_COLOURS)], str(d)) for n, d in enumerate(days)
    ]
    if not said:
        return _TRUTH_TITLE
    listed = said[0] if len(said) == 1 else f"{', '.join(said[:-1])} and {said[-1]}"
    return f"Decay truth, {listed} days before close"


def reason_counts(reviews: list[Review]) -> dict[str, list[int]]:
    """Per outcome, how many reviews named each reason first (in REVIEW_REASONS order)."""
    counts = Counter((r.outcome, r.primary_reason) for r in reviews)
    return {o: [counts[(o, reason)] for reason in REVIEW_REASONS] for o in OUTCOMES}


def truth_words(backtest: Backtest) -> str:
    """The verdict, then one line per horizon: how many deals, the skill and the Brier scores."""
    lines = [f"<b>Decay truth.</b> {backtest.verdict}"]
    if backtest.half_life is not None:
        found = backtest.half_life
        lines.append(f"Half-life in force: {found.days:.1f} days, {found.reason}.")
    for h in backtest.horizons:
        lines.append(
            f"{h.days} days before close: {h.deals} deals, won {h.base_rate:.0%}; "
            f"skill {skill_words(h.skill)} (Brier {h.brier:.3f}; the plain win rate's "
            f"{h.baseline_brier:.3f})"
        )
    if backtest.horizons:
        lines.append(
            "<small>Brier: the mean squared gap between the chance said and what happened "
            "(0 is perfect). Skill: how much of the plain win rate's gap heat closed (0 is no "
            "better, 1 is perfect). Each dot: deals given about that chance, the bigger the "
            "more.</small>"
        )
    return "<br>".join(lines)


class ReviewsView(LoadWhenShown):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reviews: list[Review] = []
        self.chart: Any = None
        self.truth_chart: Any = None
        self._backtest: Backtest | None = None
        # Decay truth: has heat said how deals end, on this team's own history?
        self.truth = QLabel()
        self.truth.setWordWrap(True)
        columns: list[tuple[str, Callable[[Review], str]]] = [
            ("Reviewed", lambda r: r.reviewed_on.isoformat()),
            ("Whale", lambda r: r.whale),
            ("Outcome", lambda r: OUTCOME_LABELS[r.outcome]),
            ("Why", lambda r: REASON_LABELS.get(r.primary_reason, r.primary_reason)),
            ("Also", lambda r: ", ".join(REASON_LABELS.get(x, x) for x in r.secondary_reasons)),
            ("What we would do differently", lambda r: r.do_differently),
            ("They said", lambda r: r.customer_quote),
        ]
        self.model: RecordsModel[Review] = RecordsModel(columns, self)
        self.lessons = table = QTableView()
        table.setModel(self.model)
        table.verticalHeader().hide()
        # The date, outcome and reason fit their words; the whale, the other reasons and the
        # two in the team's own words share the rest and wrap, so the quote is read in place
        # and no column takes the width from the others on a narrow window.
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 4, 5, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.setWordWrap(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.waiting: RecordsModel[ClosedDeal] = RecordsModel(
            [
                ("Closed", lambda d: d.closed_on.isoformat()),
                ("Whale", lambda d: d.whale),
                ("Outcome", lambda d: OUTCOME_LABELS[d.outcome]),
            ],
            self,
        )
        self.waiting_table = QTableView()
        self.waiting_table.setModel(self.waiting)
        self.waiting_table.verticalHeader().hide()
        self.waiting_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.waiting_table.setMaximumHeight(160)
        self.waiting_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        select_on_focus(self.waiting_table)
        self.waiting_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        write = QPushButton("Write the review…  (Enter)")
        write.clicked.connect(self.write_review)
        actions.context_menu(
            self.waiting_table,
            [actions.make("review_write", self, self.write_review, attach=self.waiting_table)],
        )
        self._layout = QVBoxLayout(self)
        self.chart_box = QHBoxLayout()
        self._layout.addLayout(self.chart_box, 2)
        self._layout.addWidget(self.truth)
        self._layout.addWidget(QLabel("<b>Every lesson, newest first</b>"))
        self._layout.addWidget(table, 3)
        self.waiting_label = QLabel()
        self._layout.addWidget(self.waiting_label)
        row = QHBoxLayout()
        row.addWidget(self.waiting_table, 1)
        row.addWidget(write)
        self._layout.addLayout(row)
        # The keys act on the deals waiting for their review (Enter writes one).
        self.setFocusProxy(self.waiting_table)

    def load(self) -> None:
        if self._backtest is None:  # the first load back-tests the team's history: a second
            self.truth.setText("Reading the team's lessons and back-testing win chance…")
        self._runner.read(
            lambda book: (
                book.learning.reviews(),
                book.learning.to_review(),
                book.book.win_chances.backtest(clock.now()),
            ),
            self._on_loaded,
            owner=self,
        )

    def on_changes(self, changes: Changes) -> None:
        if changes.touches_any("reviews", "deals") or changes.settings:
            self.refresh()

    def _on_loaded(self, loaded: tuple[list[Review], list[ClosedDeal], Backtest]) -> None:
        self._reviews, waiting, self._backtest = loaded
        self.truth.setText(truth_words(self._backtest))
        self.model.set_rows(self._reviews)
        row = self.waiting_table.currentIndex().row()
        self.waiting.set_rows(waiting)
        if waiting:  # Enter acts on a highlighted deal, the one it was on if still there
            self.waiting_table.selectRow(min(max(row, 0), len(waiting) - 1))
        self.waiting_label.setText(
            f"<b>{len(waiting)} closed deals wait for their review</b>"
            if waiting
            else "Every closed deal has its lesson."
        )
        self._draw()

    def _draw(self) -> None:
        if not self.isVisible():
            return  # pyqtgraph loads only once the section is seen
        import pyqtgraph as pg

        # Bars lie across, a reason per row, first at the top: six reasons' names written
        # under upright bars overlapped at any width the section gives the chart.
        rows = len(REVIEW_REASONS)
        if self.chart is None:
            self.chart = pg.PlotWidget(title=_REASONS_TITLE)
            self.chart.setBackground("w")
            axis = self.chart.getAxis("left")
            axis.setTicks(
                [[(rows - 1 - i, REASON_LABELS[r]) for i, r in enumerate(REVIEW_REASONS)]]
            )
            self.chart.setLabel("bottom", "closed deals")
            self.chart_box.addWidget(self.chart)
        self.chart.clear()
        self._draw_truth(pg)
        thickness = 0.25
        counted = reason_counts(self._reviews)
        longest = max((max(counts, default=0) for counts in counted.values()), default=0)
        self.chart.setXRange(0, max(longest, 1) * 1.05, padding=0)
        self.chart.setYRange(-0.6, rows - 0.4, padding=0)
        for n, (outcome, counts) in enumerate(counted.items()):
            bars = pg.BarGraphItem(
                x0=0,
                y=[rows - 1 - i - (n - 1) * thickness for i in range(len(counts))],
                width=counts,
                height=thickness,
                brush=pg.mkBrush(*OUTCOME_COLOURS[outcome]),
            )
            self.chart.addItem(bars)

    def _draw_truth(self, pg: Any) -> None:
        """The reliability diagram: for each horizon, what win chance said against how often
        those deals were won; on the diagonal, it was right as often as it said."""
        if self.truth_chart is None:
            self.truth_chart = pg.PlotWidget(title=_TRUTH_TITLE)
            self.truth_chart.setBackground("w")
            self.truth_chart.setLabel("bottom", "win chance said")
            self.truth_chart.setLabel("left", "share won")
            self.truth_chart.setXRange(0, 1, padding=0.02)
            self.truth_chart.setYRange(0, 1, padding=0.02)
            self.truth_chart.setMinimumHeight(TRUTH_HEIGHT)
            self.chart_box.addWidget(self.truth_chart)
        self.truth_chart.clear()
        self.truth_chart.plot(
            [0, 1], [0, 1], pen=pg.mkPen((150, 150, 150), style=Qt.PenStyle.DashLine)
        )
        if self._backtest is None:
            self.truth_chart.setTitle(_TRUTH_TITLE)
            return
        self.truth_chart.setTitle(_truth_title([h.days for h in self._backtest.horizons]))
        most = max((b.count for h in self._backtest.horizons for b in h.bins), default=1)
        for n, scored in enumerate(self._backtest.horizons):
            colour = HORIZON_COLOURS[n % len(HORIZON_COLOURS)]
            self.truth_chart.plot(
                [b.predicted for b in scored.bins],
                [b.observed for b in scored.bins],
                pen=pg.mkPen(colour, width=2),
                symbol="o",
                symbolBrush=colour,
                # A dot's size says how many deals it stands for.
                symbolSize=[5 + 15 * (b.count / most) ** 0.5 for b in scored.bins],
            )

    def write_review(self) -> None:
        index = self.waiting_table.currentIndex()
        if not index.isValid():
            if not self.waiting.rowCount():
                say(self, "Every closed deal has its review")
                return
            index = self.waiting.index(0, 0)
        deal = self.waiting.record(index.row())
        dialog = CloseDealDialog(deal.whale, self, outcome_fixed=deal.outcome)

        def write(choice: CloseChoice) -> None:
            now = clock.now()
            self._runner.edit(
                f"Review {deal.whale}",
                lambda book: book.learning.review(
                    deal.deal_id,
                    now,
                    primary=choice.primary or "product",
                    secondary=choice.secondary,
                    differently=choice.differently,
                    quote=choice.quote,
                ),
            )

        dialog.accepted.connect(lambda: write(dialog.choice()))
        self.dialog = dialog
        dialog.open()
