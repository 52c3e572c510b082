"""How blocks fall on pages: a heading is never left at a page's foot without what it heads."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtWidgets import QLabel

from tests.ui.test_reports import needs_poppler
from warroom.ui.reports.document import Chart, Heading, Paragraph, pdf_writer, render


def _page_texts(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@needs_poppler
def test_a_heading_and_its_legend_go_to_the_page_their_chart_starts_on(
    qapp, tmp_path: Path
) -> None:
    """Pass: at every height the page has left, "The ocean", its one-line legend and the
    chart under them are on one page (the heading stood alone at a foot, its chart over)."""
    chart = QLabel("Bubbles")
    chart.resize(600, 400)
    for filler in range(10, 60, 3):
        path = tmp_path / f"at-{filler}.pdf"
        lines = "\n".join(f"line {n}" for n in range(filler))
        blocks = [
            Paragraph(lines),
            Heading("The ocean", 2),
            Paragraph("Numbered: top ten"),
            Chart(chart),
        ]
        render(pdf_writer(str(path), "a4", "pages"), blocks, "footer")
        [page] = [p for p in _page_texts(path) if "The ocean" in p]
        assert "Numbered: top ten" in page and "Bubbles" in page, filler
