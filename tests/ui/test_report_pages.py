"""How blocks fall on pages: a heading is never left at a page's foot without what it heads."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.ui.test_reports import needs_poppler
from warroom.ui.reports.document import Heading, Paragraph, Table, pdf_writer, render


def _page_texts(path: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")


@needs_poppler
def test_a_heading_and_its_legend_go_to_the_page_their_table_starts_on(
    qapp, tmp_path: Path
) -> None:
    """Pass: at every height the page has left, "The ocean", its one-line legend and the
    table under them are on one page (the heading stood alone at a foot, its chart over)."""
    table = Table(("Whale", "Heat"), tuple((f"Whale {n}", "0.50") for n in range(30)), (0.7, 0.3))
    for filler in range(30, 56, 2):
        path = tmp_path / f"at-{filler}.pdf"
        lines = "\n".join(f"line {n}" for n in range(filler))
        blocks = [Paragraph(lines), Heading("The ocean", 2), Paragraph("Numbered: top ten"), table]
        render(pdf_writer(str(path), "a4", "pages"), blocks, "footer")
        [page] = [p for p in _page_texts(path) if "The ocean" in p]
        assert "Numbered: top ten" in page and "Whale 0" in page, filler
