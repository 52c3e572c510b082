"""Bringing a book in from the app: detected format, mapping, preview, import, cancel."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

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
    assert "No column says it holds the company" in dialog.detected.text()
    for field, column in (("company", "Firm"), ("website", "Web"), ("amount", "Deal value")):
        combo = dialog.columns[field]
        combo.setCurrentIndex(combo.findData(column))
    keyboard.press("Alt+I")
    qtbot.waitUntil(
        lambda: runner.idle and "Added 1 whale and" in dialog.preview_text.toPlainText()
    )
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


def test_the_preview_says_how_the_file_was_read_and_a_stage_can_be_read_our_way(
    qtbot, home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: Alt+P previews a HubSpot file: the text says UTF-8, commas and the number style,
    and a box per stage shows ours; the unknown stage, set to proposal and previewed again
    (Alt+P: it said proposal, and the import then read it as identified), imports as
    proposal (Alt+I), and the choice is remembered for the next file."""
    window = open_window(home)
    imports = DATA / "imports" / "hubspot_internal_stages.csv"
    dialog = _dialog(qtbot, window, runner, keyboard, imports)
    keyboard.press("Alt+P")
    qtbot.waitUntil(
        lambda: runner.idle and "Would add 4 whales" in dialog.preview_text.toPlainText()
    )
    text = dialog.preview_text.toPlainText()
    assert "UTF-8; fields separated by commas; amounts read as 1,234.56" in text
    assert "'Our Own Weird Stage' (1 row): not a stage we know" in text
    assert dialog.stages["appointmentscheduled"].currentText() == "engaged"
    unknown = dialog.stages["Our Own Weird Stage"]
    assert unknown.currentText() == "identified"
    unknown.setCurrentText("proposal")
    keyboard.press("Alt+P")
    qtbot.waitUntil(
        lambda: (
            runner.idle
            and "'Our Own Weird Stage' (1 row): read as proposal"
            in (dialog.preview_text.toPlainText())
        )
    )
    keyboard.press("Alt+I")
    qtbot.waitUntil(lambda: runner.idle and "Added 4 whales" in dialog.preview_text.toPlainText())
    store = open_store(home.book)
    try:
        stages = {w.name: w.stage for w in Book(store).whales(datetime.now(UTC))}
    finally:
        store.close()
    assert stages["Delta"] == "proposal" and stages["Acme"] == "engaged"
    dialog.reject()
    again = _dialog(qtbot, window, runner, keyboard, imports)
    keyboard.press("Alt+P")
    qtbot.waitUntil(lambda: runner.idle and bool(again.stages))
    assert again.stages["Our Own Weird Stage"].currentText() == "proposal"


def test_a_bad_stored_setting_is_named_in_the_status_bar_on_open(
    qtbot, home: DataFolder, open_window
) -> None:
    """Pass: a book holding `decay.params = "not json"` opens, lists its whales, and the status
    bar names the setting and how to reset it."""
    import sqlite3
    from contextlib import closing

    store = open_store(home.ensure().book)
    Book(store).add_whale("Globex", datetime.now(UTC))
    store.close()
    with closing(sqlite3.connect(home.book)) as conn:
        conn.execute(
            "INSERT INTO settings (id, value, created_at, updated_at) VALUES"
            " ('decay.params', 'not json', '2026-11-23 09:00:00', '2026-11-23 09:00:00')"
        )
        conn.commit()
    window = open_window(home)
    qtbot.waitUntil(lambda: "decay.params" in window.statusBar().currentMessage())
    assert "warroom settings reset decay.params" in window.statusBar().currentMessage()


def test_escape_during_an_import_cancels_it_and_keeps_nothing(
    qtbot, home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: Escape while an import runs does what Cancel does: the import stops, the dialog
    stays open to say so, and no whale is kept."""
    import threading

    window = open_window(home)
    dialog = _dialog(qtbot, window, runner, keyboard, DATA / "hubspot_companies.csv")
    gate = threading.Event()
    runner.run(gate.wait)  # hold the worker so Escape lands while the import waits to run
    try:
        keyboard.press("Alt+I")
        qtbot.waitUntil(lambda: dialog._running)
        keyboard.press("Escape")
    finally:
        gate.set()
    qtbot.waitUntil(lambda: runner.idle and "cancelled" in dialog.preview_text.toPlainText())
    assert dialog.isVisible() and _whales(home) == []


def test_a_typed_path_is_read_on_return_or_tab_and_a_bad_file_clears_the_last_ones_columns(
    qtbot, home: DataFolder, open_window, runner, keyboard, tmp_path: Path
) -> None:
    window = open_window(home)
    keyboard.press("Ctrl+I")
    qtbot.waitUntil(lambda: window.file_actions.dialog is not None)
    dialog = window.file_actions.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.activateWindow()
    dialog.path.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.path)
    keyboard.type(str(DATA / "imports" / "pipedrive_deals.csv"))
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and dialog.import_button.isEnabled())
    assert "Pipedrive deals" in dialog.detected.text()
    assert dialog.columns["company"].currentData() == "Organization - Name"
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    keyboard.press("Ctrl+A")
    keyboard.type(str(empty))
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and "empty" in dialog.preview_text.toPlainText())
    assert not dialog.import_button.isEnabled() and dialog.columns["company"].count() == 0
    # Typed and left with Tab, as a new user does, it is read too.
    keyboard.press("Ctrl+A")
    keyboard.type(str(DATA / "imports" / "pipedrive_deals.csv"))
    keyboard.press("Tab")
    qtbot.waitUntil(lambda: runner.idle and dialog.import_button.isEnabled())
    assert "Pipedrive deals" in dialog.detected.text()
    # Imported, the button rests: a second press would find it all there.
    dialog.import_button.click()
    qtbot.waitUntil(lambda: runner.idle and "Added" in dialog.preview_text.toPlainText())
    assert not dialog.import_button.isEnabled() and dialog.preview_button.isEnabled()


def test_a_typed_path_then_alt_p_previews_it(
    qtbot, home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: Ctrl+I, the path typed, then straight to Alt+P: the file is read and previewed
    (Preview stayed disabled until Return, so its 'p' was typed onto the path)."""
    window = open_window(home)
    keyboard.press("Ctrl+I")
    dialog = window.file_actions.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    path = str(DATA / "hubspot_companies.csv")
    dialog.path.setFocus()
    keyboard.type(path)
    keyboard.press("Alt+P")
    qtbot.waitUntil(lambda: runner.idle and "Would add" in dialog.preview_text.toPlainText())
    assert dialog.path.text() == path
