"""A small paginating document for Qt's PDF writer and printer: headings, paragraphs, tables
and pictures flow down pages with the team, the date and page numbers in every footer.

Text is drawn as text, so a PDF can be searched and copied; charts are drawn as vectors, their
labels as text too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QPoint, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRegion,
)
from PySide6.QtWidgets import QWidget

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the page width, summing to 1


@dataclass(frozen=True)
class Chart:
    """A chart widget, laid out at its size, drawn onto the page as vectors: its lines sharp
    at any zoom, its labels text that can be searched and copied. Its type is set in pixels
    of the widget (style.type_of), which the page scales with the chart."""

    widget: QWidget
    height_share: float = 0.45  # of the page's writable height, at most


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Table | Chart | PageBreak


class _Pen:
    """Where the next block goes, turning pages as needed."""

    def __init__(self, device: QPagedPaintDevice, painter: QPainter, footer: str) -> None:
        self.device, self.painter, self.footer = device, painter, footer
        rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
        self.width, self.height = float(rect.width()), float(rect.height())
        self.y = 0.0
        self.page = 1

    def points(self, size: float) -> QFont:
        font = QFont("DejaVu Sans")
        font.setPointSizeF(size)
        # No ligatures: "fi" drawn as one glyph comes out of the PDF as "ﬁ", and then
        # searching or copying "Westfield" fails.
        font.setFeature(QFont.Tag("liga"), 0)
        font.setFeature(QFont.Tag("clig"), 0)
        return font

    def need(self, height: float) -> None:
        if self.y + height > self.height - self.footer_height():
            self.new_page()

    def footer_height(self) -> float:
        return QFontMetricsF(self.points(8), self.device).height() * 2

    def draw_footer(self) -> None:
        self.painter.setFont(self.points(8))
        self.painter.setPen(Qt.GlobalColor.darkGray)
        box = QRectF(0, self.height - self.footer_height() / 2, self.width, self.footer_height())
        self.painter.drawText(box, Qt.AlignmentFlag.AlignLeft, self.footer)
        self.painter.drawText(box, Qt.AlignmentFlag.AlignRight, f"page {self.page}")
        self.painter.setPen(Qt.GlobalColor.black)

    def new_page(self) -> None:
        self.draw_footer()
        self.device.newPage()
        self.page += 1
        self.y = 0.0


def _text(pen: _Pen, text: str, font: QFont, gap: float) -> None:
    metrics = QFontMetricsF(font, pen.device)
    flags = int(Qt.TextFlag.TextWordWrap)
    box = metrics.boundingRect(QRectF(0, 0, pen.width, 10_000), flags, text)
    pen.need(box.height())
    pen.painter.setFont(font)
    pen.painter.drawText(QRectF(0, pen.y, pen.width, box.height()), flags, text)
    pen.y += box.height() + gap


class _TableLayout:
    """A table's columns and row heights on the page."""

    def __init__(self, pen: _Pen, table: Table) -> None:
        self.font, self.bold = pen.points(8.5), pen.points(8.5)
        self.bold.setBold(True)
        self.metrics = QFontMetricsF(self.font, pen.device)
        self.bold_metrics = QFontMetricsF(self.bold, pen.device)
        self.pad = self.metrics.height() * 0.25
        self.xs = [0.0]
        for width in _fit(table, self.metrics, self.bold_metrics, pen.width, self.pad):
            self.xs.append(self.xs[-1] + width)
        self.table = table

    def row_height(self, cells: Sequence[str], header: bool = False) -> float:
        flags = int(Qt.TextFlag.TextWordWrap)
        measure = self.bold_metrics if header else self.metrics
        xs, pad = self.xs, self.pad
        return max(
            measure.boundingRect(
                QRectF(0, 0, xs[i + 1] - xs[i] - 2 * pad, 10_000), flags, cell
            ).height()
            for i, cell in enumerate(cells)
        )

    def start(self) -> float:
        """The header and the first row: what must fit for the table to begin on a page."""
        first = self.table.rows[0] if self.table.rows else ("none",)
        return self.row_height(self.table.headers, True) + self.row_height(first) + 4 * self.pad


def _table(pen: _Pen, layout: _TableLayout) -> None:
    table, xs, pad = layout.table, layout.xs, layout.pad

    def draw(cells: Sequence[str], height: float, header: bool) -> None:
        pen.painter.setFont(layout.bold if header else layout.font)
        for i, cell in enumerate(cells):
            pen.painter.drawText(
                QRectF(xs[i] + pad, pen.y + pad, xs[i + 1] - xs[i] - 2 * pad, height),
                int(Qt.TextFlag.TextWordWrap),
                cell,
            )
        pen.y += height + 2 * pad
        pen.painter.drawLine(0, int(pen.y), int(pen.width), int(pen.y))

    head = layout.row_height(table.headers, header=True)
    pen.need(layout.start())
    draw(table.headers, head, True)
    if not table.rows:
        draw(["none"] + [""] * (len(table.headers) - 1), layout.row_height(["none"]), False)
    for row in table.rows:
        height = layout.row_height(row)
        if pen.y + height + 2 * pad > pen.height - pen.footer_height():
            pen.new_page()
            draw(table.headers, head, True)
        draw(row, height, False)
    pen.y += layout.metrics.height()


def _fit(
    table: Table, metrics: QFontMetricsF, bold: QFontMetricsF, total: float, pad: float
) -> list[float]:
    """Column widths: the table's shares of the page, widened where a column's longest word
    (its header's included) would not fit, taking the room from columns that have some to
    spare, so no word runs into the next column."""

    def longest(texts: Sequence[str], font: QFontMetricsF) -> float:
        return max((font.horizontalAdvance(w) for text in texts for w in text.split()), default=0)

    needs = [
        max(longest([header], bold), longest([row[i] for row in table.rows], metrics)) + 2 * pad
        for i, header in enumerate(table.headers)
    ]
    if sum(needs) >= total:
        return [need * total / sum(needs) for need in needs]
    widths = [share * total for share in table.widths]
    lacking = sum(max(need - width, 0.0) for need, width in zip(needs, widths, strict=True))
    spare = [max(width - need, 0.0) for need, width in zip(needs, widths, strict=True)]
    room = sum(spare)
    return [
        max(width, need) - (left * lacking / room if room else 0.0)
        for width, need, left in zip(widths, needs, spare, strict=True)
    ]


def _chart_size(pen: _Pen, chart: Chart) -> tuple[float, float]:
    size = chart.widget.size()
    height = pen.height * chart.height_share
    width = min(pen.width, height * size.width() / size.height())
    return width, width * size.height() / size.width()


def _chart(pen: _Pen, chart: Chart) -> None:
    size = chart.widget.size()
    width, height = _chart_size(pen, chart)
    pen.need(height)
    painter = pen.painter
    painter.save()
    painter.translate(0, pen.y)
    painter.scale(width / size.width(), height / size.height())
    chart.widget.render(painter, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
    painter.restore()
    pen.y += height + QFontMetricsF(pen.points(10), pen.device).height()


def _start(pen: _Pen, block: Block | _TableLayout | None) -> float:
    """The height that must fit on a page for `block` to begin there."""
    if isinstance(block, _TableLayout):
        return block.start()
    if isinstance(block, Chart):
        return _chart_size(pen, block)[1]
    if isinstance(block, Paragraph) and block.text:
        return QFontMetricsF(pen.points(10), pen.device).height() * 2
    if isinstance(block, Heading):
        return QFontMetricsF(pen.points(13), pen.device).height() * 3
    return 0.0


def render(device: QPagedPaintDevice, blocks: Sequence[Block], footer: str) -> int:
    """Lay the blocks out on the device's pages; returns the number of pages."""
    painter = QPainter(device)
    pen = _Pen(device, painter, footer)
    sizes = {1: 18.0, 2: 13.0, 3: 11.0}
    # Each table laid out once: its heading asks how tall its start is, then it is drawn.
    laid = [_TableLayout(pen, b) if isinstance(b, Table) else b for b in blocks]
    for at, block in enumerate(laid):
        if isinstance(block, Heading):
            font = pen.points(sizes.get(block.level, 11.0))
            font.setBold(True)
            line = QFontMetricsF(font, device).height()
            # A heading goes where what it heads can begin too: a table's header and first
            # row, a chart, two lines of text. It was left alone at a page's foot.
            after = laid[at + 1] if at + 1 < len(laid) else None
            need = line * 1.4 + _start(pen, after)
            # A line of words between a heading and its chart or table (a legend) goes with
            # both: the ocean's heading was left at a page's foot over "Numbered: …".
            headed = laid[at + 2] if at + 2 < len(laid) else None
            if isinstance(after, Paragraph) and isinstance(headed, Chart | _TableLayout):
                need += _start(pen, headed)
            pen.need(need)
            _text(pen, block.text, font, line * 0.4)
        elif isinstance(block, Paragraph) and block.text:
            _text(
                pen,
                block.text,
                pen.points(10),
                QFontMetricsF(pen.points(10), device).height() * 0.6,
            )
        elif isinstance(block, _TableLayout):
            _table(pen, block)
        elif isinstance(block, Chart):
            _chart(pen, block)
        elif isinstance(block, PageBreak) and pen.y > 0:
            pen.new_page()
    pen.draw_footer()
    painter.end()
    return pen.page


def pdf_writer(path: str, page: str, title: str) -> QPdfWriter:
    writer = QPdfWriter(path)
    writer.setTitle(title)
    writer.setCreator("Whale War Room")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(PAGE_SIZES[page]),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    return writer
