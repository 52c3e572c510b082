"""The ocean chart with 10,000 whales vs the same points as one bare scatter item.

Both are built and rendered once offscreen into an image of the same size; ours also works
out each bubble's place, size, colour and tooltip from the whales.
"""

from __future__ import annotations

import math
import os
import random
import time
from datetime import UTC, datetime

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from warroom.domain.records import WhaleSummary
from warroom.ui.charts.ocean_chart import OceanChart, ocean_points

COUNT, HALF_LIFE, WATERMARK = 10_000, 30.0, 0.5
NOW = datetime(2026, 11, 23, tzinfo=UTC)


def whales() -> list[WhaleSummary]:
    rng = random.Random(3)
    out = []
    for i in range(COUNT):
        heat = rng.random()
        sink = HALF_LIFE * math.log2(heat / WATERMARK) if heat >= WATERMARK else 0.0
        size = int(rng.uniform(250_000, 5_000_000))
        out.append(
            WhaleSummary(
                f"w{i}",
                f"Whale {i}",
                "",
                "r",
                "Rep",
                size,
                "USD",
                "engaged",
                "",
                False,
                10,
                NOW,
                NOW,
                heat,
                sink,
                size * heat,
                NOW,
            )
        )
    return out


def render(widget) -> None:
    widget.resize(1600, 1000)
    widget.grab()  # paints everything into a pixmap


def main() -> None:
    app = QApplication.instance() or QApplication([])
    book = whales()
    points = ocean_points(book, HALF_LIFE, WATERMARK)
    xs = [p.x for p in points]
    ys = [p.y for p in points]

    start = time.perf_counter()
    bare = pg.PlotWidget()
    bare.addItem(pg.ScatterPlotItem(x=xs, y=ys))
    render(bare)
    raw = time.perf_counter() - start

    start = time.perf_counter()
    chart = OceanChart()
    chart.show_whales(book, HALF_LIFE, WATERMARK)
    render(chart)
    ours = time.perf_counter() - start
    print(f"one bare scatter item:   {raw * 1000:.0f} ms for {COUNT:,} points")
    print(f"ocean chart:             {ours * 1000:.0f} ms (sizes, colours, tooltips, log axis)")
    print(f"ratio: {ours / raw:.2f}x the bare scatter")
    del app


if __name__ == "__main__":
    main()
