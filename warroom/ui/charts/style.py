"""Colours and pens the charts share, so the decay chart and the ocean tell one story."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QFont, QFontMetricsF

WATER = QColor(40, 110, 180, 40)  # under the watermark
HOLD = QColor(150, 150, 150, 50)  # the days a whale is on hold
WATERMARK = QColor(40, 110, 180)
HEAT = QColor(214, 96, 38)
PROJECTION = QColor(214, 96, 38, 150)
WHAT_IF = QColor(46, 160, 67)
TODAY = QColor(120, 120, 120)
TOUCH = QColor(214, 96, 38)
TRIGGER = QColor(128, 60, 170)
PLANNED = QColor(46, 160, 67)
AFLOAT = QColor(30, 140, 150, 170)
SINKING_SOON = QColor(230, 150, 20, 200)
SUNK = QColor(200, 50, 50, 190)
NEVER_WARMED = QColor(150, 150, 150, 170)  # no touch or trigger yet: not sunk, never afloat
INK = QColor(40, 40, 40)  # axis text: dark enough to read on paper
NIGHT_INK = QColor(225, 225, 225)  # axis text on the war room's dark screen


def type_of(points: float | None = None, pixels: int | None = None) -> QFont:
    """The charts' type: in points on a screen; in pixels of the chart for paper, where the
    chart is drawn scaled to the page (points would be sized again by the printer's dpi)."""
    font = QFont("DejaVu Sans")
    if pixels is not None:
        font.setPixelSize(pixels)
    else:
        font.setPointSizeF(points or 10.0)
    # No ligatures, as in the report's own text: "afloat" drawn with an "fl" glyph comes out
    # of the PDF as "aﬂoat", which neither a search nor a copy finds.
    font.setFeature(QFont.Tag("liga"), 0)
    font.setFeature(QFont.Tag("clig"), 0)
    return font


def set_legend_type(legend: Any, font: QFont) -> None:  # legend: a pyqtgraph LegendItem
    """The legend's names in the chart's type (its size is set as rich text: css_size)."""
    for _sample, label in legend.items:
        label.item.setFont(font)


def css_size(font: QFont) -> str:
    """The font's size as rich text (a chart's legend) takes it."""
    return f"{font.pixelSize()}px" if font.pixelSize() > 0 else f"{font.pointSizeF()}pt"


def set_axis_type(
    plot: Any, font: QFont, ink: QColor = INK, widest_tick: str = "0.0"
) -> None:  # plot: a pyqtgraph PlotWidget
    """Tick labels and axis titles in `font` and `ink`; each axis sized for its widest tick
    label and its title side by side, so the title never lies over the ticks."""
    metrics = QFontMetricsF(font)
    gap = metrics.height() / 3
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        axis.setTickFont(font)
        axis.label.setFont(font)
        axis.setTextPen(ink)
        axis.setPen(ink)
        axis.setStyle(tickTextOffset=int(gap), autoExpandTextSpace=False)
    titled = [plot.getAxis(side).label.isVisible() for side in ("left", "bottom")]
    title = metrics.height() * 1.4
    plot.getAxis("left").setWidth(
        int(metrics.horizontalAdvance(widest_tick) + 2 * gap + (title if titled[0] else 0))
    )
    plot.getAxis("bottom").setHeight(int(metrics.height() + 2 * gap + (title if titled[1] else 0)))
