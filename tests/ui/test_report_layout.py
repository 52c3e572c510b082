"""Reports a manager can read: every word of every page stands clear of the others, the
decay chart's time axis has dates, charts are text and lines (not pictures), and a rep's week
is printed on the rep's clock."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest

from tests.ui.test_reports import AT, needs_poppler, pdf_text
from warroom.app import main
from warroom.paths import DataFolder
from warroom.services.open_book import OpenBook
from warroom.store import queries

MONTHS = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$")
REPORTS = {
    "weekly": ["report", "weekly"],
    "rep": ["report", "rep"],
    "account": ["report", "account", "Adatum Energy"],
    "meeting": ["report", "meeting"],
}


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.y1 - self.y0)


def _pages(path: Path) -> list[list[Word]]:
    """Each page's words with their boxes (pdftotext -bbox)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ElementTree.fromstring(xhtml)
    space = "{http://www.w3.org/1999/xhtml}"
    return [
        [
            Word(
                word.text or "",
                *(float(word.attrib[k]) for k in ("xMin", "yMin", "xMax", "yMax")),
            )
            for word in page.iter(f"{space}word")
        ]
        for page in root.iter(f"{space}page")
    ]


def _overlap(a: Word, b: Word) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def _write(kind: str, folder: Path, home: DataFolder | None = None) -> Path:
    if kind == "meeting" and home is not None:
        at = datetime.fromisoformat(AT) - timedelta(days=2)
        book = OpenBook.open(home.book, at)
        try:
            notes = "Chloe takes Meridian.\nElena books the on-site at Globex before the freeze."
            book.apply("Session", lambda b: b.war_room.save_meeting(at, notes, at))
        finally:
            book.close()
    out = folder / f"{kind}.pdf"
    assert main([*REPORTS[kind], "--at", AT, "--out", str(out)]) == 0
    # Kept to look at: pdftoppm -png -r 60 (the suite's tmp folders).
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(out), str(folder / kind)], check=True)
    return out


@needs_poppler
@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_no_two_words_of_a_page_overlap(
    demo_home: DataFolder, capsys, tmp_path: Path, kind: str
) -> None:
    """Pass: on every page of the report, no two words' boxes overlap by more than a fifth
    of the smaller one (a title over its tick labels, a header run into the next)."""
    out = _write(kind, tmp_path, demo_home)
    capsys.readouterr()
    for number, words in enumerate(_pages(out), start=1):
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                smaller = min(a.area, b.area)
                assert _overlap(a, b) <= 0.2 * smaller, (kind, number, a, b)


@needs_poppler
def test_the_decay_chart_has_dates_under_it_as_text(
    demo_home: DataFolder, capsys, tmp_path: Path
) -> None:
    """Pass: the account plan's chart is drawn as text and lines: at least three month names
    stand under it, just above its axis title, and its labels (heat, watermark, today, the
    legend) can be found in the PDF's text."""
    out = _write("account", tmp_path)
    capsys.readouterr()
    words = _pages(out)[0]
    [axis_title] = [w for w in words if w.text == "date"]
    under = {w.text for w in words if MONTHS.match(w.text) and 0 < axis_title.y0 - w.y1 < 40}
    assert len(under) >= 3, under
    text = pdf_text(out)
    for label in ("heat", "watermark", "today", "touch", "on its own from today"):
        assert label in text


@needs_poppler
def test_a_reps_week_is_printed_on_the_reps_clock(
    demo_home: DataFolder, capsys, tmp_path: Path
) -> None:
    """Pass: with the rep in Tokyo, the week's touches are printed at Tokyo's hours and the
    zone is named: a made day's touches fall in the rep's morning, as the app counts them."""
    at = datetime.fromisoformat(AT)
    book = OpenBook.open(demo_home.book, at)
    try:
        me = book.book.me()
        assert me is not None
        book.book.save_settings(me.name, book.book.team_settings(), "Asia/Tokyo", at)
        with book.store.transaction() as session:
            touches = queries.rep_touches_between(session, me.id, at - timedelta(days=7), at)
    finally:
        book.close()
    out = _write("rep", tmp_path)
    capsys.readouterr()
    assert touches
    text = pdf_text(out)
    assert "times in Asia/Tokyo" in text
    for touch in touches:
        assert f"{touch.occurred_at.astimezone(ZoneInfo('Asia/Tokyo')):%a %d %b %H:%M}" in text


@needs_poppler
def test_chart_words_come_out_of_the_pdf_as_typed(
    demo_home: DataFolder, capsys, tmp_path: Path
) -> None:
    """Pass: the ocean's legend reads "afloat", not "aﬂoat" with a ligature glyph that no
    search or copy finds."""
    out = _write("weekly", tmp_path)
    capsys.readouterr()
    text = pdf_text(out)
    assert "afloat" in text and "\ufb02" not in text
