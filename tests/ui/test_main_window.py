from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QLabel

from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.store.db import open_store
from warroom.ui.main_window import SECTIONS

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_a_real_font_is_installed(qapp) -> None:
    # Without one Qt draws every glyph as an empty box and says nothing (RECIPES.md).
    assert QFontDatabase.families()


def test_many_calls_returning_none_do_not_crash_the_interpreter(qapp) -> None:
    # PySide6 6.12.0 on Python 3.11 aborts after ~5,000 of these (RECIPES.md).
    label = QLabel()
    for i in range(20_000):
        label.setText(str(i))
    assert label.text() == "19999"


def test_the_window_opens_on_the_demo_book_and_visits_every_section(
    qtbot, demo_home: DataFolder, open_window
) -> None:
    window = open_window(demo_home)
    assert window.whales.model.rowCount() >= 55
    for number, name in enumerate(SECTIONS, start=1):
        qtbot.keyClick(window, Qt.Key.Key_0 + number, Qt.KeyboardModifier.ControlModifier)
        assert window.current_section == name
        assert window.stack.currentWidget() is window.sections[name]
    assert window.who.text().startswith("Me: ")


def test_filter_as_you_type_narrows_the_whales(qtbot, demo_home: DataFolder, open_window) -> None:
    window = open_window(demo_home)
    window.show_section("Whales")
    view = window.whales
    total = view.model.rowCount()
    qtbot.keyClicks(view.filter, "ENERGY")
    shown = view.model.rowCount()
    assert 0 < shown < total
    names = [view.model.index(row, 0).data() for row in range(shown)]
    owners = [view.model.index(row, 1).data() for row in range(shown)]
    solutions = [view.model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole) for row in range(shown)]
    assert all(
        "energy" in f"{n} {o} {s}".lower() for n, o, s in zip(names, owners, solutions, strict=True)
    )
    assert view.count.text() == f"{shown} of {total} whales"
    view.filter.clear()
    assert view.model.rowCount() == total


def test_sorting_by_deal_size_puts_the_biggest_first(demo_home: DataFolder, open_window) -> None:
    window = open_window(demo_home)
    table = window.whales.table
    table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    model = window.whales.model
    sizes = [
        int(model.index(row, 2).data().split()[0].replace(",", "") or 0)
        for row in range(model.rowCount())
        if model.index(row, 2).data()
    ]
    tops = [
        model._shown[row].top_ten for row in range(model.rowCount()) if model.index(row, 2).data()
    ]
    ten = tops.count(True)
    assert tops == [True] * ten + [False] * (len(tops) - ten)  # the top ten come first
    assert sizes[:ten] == sorted(sizes[:ten], reverse=True)
    assert sizes[ten:] == sorted(sizes[ten:], reverse=True)


def test_the_whales_model_passes_qts_model_checks(
    qtmodeltester, demo_home: DataFolder, open_window
) -> None:
    window = open_window(demo_home)
    qtmodeltester.check(window.whales.model)


def test_an_empty_book_shows_what_to_do(home: DataFolder, open_window) -> None:
    window = open_window(home)
    window.show_section("Whales")
    assert window.whales.empty.isVisible()
    assert "warroom demo" in window.whales.empty.text()


def test_a_touch_logged_elsewhere_refreshes_the_list(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    model = window.whales.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 8).data() == "0")
    name = model.index(row, 0).data()
    book = window.book
    assert book is not None
    runner.run(lambda: book.log_touch(name, "call_attempt", NOW, NOW))
    qtbot.waitUntil(lambda: runner.idle and model.index(row, 8).data() == "1")


def test_settings_are_saved_from_the_dialog(qtbot, home: DataFolder, open_window, runner) -> None:
    window = open_window(home)
    window.open_settings()
    qtbot.waitUntil(
        lambda: (
            getattr(window, "settings_dialog", None) is not None
            and window.settings_dialog.isVisible()
        )
    )
    dialog = window.settings_dialog
    dialog.me.setCurrentText("Avery Chen")
    dialog.team_name.setText("Enterprise East")
    dialog.currency.setText("xx")
    dialog.accept()
    assert "three-letter" in dialog.error.text() and dialog.isVisible()
    dialog.currency.setText("eur")
    dialog.accept()
    qtbot.waitUntil(lambda: runner.idle and window.who.text() == "Me: Avery Chen")
    store = open_store(home.book)
    team = Book(store).team_settings()
    store.close()
    assert (team.team_name, team.currency) == ("Enterprise East", "EUR")


def test_the_window_remembers_its_size_and_section(
    qtbot, demo_home: DataFolder, open_window
) -> None:
    window = open_window(demo_home)
    window.resize(737, 571)  # within the offscreen screen (800x800), which clamps geometry
    size = (window.width(), window.height())
    assert size == (737, 571)
    window.show_section("Triggers")
    window.close()
    again = open_window(demo_home)
    assert again.current_section == "Triggers"
    assert (again.width(), again.height()) == size


def test_the_decay_table_is_edited_in_the_settings(
    qtbot, home: DataFolder, open_window, runner
) -> None:
    window = open_window(home)
    window.open_settings()
    qtbot.waitUntil(
        lambda: (
            getattr(window, "settings_dialog", None) is not None
            and window.settings_dialog.isVisible()
        )
    )
    dialog = window.settings_dialog
    dialog.me.setCurrentText("Avery Chen")
    dialog.pages.setCurrentWidget(dialog.decay)
    dialog.decay.half_life.setValue(21)
    dialog.decay.watermark.setValue(0.4)
    dialog.decay.touch_strengths["meeting"].setValue(0.7)
    dialog.decay.learn.setChecked(False)
    dialog.accept()
    qtbot.waitUntil(lambda: runner.idle and "saved" in window.statusBar().currentMessage())
    store = open_store(home.book)
    saved = Book(store).decay.settings()
    store.close()
    assert (saved.params.half_life_days, saved.params.watermark, saved.learn) == (21, 0.4, False)
    assert saved.params.touch_strengths["meeting"] == 0.7


def test_a_new_whale_is_written_down_and_ctrl_z_takes_it_back(
    qtbot, home: DataFolder, open_window, runner
) -> None:
    window = open_window(home)
    model = window.whales.model
    window.new_whale("Globex")
    qtbot.waitUntil(lambda: runner.idle and model.rowCount() == 1)
    assert model.index(0, 0).data() == "Globex"
    assert window.current_section == "Whales"
    qtbot.waitUntil(lambda: window.whales.page is not None and window.whales.page.page is not None)
    assert window.whales.page.page.definition.name == "Globex"  # its page opens to fill in
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: runner.idle and model.rowCount() == 0)
    window.undo_stack.redo()
    qtbot.waitUntil(lambda: runner.idle and model.rowCount() == 1)


def test_deleting_a_whale_can_be_undone(qtbot, demo_home: DataFolder, open_window, runner) -> None:
    window = open_window(demo_home)
    model = window.whales.model
    total = model.rowCount()
    whale_id = model.all_whales[0].id
    window.whales.select_whale(whale_id)
    window.delete_whale()
    qtbot.waitUntil(lambda: runner.idle and model.rowCount() == total - 1)
    assert whale_id not in {w.id for w in model.all_whales}
    page = window.whales.page
    assert page is not None
    qtbot.waitUntil(lambda: page.isHidden())  # its page goes away, without an error box
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: runner.idle and model.rowCount() == total)
