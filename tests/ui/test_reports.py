"""PDF reports: they open, their text holds the names and figures the command line gives, and
the app's Reports section writes them too."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from warroom.app import main
from warroom.domain.journey import PRACTICE_LEGEND
from warroom.paths import DataFolder

AT = "2026-11-23T15:00:00+00:00"
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def pdf_text(path: Path) -> str:
    """The PDF's text with white space folded, so cells wrapped over two lines still match."""
    raw = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(raw.split())


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))


@needs_poppler
def test_the_weekly_report_says_what_the_command_line_says(
    demo_home: DataFolder, capsys, tmp_path: Path
) -> None:
    out = tmp_path / "weekly.pdf"
    assert main(["report", "weekly", "--at", AT, "--out", str(out)]) == 0
    capsys.readouterr()
    text = pdf_text(out)
    assert pdf_pages(out) >= 2 and "page 1" in text and "2026-11-23" in text
    assert main(["whales", "--json", "--at", AT]) == 0
    whales = json.loads(capsys.readouterr().out)
    for whale in [w for w in whales if w["top_ten"]]:
        assert whale["name"] in text
        assert f"{whale['heat']:.2f}" in text
    assert main(["team", "--json", "--at", AT]) == 0
    for rep in json.loads(capsys.readouterr().out):
        assert rep["rep"] in text
    assert " ".join(PRACTICE_LEGEND.split()) in text  # what the Practice column's 0 and 1 mean
    assert "Numbered: the top ten to close" in text  # the ocean's bubbles name their whales


@needs_poppler
def test_the_account_plan_holds_the_whale_its_people_and_its_heat(
    demo_home: DataFolder, capsys, tmp_path: Path
) -> None:
    out = tmp_path / "account.pdf"
    assert (
        main(
            [
                "report",
                "account",
                "Adatum Energy",
                "--page",
                "letter",
                "--at",
                AT,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["decay", "Adatum Energy", "--json", "--at", AT]) == 0
    decay = json.loads(capsys.readouterr().out)
    text = pdf_text(out)
    assert "Account plan: Adatum Energy" in text
    assert f"Heat {decay['heat']:.2f}" in text
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "612 x 792" in info  # Letter


@needs_poppler
def test_a_reps_week(demo_home: DataFolder, capsys, tmp_path: Path) -> None:
    out = tmp_path / "rep.pdf"
    assert main(["report", "rep", "--at", AT, "--out", str(out)]) == 0
    assert "My week:" in pdf_text(out)


def test_bad_report_input_is_one_line_and_writes_nothing(
    demo_home: DataFolder, capsys, tmp_path: Path
) -> None:
    tmp_path = tmp_path / "out"  # beside the data folder the fixture made
    tmp_path.mkdir()
    assert main(["report", "account", "--out", str(tmp_path / "a.pdf")]) == 2
    assert main(["report", "weekly", "--out", str(tmp_path / "a.txt")]) == 2
    assert main(["report", "account", "Moby Dick", "--out", str(tmp_path / "m.pdf")]) == 2
    assert capsys.readouterr().err.count("\n") == 3
    assert list(tmp_path.iterdir()) == []


@needs_poppler
def test_the_reports_section_exports_the_weekly_pdf(
    qtbot, demo_home: DataFolder, open_window, runner, tmp_path: Path
) -> None:
    window = open_window(demo_home)
    window.show_section("Reports")
    view = window.sections["Reports"]
    out = tmp_path / "from-the-app.pdf"
    view.export(str(out))
    qtbot.waitUntil(lambda: runner.idle and out.exists(), timeout=20_000)
    assert "War room:" in pdf_text(out) and "Wrote" in view.status.text()


@needs_poppler
def test_a_heading_never_stays_alone_at_the_foot_of_a_page(qapp, tmp_path: Path) -> None:
    """Pass: however much text comes before it, "Sinking this week" lands on the page where
    its table's header and first row begin (a new user found it alone at a page's foot)."""
    from warroom.ui.reports.document import Heading, Paragraph, Table, pdf_writer, render

    plan = "next step due Mon 07 Dec: call the economic buyer about the pilot's budget " * 3
    table = Table(
        ("Marker whale", "Days to the sink", "Plan"),
        (("Globex", "3", plan), ("Initech", "5", "no plan yet")),
        (0.3, 0.1, 0.6),
    )
    for lines in range(30, 75, 3):
        path = tmp_path / f"{lines}.pdf"
        filler = [Paragraph(f"Line {n} of what came before.") for n in range(lines)]
        render(
            pdf_writer(str(path), "a4", "test"),
            [*filler, Heading("Sinking this week", 2), table],
            "x",
        )
        raw = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        pages = raw.split("\f")
        heading = next(i for i, page in enumerate(pages) if "Sinking this week" in page)
        assert "Marker whale" in pages[heading] and "Globex" in pages[heading], lines
