"""A whale's decay chart: heat over time, the watermark, every flare, today, and the projection
until it sinks; planned (what-if) touches redraw the projection without being saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from warroom.domain.closet import Hold
from warroom.domain.decay import HeatEvent, curve, heat_at, sinks_at
from warroom.domain.kinds import TOUCH_LABELS, TRIGGER_LABELS
from warroom.services.decay import WhaleDecay
from warroom.ui.charts import style

# Where the lines' labels sit: the watermark's just above its line, today's right of it.
_ABOVE = [(0, 1), (0, 1)]
_RIGHT = [(0, 0), (0, 0)]
HISTORY_DAYS = 180
MIN_FUTURE_DAYS = 45


@dataclass(frozen=True)
class Projection:
    """Where the curve goes from now on, with the planned touches given."""

    points: list[tuple[datetime, float]]
    sinks_at: datetime | None


def project(report: WhaleDecay, planned: Sequence[HeatEvent]) -> Projection:
    """The curve from now on with the planned touches, and when it finally sinks (None when
    it stays under the watermark throughout)."""
    events = sorted([*report.events, *planned], key=lambda e: (e.at, e.ref_id))
    h, w = report.params.half_life_days, report.params.watermark
    last_plan = max((e.at for e in planned), default=report.at)
    sink = sinks_at(last_plan, heat_at(events, last_plan, h), report.params)
    end = max(report.at + timedelta(days=MIN_FUTURE_DAYS), (sink or last_plan) + timedelta(days=10))
    points = curve(events, report.at, end, h, points_per_day=2)
    if sink is None:
        # Under the watermark after the last plan: it sank at the last downward crossing.
        crossings = [b[0] for a, b in pairwise(points) if a[1] >= w > b[1]]
        sink = crossings[-1] if crossings else None
    return Projection(points, sink)


class MonthAxis(pg.DateAxisItem):  # type: ignore[misc]  # pyqtgraph ships no types
    """Dates along the bottom: a month's name at each month (with the year in January and on
    the first), day numbers between when the span is short."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for value in values:
            day = datetime.fromtimestamp(value)  # the axis puts ticks at local midnights
            if spacing >= 20 * 86_400:
                out.append(f"{day:%b %Y}" if day.month == 1 or value == values[0] else f"{day:%b}")
            else:
                out.append(f"{day.day} {day:%b}")
        return out


def _at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC)


def _stamp(when: datetime) -> float:
    return when.timestamp()


class DecayChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(axisItems={"bottom": MonthAxis()})
        self.plot.setBackground("w")
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.getPlotItem().setMenuEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.weighted = False
        self.report: WhaleDecay | None = None
        self.planned: list[HeatEvent] = []
        self.projection: Projection | None = None
        self._type = style.type_of(points=9)
        # In one row under the date axis, outside the plot: never over the curve or a label.
        item = self.plot.getPlotItem()
        self.legend = pg.LegendItem(colCount=5, labelTextColor=style.INK)
        item.layout.addItem(self.legend, 4, 1)
        item.legend = self.legend  # series with a name join it as they are drawn
        self.set_type(self._type)

    def set_type(self, font: QFont) -> None:
        """The type of the axes and the labels on the chart (style.type_of)."""
        self._type = font
        self._draw()

    def show_report(self, report: WhaleDecay, planned: Sequence[HeatEvent] = ()) -> None:
        self.report = report
        self.planned = list(planned)
        self._draw()

    def set_planned(self, planned: Sequence[HeatEvent]) -> Projection | None:
        self.planned = list(planned)
        self._draw()
        return self.projection

    def set_weighted(self, weighted: bool) -> None:
        self.weighted = weighted
        self._draw()

    def _scale(self) -> float:
        report = self.report
        return float(report.deal_size) if self.weighted and report and report.deal_size else 1.0

    def _draw(self) -> None:
        plot = self.plot
        plot.clear()
        report = self.report
        if report is None:
            return
        self.legend.clear()
        self.legend.setLabelTextSize(style.css_size(self._type))
        scale = self._scale()
        h, w = report.params.half_life_days, report.params.watermark
        first = report.events[0].at if report.events else report.at
        start = max(first - timedelta(days=14), report.at - timedelta(days=HISTORY_DAYS))
        past = curve(report.events, start, report.at, h)
        plot.plot(
            [_stamp(t) for t, _ in past],
            [v * scale for _, v in past],
            pen=pg.mkPen(style.HEAT, width=3),
            name="heat",
        )
        baseline = project(report, [])
        self.projection = project(report, self.planned)
        plot.plot(
            [_stamp(t) for t, _ in baseline.points],
            [v * scale for _, v in baseline.points],
            pen=pg.mkPen(style.PROJECTION, width=2, style=Qt.PenStyle.DashLine),
            name="on its own from today",
        )
        if self.planned:
            plot.plot(
                [_stamp(t) for t, _ in self.projection.points],
                [v * scale for _, v in self.projection.points],
                pen=pg.mkPen(style.WHAT_IF, width=2, style=Qt.PenStyle.DashLine),
                name="with the planned touches",
            )
        end = self.projection.points[-1][0]
        water = pg.LinearRegionItem(
            (0, w * scale),
            orientation="horizontal",
            movable=False,
            brush=pg.mkBrush(style.WATER),
            pen=pg.mkPen(None),
        )
        plot.addItem(water)
        watermark_line = pg.InfiniteLine(
            w * scale,
            angle=0,
            pen=pg.mkPen(style.WATERMARK, width=2),
            label="watermark",
            labelOpts={"position": 0.05, "color": style.WATERMARK, "anchors": _ABOVE},
        )
        today_line = pg.InfiniteLine(
            _stamp(report.at),
            angle=90,
            pen=pg.mkPen(style.TODAY, style=Qt.PenStyle.DotLine),
            label="today",
            labelOpts={"position": 0.95, "color": style.INK, "anchors": _RIGHT},
        )
        for line in (watermark_line, today_line):
            line.label.setFont(self._type)
            plot.addItem(line)
        if report.hold is not None:
            end = max(end, _at_noon(report.hold.until) + timedelta(days=5))
            self._hold(report.hold)
        self._markers(report.events, scale, h)
        if self.planned:
            self._markers(self.planned, scale, h, planned=True)
        plot.setXRange(_stamp(start), _stamp(end), padding=0.02)
        plot.setYRange(0, scale * 1.05, padding=0)
        plot.setLabel("left", "weighted value" if self.weighted else "heat")
        plot.setLabel("bottom", "date")
        style.set_axis_type(plot, self._type, widest_tick=f"{scale:.0f}" if scale > 1 else "0.0")

    def _hold(self, hold: Hold) -> None:
        """The days the whale is set aside, shaded."""
        region = pg.LinearRegionItem(
            (_stamp(_at_noon(hold.held_on)), _stamp(_at_noon(hold.until))),
            movable=False,
            brush=pg.mkBrush(style.HOLD),
            pen=pg.mkPen(None),
        )
        self.plot.addItem(region)
        # The reason is on the page above; here it would run off the chart's right edge.
        label = pg.TextItem("on hold", color=style.INK, anchor=(0, 0))
        label.setFont(self._type)
        # Below the top, where "today" has its label.
        label.setPos(_stamp(_at_noon(hold.held_on)), self._scale() * 0.85)
        self.plot.addItem(label)

    def _markers(
        self, events: Sequence[HeatEvent], scale: float, h: float, planned: bool = False
    ) -> None:
        report = self.report
        assert report is not None
        everything = sorted([*report.events, *self.planned], key=lambda e: (e.at, e.ref_id))
        spots = []
        for event in events:
            label = (TRIGGER_LABELS if event.source == "trigger" else TOUCH_LABELS).get(
                event.kind, event.kind
            )
            tip = f"{'Planned: ' if planned else ''}{label}, {event.at.astimezone():%Y-%m-%d}"
            if event.note:
                tip += f"\n{event.note}"
            colour = (
                style.PLANNED
                if planned
                else (style.TRIGGER if event.source == "trigger" else style.TOUCH)
            )
            spots.append(
                {
                    "pos": (_stamp(event.at), heat_at(everything, event.at, h) * scale),
                    "symbol": "t" if event.source == "trigger" else "o",
                    "brush": pg.mkBrush(colour),
                    "pen": pg.mkPen("w"),
                    "size": 12,
                    "data": tip,
                }
            )
        markers = pg.ScatterPlotItem(hoverable=True, tip=lambda x, y, data: data)
        markers.addPoints(spots)
        self.plot.addItem(markers)
        # The legend names each kind of marker shown (a sample, not a series of its own).
        kinds = {
            (spot["symbol"], spot["brush"].color().name()): name
            for spot, name in zip(spots, self._marker_names(events, planned), strict=True)
        }
        for (symbol, colour), name in sorted(kinds.items(), key=lambda item: item[1]):
            sample = pg.ScatterPlotItem(symbol=symbol, brush=pg.mkBrush(colour), pen="w", size=10)
            self.legend.addItem(sample, name)
        style.set_legend_type(self.legend, self._type)

    @staticmethod
    def _marker_names(events: Sequence[HeatEvent], planned: bool) -> list[str]:
        if planned:
            return ["planned touch"] * len(events)
        return ["trigger" if event.source == "trigger" else "touch" for event in events]
