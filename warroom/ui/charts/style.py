"""Colours and pens the charts share, so the decay chart and the ocean tell one story."""

from __future__ import annotations

from PySide6.QtGui import QColor

WATER = QColor(40, 110, 180, 40)  # under the watermark
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
