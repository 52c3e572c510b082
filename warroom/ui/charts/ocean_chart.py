"""The ocean: every whale as a bubble. Right of zero it is afloat (days until it sinks), left of
zero it is under the watermark (days since it sank); up is deal size, bubble size is weighted
value. Built to be read from across a room: big type, few colours, one scatter item."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from warroom import clock
from warroom.domain.records import WhaleSummary
from warroom.domain.words import money, standing_words
from warroom.ui.charts import style

HORIZON_DAYS = 180.0  # afloat further out than this is drawn at the edge
DEPTH_DAYS = 120.0  # sunk longer ago than this likewise
SINKING_SOON_DAYS = 7.0
FIT_MARGIN_DAYS = 10.0  # a fitted span's room beyond its outermost whales
LEGEND_ROOM = 0.3  # of a fitted span, added at the right where the legend sits


class MoneyAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph ships no types
    """A log axis labelled 250K, 1M, 5M instead of powers of ten."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        # Between the powers of ten only 2, 3 and 5 are named: 9 labels a decade crowd.
        return [
            money(10**value) if round(10 ** (value % 1)) in (1, 2, 3, 5, 10) else ""
            for value in values
        ]


@dataclass(frozen=True)
class OceanPoint:
    whale: WhaleSummary
    x: float
    y: float
    size: float
    colour: int  # 0 afloat, 1 sinks within a week, 2 under the watermark, 3 never warmed

    @property
    def whale_id(self) -> str:
        return self.whale.id

    @property
    def tip(self) -> str:
        # Written when hovered, not for each of 10,000 bubbles up front.
        whale = self.whale
        status = standing_words(whale, clock.now(), clock.local_zone())
        return (
            f"{whale.name}\n{whale.owner}\n{whale.deal_size:,} {whale.currency} · "
            f"heat {whale.heat:.2f} · {status}"
        )


def ocean_points(
    whales: Sequence[WhaleSummary], half_life_days: float, watermark: float
) -> list[OceanPoint]:
    """Where each whale goes on the chart (whales with no deal size are left out)."""
    sized = [w for w in whales if w.deal_size > 0]
    largest = max((w.weighted_value for w in sized), default=1.0) or 1.0
    points = []
    for whale in sized:
        if whale.heat <= 0:
            # Never warmed: at the bottom of the water, in grey, not red as if long sunk.
            x, colour = -DEPTH_DAYS, 3
        elif whale.sinking:
            x, colour = -min(half_life_days * math.log2(watermark / whale.heat), DEPTH_DAYS), 2
        else:
            x = min(whale.days_to_sink, HORIZON_DAYS)
            colour = 1 if whale.days_to_sink <= SINKING_SOON_DAYS else 0
        # Sizes in steps of 2 px: pyqtgraph draws one sprite per distinct size and colour, so
        # 10,000 distinct sizes would mean 10,000 sprites.
        size = 10 + 2 * round(25 * math.sqrt(whale.weighted_value / largest))
        points.append(OceanPoint(whale, x, whale.deal_size, size, colour))
    return points


class OceanChart(QWidget):
    whale_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(axisItems={"left": MoneyAxis("left")})
        self.plot.setBackground("w")
        self.plot.setLogMode(x=False, y=True)
        self.plot.showGrid(x=True, y=True, alpha=0.15)
        self.plot.getPlotItem().setMenuEnabled(False)
        self.plot.addItem(
            pg.LinearRegionItem(
                (-DEPTH_DAYS - 10, 0),
                movable=False,
                brush=pg.mkBrush(style.WATER),
                pen=pg.mkPen(style.WATERMARK, width=2),
            )
        )
        self.label = pg.TextItem("under the watermark", color=style.WATERMARK, anchor=(0, 0))
        self.plot.addItem(self.label)
        # One scatter item per colour, each drawing with a single brush: a brush per spot
        # costs pyqtgraph a pass over all 10,000 of them.
        self.scatters = []
        self.legend = self.plot.addLegend(offset=(-10, -10))
        self.legend.setBrush(pg.mkBrush(255, 255, 255, 220))
        for colour, name in (
            (style.AFLOAT, "afloat"),
            (style.SINKING_SOON, "sinks within a week"),
            (style.SUNK, "under the watermark"),
            (style.NEVER_WARMED, "never warmed"),
        ):
            scatter = pg.ScatterPlotItem(
                name=name,
                hoverable=True,
                tip=lambda x, y, data: data.tip,
                hoverPen=pg.mkPen("k", width=2),
                brush=pg.mkBrush(colour),
                pen=pg.mkPen("w", width=1),
            )
            scatter.sigClicked.connect(self._on_clicked)
            self.plot.addItem(scatter)
            self.scatters.append(scatter)
        self.plot.setLabel("bottom", "days until it sinks  (left of 0: days since it sank)")
        self.plot.setLabel("left", "deal size")
        self.points: list[OceanPoint] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.set_type(style.type_of(points=14))

    def set_type(self, font: QFont, ink: QColor = style.INK) -> None:
        """Axis and label type (style.type_of); the war room sizes it from the screen."""
        self._type = font
        style.set_axis_type(self.plot, font, ink, widest_tick="888K")
        self.label.setFont(font)
        # The legend keeps its light box (and dark type) on the war room's dark screen too.
        self.legend.setLabelTextColor(style.INK)
        self.legend.setLabelTextSize(style.css_size(font))
        self._name_shown()  # written again in the new type

    def _name_shown(self) -> None:
        """The legend names the colours on the chart, not one that has no whale."""
        self.legend.clear()
        shown = {p.colour for p in self.points} if self.points else range(len(self.scatters))
        for colour, scatter in enumerate(self.scatters):
            if colour in shown:
                self.legend.addItem(scatter, scatter.name())
        style.set_legend_type(self.legend, self._type)

    def show_whales(
        self, whales: Sequence[WhaleSummary], half_life_days: float, watermark: float
    ) -> None:
        self.points = ocean_points(whales, half_life_days, watermark)
        for colour, scatter in enumerate(self.scatters):
            mine = [p for p in self.points if p.colour == colour]
            scatter.setData(
                x=np.array([p.x for p in mine]),
                y=np.log10(np.array([p.y for p in mine], dtype=float)),
                size=np.array([p.size for p in mine]),
                data=mine,
            )
        self._name_shown()
        if self.points:
            # At the bottom of the water, where few whales sink to.
            low = min(p.y for p in self.points)
            self.label.setAnchor((0, 1))
            self.label.setPos(-DEPTH_DAYS, math.log10(low) - 0.05)
        self.plot.setXRange(-DEPTH_DAYS - 10, HORIZON_DAYS + 10, padding=0)

    def number(self, whale_ids: Sequence[str]) -> None:
        """Each of these whales' bubbles carries its place in the list (1, 2, ...): a printed
        page has no tip to hover for, and a manager asks which bubble is which."""
        at = {point.whale_id: point for point in self.points}
        for place, whale_id in enumerate(whale_ids, start=1):
            point = at.get(whale_id)
            if point is None:
                continue
            mark = pg.TextItem(
                html=f"<b>{place}</b>",
                color=style.INK,
                anchor=(0.5, 0.5),
                fill=pg.mkBrush(255, 255, 255, 210),
            )
            mark.setFont(self._type)
            mark.setPos(point.x, math.log10(point.y))
            self.plot.addItem(mark)

    def fit_days(self) -> None:
        """Span only the days its whales lie on, with room at the right for the legend: for a
        printed page, which cannot scroll. The app keeps its fixed span, so the ocean does not
        rescale as whales drift from day to day."""
        xs = [p.x for p in self.points]
        low = min(min(xs, default=0.0) - FIT_MARGIN_DAYS, -FIT_MARGIN_DAYS)
        high = max(max(xs, default=0.0) + FIT_MARGIN_DAYS, FIT_MARGIN_DAYS)
        self.plot.setXRange(low, high + (high - low) * LEGEND_ROOM, padding=0)
        self.label.setPos(low, self.label.pos().y())

    def _on_clicked(self, _item: object, spots: Sequence[object]) -> None:
        if spots:
            point: OceanPoint = spots[0].data()  # type: ignore[attr-defined]
            self.whale_clicked.emit(point.whale_id)
