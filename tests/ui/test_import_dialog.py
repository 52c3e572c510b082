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


def _dialog(qtbot, window, runner, keyboard, path: Path):
    keyboard.press("Ctrl+I")
    dialog = window.file_actions.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    dialog.open_file(path)  # what choosing it in Choose… does
    qtbot.waitUntil(lambda: runner.idle and dialog.import_button.isEnabled())
    return dialog


def test_any_spreadsheet_through_a_remembered_mapping(
    qtbot, home: DataFolder, open_window, runner, keyboard, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    sheet_file = tmp_path / "prospects.xlsx"
    workbook = Workbook()
    workbook.active.append(["Firm", "Web", "Deal value"])
    workbook.active.append(["Acme Rockets", "acme.example", 750000])
    workbook.save(sheet_file)
    window = open_window(home)
    dialog = _dialog(qtbot, window, runner, keyboard, sheet_file)
    assert "Not a format we know" in dialog.detected.text()
    for field, column in (("company", "Firm"), ("website", "Web"), ("amount", "Deal value")):
        combo = dialog.columns[field]
        combo.setCurrentIndex(combo.findData(column))
    keyboard.press("Alt+I")
    qtbot.waitUntil(lambda: runner.idle and "Added 1 whales" in dialog.preview_text.toPlainText())
    assert _whales(home) == ["Acme Rockets"]
    dialog.reject()
    again = _dialog(qtbot, window, runner, keyboard, sheet_file)
    assert again.columns["amount"].currentData() == "Deal value"  # remembered


def test_cancelling_keeps_nothing(qtbot, home: DataFolder, open_window, runner, keyboard) -> None:
    import threading

    from PySide6.QtWidgets import QProgressDialog, QPushButton

    window = open_window(home)
    dialog = _dialog(qtbot, window, runner, keyboard, DATA / "hubspot_companies.csv")
    gate = threading.Event()
    runner.run(gate.wait)  # hold the worker so Cancel lands before the import starts
    try:
        keyboard.press("Alt+I")  # a button's letter clicks it a moment later, as it animates
        qtbot.waitUntil(lambda: bool(dialog.findChildren(QProgressDialog)))
        [progress] = dialog.findChildren(QProgressDialog)
        [cancel] = progress.findChildren(QPushButton)
        cancel.click()
    finally:
        gate.set()
    qtbot.waitUntil(lambda: runner.idle and "cancelled" in dialog.preview_text.toPlainText())
    assert _whales(home) == []
