from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontDatabase, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from warroom.paths import DataFolder
from warroom.ui.actions import GO_KEYS
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
    for key, name in zip(GO_KEYS, SECTIONS, strict=True):
        sequence = QKeySequence(key)[0]
        qtbot.keyClick(window, sequence.key(), sequence.keyboardModifiers())
        assert window.current_section == name
        assert window.stack.currentWidget() is window.sections[name]
    assert window.who.text().startswith("Me: ")


def test_only_the_section_shown_is_built_and_one_built_late_shows_the_book_as_it_is(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: after opening, only the section shown is built; the Team section, built when
    its key first shows it, after the book opened, loads its rows then."""
    window = open_window(demo_home)
    assert window.sections.built() == [window.stack.currentWidget()]
    keyboard.press(f"Ctrl+{SECTIONS.index('Team') + 1}")
    team = window.sections["Team"]
    qtbot.waitUntil(lambda: runner.idle and team.table.model().rowCount() > 0)
    assert window.stack.currentWidget() is team and len(window.sections.built()) == 2


def test_a_click_on_a_section_in_the_list_puts_the_keys_in_it(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: after clicking Closet in the list, R is the Closet's key (re-warm), not a jump
    to Reviews, the list's first item starting with R."""
    window = open_window(demo_home)
    item = window.nav.item(SECTIONS.index("Closet"))
    qtbot.mouseClick(
        window.nav.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.nav.visualItemRect(item).center(),
    )
    closet = window.sections["Closet"]
    qtbot.waitUntil(lambda: runner.idle and closet.model.rowCount() > 0)
    assert QApplication.focusWidget() is closet.table
    keyboard.press("R")
    assert window.current_section == "Closet"


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
    # The ones kept first are marked: a star and bold on the name, and a tip that says why.
    for row in (0, ten):
        name = model.index(row, 0)
        marked = name.data(Qt.ItemDataRole.DecorationRole) is not None
        assert marked == (row < ten)
        assert bool(name.data(Qt.ItemDataRole.FontRole)) == (row < ten)
        assert ("listed first" in name.data(Qt.ItemDataRole.ToolTipRole)) == (row < ten)


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


def test_the_window_remembers_its_size_and_section(
    qtbot, demo_home: DataFolder, open_window, monkeypatch
) -> None:
    window = open_window(demo_home)  # after lunch: before it, the app opens on Today
    window.resize(737, 571)  # within the offscreen screen (800x800), which clamps geometry
    size = (window.width(), window.height())
    assert size == (737, 571)
    window.show_section("Triggers")
    window.close()
    again = open_window(demo_home)
    assert again.current_section == "Triggers"
    assert (again.width(), again.height()) == size


def test_the_app_opens_on_today_in_the_morning_and_computes_no_other_section(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home, morning=True)
    today = window.sections["Today"]
    assert window.current_section == "Today" and today.isVisible()
    assert today.model.rowCount() >= 5  # the day's five, and any step due or fresh trigger
    # The Whales list (where the app was left) was never shown, so never read.
    assert not window.whales._loaded and window.whales.model.total == 0
    keyboard.press("Ctrl+2")
    qtbot.waitUntil(lambda: runner.idle and window.whales._loaded)
    assert window.whales.model.total == 60


def test_after_lunch_the_app_opens_where_it_was_left_and_leaves_today_unread(
    qtbot, demo_home: DataFolder, open_window
) -> None:
    window = open_window(demo_home)
    assert window.current_section == "Whales" and window.whales.model.total == 60
    assert window.sections["Today"].report is None


def test_the_coverage_column_fills_in_after_the_rows(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    from warroom.domain.coverage import GAPS

    window = open_window(demo_home)
    model = window.whales.model
    qtbot.waitUntil(lambda: runner.idle and model.rowCount() > 0)
    column = model.COVERAGE
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Coverage"
    qtbot.waitUntil(lambda: model.data(model.index(0, column)) != "")
    shown = {model.data(model.index(row, column)) for row in range(model.rowCount())}
    words = {word for text in shown for word in text.split("; ")}
    assert words <= {*GAPS, "covered"} and len(words) > 2


def test_a_figures_first_click_shows_the_biggest_first(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    """Pass: a click on Deal size lists the biggest deals first (after the top ten), a second
    click the smallest; a click on Stage then sorts A to Z."""
    window = open_window(demo_home)
    window.show_section("Whales")
    model, table = window.whales.model, window.whales.table
    qtbot.waitUntil(lambda: runner.idle and model.rowCount() > 20)
    header = table.horizontalHeader()

    def click(column: int) -> None:
        at = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at, 5))

    def sizes() -> list[int]:
        return [model._shown[r].deal_size for r in range(model.rowCount())][10:]  # past the ten

    click(2)
    assert sizes() == sorted(sizes(), reverse=True)
    click(2)
    assert sizes() == sorted(sizes())
    click(3)
    stages = [model._shown[r].stage for r in range(10, model.rowCount())]
    assert stages == sorted(stages)
