"""One whale's decay: why its heat is what it is, when it sinks, and what planned touches would
change (the what-if), with a way to save a planned touch for real."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.decay import HeatEvent
from warroom.domain.kinds import TOUCH_KINDS, TOUCH_LABELS
from warroom.domain.words import sink_words
from warroom.services.decay import WhaleDecay, planned_event
from warroom.ui.charts.decay_chart import DecayChart
from warroom.ui.dates import DateField
from warroom.ui.models.explanation import ExplanationModel
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook


def next_weekday(today: date, isoweekday: int) -> date:
    """The next such weekday strictly after today (next Tuesday from a Tuesday is a week on)."""
    return today + timedelta(days=(isoweekday - today.isoweekday() - 1) % 7 + 1)


def with_date(standing: str, when: datetime | None, zone: tzinfo) -> str:
    """'sinks in 4 days, on Fri 27 Nov 2026' (the date when it has one ahead)."""
    return f"{standing}, on {when.astimezone(zone):%a %d %b %Y}" if when else standing


class WhaleDetail(QWidget):
    def __init__(
        self, runner: OperationRunner, zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._zone = zone
        self.report: WhaleDecay | None = None
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.weighted = QCheckBox("Show weighted value (deal size × heat)")
        self.weighted.toggled.connect(self._on_weighted_changed)
        self.chart = DecayChart()
        self.explanation = ExplanationModel(zone, self)
        table = QTableView()
        table.setModel(self.explanation)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        table.setWordWrap(False)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.kind = QComboBox()
        for kind in TOUCH_KINDS:
            self.kind.addItem(TOUCH_LABELS[kind], kind)
        self.kind.setCurrentIndex(TOUCH_KINDS.index("onsite"))
        self.day = DateField()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd yyyy-MM-dd")
        add = QPushButton("Add to what-if")
        add.clicked.connect(self._on_add_planned)
        self.planned_list = QListWidget()
        self.planned_list.setMaximumHeight(90)
        remove = QPushButton("Remove")
        remove.clicked.connect(self._on_remove_planned)
        self.save = QPushButton("Save as planned touch")
        self.save.setToolTip("Save the selected what-if touch as a task for that day")
        self.save.clicked.connect(self._on_save_planned)
        self.what_if = QLabel()
        self.what_if.setWordWrap(True)
        # Two lines' room whatever it says, so a longer sentence does not shrink the chart.
        self.what_if.setFixedHeight(self.what_if.fontMetrics().lineSpacing() * 2 + 4)
        self.what_if.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.status = QLabel()

        plan_row = QHBoxLayout()
        plan_row.addWidget(QLabel("What if:"))
        plan_row.addWidget(self.kind)
        plan_row.addWidget(QLabel("on"))
        plan_row.addWidget(self.day)
        plan_row.addWidget(add)
        plan_row.addStretch(1)
        plan_buttons = QVBoxLayout()
        plan_buttons.addWidget(remove)
        plan_buttons.addWidget(self.save)
        plan_buttons.addStretch(1)
        # Shown only while there are planned touches: the chart keeps the room otherwise.
        self.planned_box = QWidget()
        planned_row = QHBoxLayout(self.planned_box)
        planned_row.setContentsMargins(0, 0, 0, 0)
        planned_row.addWidget(self.planned_list, 1)
        planned_row.addLayout(plan_buttons)
        self.planned_box.hide()

        chart_side = QWidget()
        chart_layout = QVBoxLayout(chart_side)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addWidget(self.weighted)
        chart_layout.addWidget(self.chart, 1)
        chart_layout.addLayout(plan_row)
        chart_layout.addWidget(self.planned_box)
        chart_layout.addWidget(self.what_if)
        chart_layout.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(chart_side)
        split.addWidget(table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    # --- loading ----------------------------------------------------------------------------

    def load(self, whale_id: str) -> None:
        if self.report is None or self.report.whale_id != whale_id:
            self.status.clear()  # "Saved: …" was said of the whale shown before

        def report(book: OpenBook) -> tuple[WhaleDecay, str]:
            at = clock.now()
            found = book.decay.whale(whale_id, at)
            return found, book.book.win_chances.words(found.heat, found.deal_open, at)

        self._runner.read(report, lambda read: self.show_report(*read), owner=self)

    def reload(self) -> None:
        if self.report is not None:
            self.load(self.report.whale_id)

    def show_report(self, report: WhaleDecay, chance: str = "") -> None:
        same_whale = self.report is not None and self.report.whale_id == report.whale_id
        self.report = report
        if not same_whale:
            self.planned_list.clear()
            self.day.setDate(_qdate(next_weekday(report.at.astimezone(self._zone).date(), 2)))
        self.title.setText(f"<h2>{report.name}</h2>")
        params, half_life = report.params, report.half_life
        deal = f"{report.deal_size:,} {report.currency}" if report.deal_size else "no deal size"
        standing = with_date(report.standing(self._zone), report.sinks_at, self._zone)
        self.summary.setText(
            f"Heat <b>{report.heat:.2f}</b> (watermark {params.watermark:.2f}) · "
            f"{standing} · weighted value "
            f"{report.weighted_value:,.0f} of {deal} · half-life {params.half_life_days:.1f} "
            f"days, {half_life.reason}"
            + (f"<br>{chance}" if chance else "")
            + (
                f"<br><b>On hold</b> until {report.hold.until:%a %d %b %Y}: "
                f"{html.escape(report.hold.reason)} (out of the closet and Today until then)"
                if report.hold
                else ""
            )
            + "".join(
                f"<br>Planned: {TOUCH_LABELS[p.kind]} on {p.due_on:%a %d %b}"
                for p in report.planned
            )
        )
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.set_rows(list(report.explanation.contributions))
        self.chart.show_report(report, self._planned_events())
        self._update_what_if()

    # --- what-if ----------------------------------------------------------------------------

    def _planned_events(self) -> list[HeatEvent]:
        if self.report is None:
            return []
        events = []
        for row in range(self.planned_list.count()):
            kind, day = self.planned_list.item(row).data(Qt.ItemDataRole.UserRole)
            events.append(planned_event(kind, day, self.report.params, f"planned-{row}"))
        return events

    def add_planned(self, kind: str, day: date) -> None:
        item = QListWidgetItem(f"{TOUCH_LABELS[kind]} on {day:%a %Y-%m-%d}")
        item.setData(Qt.ItemDataRole.UserRole, (kind, day))
        self.planned_list.addItem(item)
        self.planned_list.setCurrentItem(item)
        self.chart.set_planned(self._planned_events())
        self._update_what_if()

    def _on_add_planned(self) -> None:
        qdate = self.day.date()
        self.add_planned(self.kind.currentData(), date(qdate.year(), qdate.month(), qdate.day()))

    def _on_remove_planned(self) -> None:
        row = self.planned_list.currentRow()
        if row >= 0:
            self.planned_list.takeItem(row)
            self.chart.set_planned(self._planned_events())
            self._update_what_if()

    def _update_what_if(self) -> None:
        report = self.report
        if report is None:
            return
        projection = self.chart.projection
        self.planned_box.setVisible(self.planned_list.count() > 0)
        if not self.planned_list.count() or projection is None:
            self.what_if.setText("Add planned touches to see what they would change.")
            self.save.setEnabled(False)
            return
        self.save.setEnabled(True)
        now = with_date(report.standing(self._zone), report.sinks_at, self._zone)
        then = (
            with_date(
                _days_until(projection.sinks_at, report.at, self._zone),
                projection.sinks_at,
                self._zone,
            )
            if projection.sinks_at
            else "stays under the watermark"
        )
        self.what_if.setText(f"With these touches it {then}; without them it {now}.")

    def _on_save_planned(self) -> None:
        item = self.planned_list.currentItem()
        if item is None or self.report is None:
            return
        kind, day = item.data(Qt.ItemDataRole.UserRole)
        whale_id, now = self.report.whale_id, clock.now()
        self.planned_list.takeItem(self.planned_list.row(item))

        def saved(_: object) -> None:
            self.status.setText(f"Saved: {TOUCH_LABELS[kind]} on {day:%a %Y-%m-%d}")

        self._runner.edit(
            f"Plan {TOUCH_LABELS[kind].lower()}",
            lambda book: book.book.plan_touch(whale_id, kind, day, now),
            saved,
            owner=self,
        )

    def _on_weighted_changed(self, weighted: bool) -> None:
        self.chart.set_weighted(weighted)


def _days_until(when: datetime, at: datetime, zone: tzinfo) -> str:
    """A projected sink date in the words used everywhere."""
    days = (when - at).total_seconds() / 86_400
    return sink_words(1.0, days, None, at, zone)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
