"""Bringing a book in from the app: detected format, mapping, preview, import, cancel."""

from __future__ import annotations

from pathlib import Path

from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.store.db import open_store

DATA = Path(__file__).parent.parent / "data"


def _whales(home: DataFolder) -> list[str]:
    from datetime import UTC, datetime

    store = open_store(home.book)
    names = [w.name for w in Book(store).whales(datetime.now(UTC))]
    store.close()
    return names


def _dialog(qtbot, window, runner, path: Path):
    window.import_book()
    dialog = window.import_dialog
    dialog.open_file(path)
    qtbot.waitUntil(lambda: runner.idle and dialog.import_button.isEnabled())
    return dialog


def test_preview_then_import_a_salesforce_export(
    qtbot, home: DataFolder, open_window, runner
) -> None:
    window = open_window(home)
    runner.run(
        lambda: window.book.set_me("Avery Chen", "UTC", __import__("warroom.clock").clock.now())
    )
    dialog = _dialog(qtbot, window, runner, DATA / "salesforce_accounts.csv")
    assert "Salesforce accounts" in dialog.detected.text()
    assert dialog.columns["company"].currentData() == "Account Name"
    dialog.preview()
    qtbot.waitUntil(
        lambda: runner.idle and "Would add 3 whales" in dialog.preview_text.toPlainText()
    )
    assert _whales(home) == []
    dialog.run_import()
    qtbot.waitUntil(lambda: runner.idle and "Added 3 whales" in dialog.preview_text.toPlainText())
    assert sorted(_whales(home)) == ["Globex Corporation", "Initech, Inc.", "Umbrella GmbH"]


def test_any_spreadsheet_through_a_remembered_mapping(
    qtbot, home: DataFolder, open_window, runner, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    sheet_file = tmp_path / "prospects.xlsx"
    workbook = Workbook()
    workbook.active.append(["Firm", "Web", "Deal value"])
    workbook.active.append(["Acme Rockets", "acme.example", 750000])
    workbook.save(sheet_file)
    window = open_window(home)
    dialog = _dialog(qtbot, window, runner, sheet_file)
    assert "Not a format we know" in dialog.detected.text()
    for field, column in (("company", "Firm"), ("website", "Web"), ("amount", "Deal value")):
        combo = dialog.columns[field]
        combo.setCurrentIndex(combo.findData(column))
    dialog.run_import()
    qtbot.waitUntil(lambda: runner.idle and "Added 1 whales" in dialog.preview_text.toPlainText())
    assert _whales(home) == ["Acme Rockets"]
    again = _dialog(qtbot, window, runner, sheet_file)
    assert again.columns["amount"].currentData() == "Deal value"  # remembered


def test_cancelling_keeps_nothing(qtbot, home: DataFolder, open_window, runner) -> None:
    import threading

    window = open_window(home)
    dialog = _dialog(qtbot, window, runner, DATA / "hubspot_companies.csv")
    gate = threading.Event()
    runner.run(gate.wait)  # hold the worker so Cancel lands before the import starts
    dialog.run_import()
    dialog._cancelled = True  # what the progress dialog's Cancel button does
    gate.set()
    qtbot.waitUntil(lambda: runner.idle and "cancelled" in dialog.preview_text.toPlainText())
    assert _whales(home) == []


def test_whales_export_as_csv_from_the_app(
    qtbot, demo_home: DataFolder, open_window, runner, tmp_path: Path
) -> None:
    window = open_window(demo_home)
    out = tmp_path / "whales.csv"
    window.export_csv(str(out))
    qtbot.waitUntil(lambda: runner.idle and out.exists())
    lines = out.read_text().splitlines()
    assert lines[0].startswith("id,name,web_domain") and len(lines) == 61
