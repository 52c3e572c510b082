"""The whales workspace driven as a rep would: find, log in three keys, take it back, edit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

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


def test_three_keys_log_a_touch_and_undo_redo_take_it_back_and_forth(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    view, _page = _open(qtbot, window, runner, row=3)
    whale_id = view.current_whale()
    before = _touches(demo_home, whale_id)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # 1
    dialog = window.log_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog.kind, Qt.Key.Key_M)  # 2: "Meeting"
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Return)  # 3
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    assert _touches(demo_home, whale_id) == before + 1
    store = open_store(demo_home.book)
    newest = Book(store).workspace.page(whale_id).timeline[0]
    store.close()
    assert newest.kind == "meeting"
    # The window manager gives focus back once the dialog closes; offscreen we do it.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.table.setFocus()  # a focused text field keeps Ctrl+Z for its own typing
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: runner.idle)
    assert _touches(demo_home, whale_id) == before
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view.table, Qt.Key.Key_Z, redo)
    qtbot.waitUntil(lambda: runner.idle)
    assert _touches(demo_home, whale_id) == before + 1


def test_a_bad_definition_is_refused_with_a_message_and_nothing_saved(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    _view, page = _open(qtbot, window, runner)
    before = page.page.definition
    form = page.definition
    form.deal_size.setText("a lot")
    form.texts["why_now"].setPlainText("changed")
    form.save()
    assert "deal size" in form.error.text()
    qtbot.waitUntil(lambda: runner.idle)
    assert window.undo_stack.count() == 0
    store = open_store(demo_home.book)
    assert Book(store).workspace.page(page.whale_id).definition == before
    store.close()


def test_a_definition_edit_saves_and_undoes(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    _view, page = _open(qtbot, window, runner)
    page.definition.texts["why_now"].setPlainText("New CFO wants 8% cost out")
    page.definition.save()
    qtbot.waitUntil(lambda: runner.idle and page.page.definition.why_now.startswith("New CFO"))
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: runner.idle and not page.page.definition.why_now.startswith("New"))


def test_the_eleventh_top_ten_whale_is_refused(
    qtbot, demo_home: DataFolder, open_window, runner, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    window = open_window(demo_home)
    view = window.whales
    row = next(r for r in range(view.model.rowCount()) if not view.model._shown[r].top_ten)
    _view, page = _open(qtbot, window, runner, row=row)
    page.definition.top_ten.setChecked(True)
    page.definition.texts["exact_deal"].setPlainText("Three-year licence")
    page.definition.save()
    qtbot.waitUntil(lambda: runner.idle and bool(shown))
    assert "top ten is full" in shown[0]
    assert window.undo_stack.count() == 0
    assert sum(w.top_ten for w in view.model.all_whales) == 10


def test_adding_a_former_signer_offers_the_trigger(
    qtbot, demo_home: DataFolder, open_window, runner, monkeypatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    window = open_window(demo_home)
    _view, page = _open(qtbot, window, runner)
    people = page.people
    people.add_new()
    dialog = people.dialog
    dialog.name.setText("Dana Reyes")
    dialog.title_edit.setText("CFO")
    dialog.signed.setChecked(True)
    dialog.moved_from.setText("signed our SOW at Acme")
    dialog.accept()
    qtbot.waitUntil(
        lambda: runner.idle and any(p.name == "Dana Reyes" for p in page.page.stakeholders)
    )
    store = open_store(demo_home.book)
    triggers = Book(store).decay.whale(page.whale_id, datetime.now(UTC)).events
    store.close()
    assert any(e.kind == "champion_moved_in" and "Dana Reyes" in e.note for e in triggers)
    window.undo_stack.undo()
    qtbot.waitUntil(
        lambda: runner.idle and all(p.name != "Dana Reyes" for p in page.page.stakeholders)
    )


@pytest.mark.parametrize("keys", ["F1", "?"])
def test_the_shortcut_help_lists_the_keys(qtbot, demo_home: DataFolder, open_window, keys) -> None:
    window = open_window(demo_home)
    window.nav.setFocus()
    if keys == "F1":
        qtbot.keyClick(window.nav, Qt.Key.Key_F1)
    else:
        qtbot.keyClick(window.nav, Qt.Key.Key_Question)
    qtbot.waitUntil(
        lambda: (
            getattr(window, "shortcuts_dialog", None) is not None
            and window.shortcuts_dialog.isVisible()
        )
    )
    text = window.shortcuts_dialog.table.text()
    assert "Ctrl+L" in text and "Ctrl+Z" in text and "Ins / Enter / Del" in text
