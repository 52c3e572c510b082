"""The whales workspace driven as a rep would: find, log in three keys, take it back, edit."""

from __future__ import annotations

from datetime import UTC, datetime

from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.store.db import open_store

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def _touches(home: DataFolder, whale_id: str) -> int:
    store = open_store(home.book)
    count = len(Book(store).workspace.page(whale_id).timeline)
    store.close()
    return count


def _open(qtbot, window, runner, row: int = 0):
    view = window.whales
    window.show_section("Whales")
    view.table.selectRow(row)
    qtbot.waitUntil(lambda: runner.idle and view.page is not None and view.page.page is not None)
    return view, view.page


def test_the_filter_finds_a_whale_by_a_stakeholders_name(
    qtbot, demo_home: DataFolder, open_window
) -> None:
    window = open_window(demo_home)
    view = window.whales
    target = view.model.all_whales[5]
    person = target.stakeholders.split(";")[0].strip()
    qtbot.keyClicks(view.filter, person.upper())
    names = [view.model.index(r, 0).data() for r in range(view.model.rowCount())]
    assert target.name in names and len(names) < view.model.total


def test_saved_views_narrow_the_list(qtbot, demo_home: DataFolder, open_window) -> None:
    window = open_window(demo_home)
    view = window.whales
    shown = {}
    for name in ("Top ten", "Never touched", "Sinking this week", "My whales"):
        view.view.setCurrentText(name)
        shown[name] = [view.model._shown[r] for r in range(view.model.rowCount())]
    assert len(shown["Top ten"]) == 10 and all(w.top_ten for w in shown["Top ten"])
    assert shown["Never touched"] and all(w.touch_count == 0 for w in shown["Never touched"])
    assert all(0 < w.days_to_sink <= 7 for w in shown["Sinking this week"])
    me = window.who.text().removeprefix("Me: ")
    assert shown["My whales"] and all(w.owner == me for w in shown["My whales"])


def test_the_eleventh_top_ten_whale_is_refused(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    view = window.whales
    row = next(r for r in range(view.model.rowCount()) if not view.model._shown[r].top_ten)
    _view, page = _open(qtbot, window, runner, row=row)
    keyboard.press("Alt+2")
    page.definition.top_ten.setChecked(True)
    page.definition.texts["exact_deal"].setPlainText("Three-year licence")
    keyboard.press("Ctrl+S")
    qtbot.waitUntil(lambda: runner.idle and getattr(window, "message", None) is not None)
    assert "top ten is full" in window.message.text()
    window.message.close()
    assert window.undo_action.text() == "&Undo"  # a refused edit leaves nothing to undo
    assert sum(w.top_ten for w in view.model.all_whales) == 10
