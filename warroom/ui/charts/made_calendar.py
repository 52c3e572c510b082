"""Made days as a contribution calendar: one column a week, one cell a workday."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

MADE = QColor(46, 160, 67)
MISSED = QColor(225, 228, 232)
TODAY_PEN = QColor(60, 60, 60)
CELL, GAP = 13, 3


class MadeCalendar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells: list[tuple[date, bool]] = []
        self.today: date | None = None
        self.setMouseTracking(True)

    def show_days(self, cells: Sequence[tuple[date, bool]], today: date) -> None:
        self.cells = list(cells)
        self.today = today
        made = sum(1 for _, m in cells if m)
        self.setToolTip(f"{made} of {len(cells)} workdays made in the last 26 weeks")
        self.updateGeometry()
        self.update()

    def _layout(self) -> dict[date, QRect]:
        if not self.cells:
            return {}
        first = self.cells[0][0]
        weekdays = sorted({d.isoweekday() for d, _ in self.cells})
        rects = {}
        for day, _ in self.cells:
            week = (day - first).days // 7 + (1 if day.weekday() < first.weekday() else 0)
            row = weekdays.index(day.isoweekday())
            rects[day] = QRect(week * (CELL + GAP), row * (CELL + GAP), CELL, CELL)
        return rects

    def sizeHint(self) -> QSize:
        rects = self._layout()
        if not rects:
            return QSize(26 * (CELL + GAP), 5 * (CELL + GAP))
        return QSize(
            max(r.right() for r in rects.values()) + 2, max(r.bottom() for r in rects.values()) + 2
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        made = dict(self.cells)
        for day, rect in self._layout().items():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(MADE if made[day] else MISSED)
            painter.drawRoundedRect(rect, 2, 2)
            if day == self.today:
                painter.setPen(TODAY_PEN)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 2, 2)
        painter.end()
