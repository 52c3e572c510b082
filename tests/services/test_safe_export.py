"""The whales CSV opens in a spreadsheet as written: no name runs as a formula, accents show."""

from __future__ import annotations

import codecs
import csv
from datetime import UTC, datetime
from pathlib import Path

from warroom.services.exporting import export_csv
from warroom.services.open_book import OpenBook

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]


def test_whale_names_that_look_like_formulas_are_written_as_text(
    open_book: OpenBook, tmp_path: Path
) -> None:
    open_book.apply("Me", lambda b: b.book.set_me("Avery", "UTC", NOW))
    for name in [*FORMULAS, "Zürich Réassurance"]:
        open_book.apply("New whale", lambda b, name=name: b.book.add_whale(name, NOW))
    out = tmp_path / "whales.csv"
    assert export_csv(open_book.book.whales(NOW), out) == 5
    assert out.read_bytes().startswith(codecs.BOM_UTF8)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = {row["name"] for row in rows}
    assert names == {"'" + name for name in FORMULAS} | {"Zürich Réassurance"}
