"""First run, looks and About: a new user is walked in, never left at a blank screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from warroom.paths import DataFolder


@pytest.fixture
def welcome(qtbot, home: DataFolder, open_window, runner, keyboard):
    """A new user's first start: the window opens on an empty book and the welcome asks."""
    window = open_window(home, first_run=True)
    first = window.first_run_dialog
    qtbot.waitUntil(lambda: first() is not None and first().isVisible())
    return window, first()


def _choose(dialog, start: str) -> None:
    for button in dialog.starts.buttons():
        if button.property("start") == start:
            button.setChecked(True)


def test_the_welcome_asks_who_i_am_and_starts_an_empty_book(
    qtbot, welcome, runner, home: DataFolder, keyboard, dump_of
) -> None:
    window, dialog = welcome
    keyboard.press("Return")
    assert "say who you are" in dialog.error.text() and dialog.isVisible()
    keyboard.type("Avery Chen")
    keyboard.press("Tab")
    keyboard.type("avery@ourco.example, avery.chen@gmail.com")
    keyboard.press("Tab")
    keyboard.type("Enterprise East")
    dialog.currency.setFocus()
    dialog.currency.selectAll()
    keyboard.type("eur")
    assert dialog.zone.currentText() == "UTC"  # the system's zone (TZ=UTC in the tests)
    dialog.zone.setFocus()
    dialog.zone.lineEdit().selectAll()
    keyboard.type("Tokyo")
    keyboard.press("Down", "Return")  # the suggestion Asia/Tokyo, picked from the list
    assert dialog.zone.currentText() == "Asia/Tokyo"
    _choose(dialog, "empty")
    dialog.name.setFocus()
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and window.who.text() == "Me: Avery Chen")
    assert window.current_section == "Whales"
    assert "No whales yet" in window.whales.empty.text()
    book = dump_of(home)
    settings = {row["id"]: row["value"] for row in book["settings"]}
    assert (settings["team.name"], settings["team.currency"]) == ('"Enterprise East"', '"EUR"')
    [rep] = book["reps"]
    assert (rep["name"], rep["timezone"]) == ("Avery Chen", "Asia/Tokyo")
    assert rep["email"] == "avery@ourco.example, avery.chen@gmail.com"  # capture tells my side
    assert window.undo_action.text() == "&Undo"  # the answers are set-up, not an edit
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(lambda: runner.idle)
    assert dump_of(home) == book


def test_the_welcome_can_open_the_demo_book_as_me(
    qtbot, welcome, runner, home: DataFolder, keyboard, dump_of
) -> None:
    window, dialog = welcome
    keyboard.type("Avery Chen")
    _choose(dialog, "demo")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.total == 60, timeout=15_000)
    qtbot.waitUntil(lambda: runner.idle and window.who.text() == "Me: Avery Chen")
    book = dump_of(home)
    assert "Avery Chen" in {rep["name"] for rep in book["reps"]}
    me = next(rep for rep in book["reps"] if rep["name"] == "Avery Chen")
    assert any(w["owner_id"] == me["id"] for w in book["whales"])  # the demo rep's whales


def test_the_welcome_can_lead_to_an_import(qtbot, welcome, runner, keyboard) -> None:
    window, dialog = welcome
    keyboard.type("Avery Chen")
    _choose(dialog, "import")
    keyboard.press("Return")
    files = window.file_actions
    qtbot.waitUntil(lambda: files.dialog is not None and files.dialog.isVisible())
    assert files.dialog.windowTitle() == "Import a book"
    files.dialog.reject()


def test_a_book_with_whales_gets_no_welcome(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home, first_run=True)
    qtbot.waitUntil(lambda: runner.idle)
    assert window.first_run_dialog() is None


def test_dark_and_light_themes_come_from_resources(qapp) -> None:
    from warroom.ui import themes

    assert themes.apply(qapp, "dark") == "dark"
    assert qapp.palette().window().color().name() == "#1b2229"
    assert "#11161b" in qapp.styleSheet()
    assert themes.apply(qapp, "light") == "light"
    assert "#f6f7f9" in QApplication.instance().styleSheet()
    assert themes.resolved("system") in ("light", "dark")
    qapp.setStyleSheet("")


def test_about_names_the_folders_and_the_licenses(qapp, home: DataFolder) -> None:
    from warroom.ui.dialogs.about import AboutDialog

    dialog = AboutDialog(home)
    text = dialog.text.text()
    assert str(home.book) in text and "SQLAlchemy" in text and "MIT" in text and "LGPL" in text
