"""First run, looks and About: a new user is walked in, never left at a blank screen."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication

from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.store.db import open_store
from warroom.ui.main_window import MainWindow


@pytest.fixture
def new_window(qtbot, home: DataFolder, runner):
    store = open_store(home.ensure().book)
    window = MainWindow(runner, home, ZoneInfo("UTC"))  # first run on
    window.show()
    window.attach_book(Book(store))
    qtbot.waitUntil(lambda: runner.idle and getattr(window, "welcome_dialog", None) is not None)
    yield window
    qtbot.waitUntil(lambda: runner.idle)
    window.close()
    window.book.store.close()


def _choose(dialog, start: str) -> None:
    for button in dialog.starts.buttons():
        if button.property("start") == start:
            button.setChecked(True)


def test_the_welcome_asks_who_i_am_and_starts_an_empty_book(
    qtbot, new_window, runner, home: DataFolder
) -> None:
    dialog = new_window.welcome_dialog
    assert dialog.isVisible()
    dialog.accept()
    assert "say who you are" in dialog.error.text() and dialog.isVisible()
    dialog.name.setText("Avery Chen")
    dialog.team.setText("Enterprise East")
    dialog.currency.setText("eur")
    _choose(dialog, "empty")
    dialog.accept()
    qtbot.waitUntil(lambda: runner.idle and new_window.who.text() == "Me: Avery Chen")
    assert new_window.current_section == "Whales"
    assert "No whales yet" in new_window.whales.empty.text()
    team = new_window.book.team_settings()
    assert (team.team_name, team.currency) == ("Enterprise East", "EUR")


def test_the_welcome_can_open_the_demo_book(qtbot, new_window, runner) -> None:
    dialog = new_window.welcome_dialog
    dialog.name.setText("Avery Chen")
    _choose(dialog, "demo")
    dialog.accept()
    qtbot.waitUntil(lambda: runner.idle and new_window.whales.model.total == 60, timeout=15_000)


def test_the_welcome_can_lead_to_an_import(qtbot, new_window, runner) -> None:
    dialog = new_window.welcome_dialog
    dialog.name.setText("Avery Chen")
    _choose(dialog, "import")
    dialog.accept()
    qtbot.waitUntil(
        lambda: (
            getattr(new_window, "import_dialog", None) is not None
            and new_window.import_dialog.isVisible()
        )
    )
    new_window.import_dialog.reject()


def test_a_book_with_whales_gets_no_welcome(qtbot, demo_home: DataFolder, runner) -> None:
    store = open_store(demo_home.book)
    window = MainWindow(runner, demo_home, ZoneInfo("UTC"))
    window.attach_book(Book(store))
    qtbot.waitUntil(lambda: runner.idle)
    assert getattr(window, "welcome_dialog", None) is None
    window.close()
    store.close()


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
