"""Journeys through the Edit menu's keys, pressed on the real window as a user presses them;
after every edit, Ctrl+Z puts the book back exactly and Ctrl+Shift+Z puts the edit back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel

from warroom.domain.kinds import TOUCH_KEYS
from warroom.paths import DataFolder


def _dialog(qtbot, window, title: str):  # type: ignore[no-untyped-def]
    actions = window.whale_actions
    qtbot.waitUntil(
        lambda: (
            actions.dialog is not None
            and actions.dialog.isVisible()
            and title in actions.dialog.windowTitle()
        )
    )
    return actions.dialog


def _select_first_whale(qtbot, window, keyboard, runner) -> str:  # type: ignore[no-untyped-def]
    window.show_section("Whales")
    keyboard.press("Ctrl+F")
    keyboard.press("Down")  # from the filter into the list, on its first row
    whales = window.whales
    qtbot.waitUntil(lambda: whales.page is not None and whales.page.page is not None)
    qtbot.waitUntil(lambda: runner.idle)
    whale_id = whales.current_whale()
    assert whale_id is not None
    return whale_id


@pytest.mark.action("new_whale")
@pytest.mark.action("log_touch")
def test_a_new_user_adds_a_whale_and_logs_a_call_in_six_keys(
    qtbot, home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    """The empty book says "Ctrl+N adds a whale": Ctrl+N, a name, Enter, then Ctrl+L, c,
    Enter logs a call attempt on the new whale; Ctrl+Z takes each back exactly."""
    window = open_window(home, first_run=True)
    qtbot.waitUntil(lambda: window.first_run_dialog() is not None)
    keyboard.type("Avery Chen")
    window.first_run_dialog().starts.buttons()[1].setChecked(True)  # an empty book
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and window.who.text() == "Me: Avery Chen")
    assert "Ctrl+N" in window.whales.empty.text()
    empty = dump_of(home)
    keyboard.press("Ctrl+N")
    _dialog(qtbot, window, "New whale")
    keyboard.type("Globex")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 1)
    assert window.whales.model.index(0, 0).data() == "Globex"
    page = window.whales.page
    qtbot.waitUntil(lambda: page is not None and page.page is not None)  # its page opens
    with_whale = dump_of(home)
    keyboard.press("Ctrl+L")
    dialog = _dialog(qtbot, window, "Log a touch")
    assert dialog.whale.currentText() == "Globex"
    keyboard.press("C", "Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    touched = dump_of(home)
    [touch] = touched["touches"]
    assert touch["kind"] == "call_attempt"
    assert touch["whale_id"] == window.whales.current_whale()
    assert "Logged call attempt on Globex" in window.statusBar().currentMessage()
    assert window.undo_action.text() == "&Undo Log call attempt on Globex"
    takes_back(home, with_whale, touched)
    keyboard.press("Ctrl+Z", "Ctrl+Z")  # the touch, then the whale
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 0)
    assert dump_of(home) == empty
    keyboard.press("Ctrl+Shift+Z")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 1)
    assert dump_of(home) == with_whale


@pytest.mark.action("new_whale")
def test_ctrl_n_says_when_the_company_is_already_a_whale_and_save_again_adds_it(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    window = open_window(demo_home)
    before = len(dump_of(demo_home)["whales"])
    keyboard.press("Ctrl+N")
    dialog = _dialog(qtbot, window, "New whale")
    keyboard.type("keystone rail freight, inc.")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and "already in the book" in dialog.error.text())
    assert "'Keystone Rail Freight'" in dialog.error.text() and dialog.isVisible()
    assert "Save again to add" in dialog.error.text()
    assert len(dump_of(demo_home)["whales"]) == before
    keyboard.press("Return")  # said once: Save again adds it anyway
    qtbot.waitUntil(lambda: runner.idle and len(dump_of(demo_home)["whales"]) == before + 1)


@pytest.mark.action("touch_kind")
@pytest.mark.parametrize(("key", "kind"), TOUCH_KEYS)
def test_each_kind_has_its_letter_in_the_touch_dialog(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, key, kind
) -> None:
    window = open_window(demo_home)
    whale_id = _select_first_whale(qtbot, window, keyboard, runner)
    before = {t["id"] for t in dump_of(demo_home)["touches"]}
    keyboard.press("Ctrl+L")
    dialog = _dialog(qtbot, window, "Log a touch")
    assert f"{key}   " in dialog.kind.itemText(dialog.kind.findData(kind))  # shown beside it
    keyboard.press(key.upper() if key.isalpha() else key, "Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    [new] = [t for t in dump_of(demo_home)["touches"] if t["id"] not in before]
    assert (new["kind"], new["whale_id"]) == (kind, whale_id)


@pytest.mark.action("log_touch")
def test_ctrl_l_with_no_whale_selected_asks_which_my_own_first(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    window = open_window(demo_home)
    window.show_section("Ocean")  # nothing selected anywhere
    keyboard.press("Ctrl+L")
    dialog = _dialog(qtbot, window, "Log a touch")
    assert dialog.whale.currentIndex() == -1 and dialog.whale.currentText() == ""
    assert QApplication.focusWidget() in (dialog.whale, dialog.whale.lineEdit())
    me = window.who.text().removeprefix("Me: ")
    mine = {w.name for w in window.whales.model.all_whales if w.owner == me}
    assert dialog.whale.itemText(0) in mine  # my whales come first
    keyboard.press("Return")
    assert "which whale" in dialog.error.text() and dialog.isVisible()
    name = dialog.whale.itemText(0)
    keyboard.type(name[:-1])
    dialog.whale.setCurrentIndex(0)  # the completer's pick, as Enter in its list does
    keyboard.press("Tab", "M", "Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    touches = dump_of(demo_home)["touches"]
    assert any(t["kind"] == "meeting" for t in touches)


@pytest.mark.action("log_touch")
def test_ctrl_l_on_an_empty_book_says_what_to_do_first(
    qtbot, home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(home)
    keyboard.press("Ctrl+L")
    qtbot.waitUntil(lambda: runner.idle)
    assert "Add a whale first" in window.statusBar().currentMessage()
    assert window.whale_actions.dialog is None


@pytest.mark.action("log_trigger")
def test_ctrl_t_logs_a_trigger_at_the_selected_whale(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    whale_id = _select_first_whale(qtbot, window, keyboard, runner)
    before = dump_of(demo_home)
    keyboard.press("Ctrl+T")
    dialog = _dialog(qtbot, window, "Log a trigger")
    dialog.kind.setCurrentIndex(dialog.kind.findData("leadership_change"))
    # From the date, Tab goes on to the next fields (not the date's parts) and the note.
    dialog.when.setFocus()
    keyboard.press("Tab", "Tab")
    assert QApplication.focusWidget() is dialog.note
    keyboard.type("New CFO")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    after = dump_of(demo_home)
    [new] = [t for t in after["triggers"] if t not in before["triggers"]]
    assert (new["whale_id"], new["kind"], new["note"]) == (whale_id, "leadership_change", "New CFO")
    name = next(w["name"] for w in after["whales"] if w["id"] == whale_id)
    assert window.undo_action.text() == f"&Undo Log leadership change at {name}"
    takes_back(demo_home, before, after)


@pytest.mark.action("enrol")
def test_ctrl_e_on_a_whale_page_enrols_and_ctrl_z_takes_back_only_that(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    _select_first_whale(qtbot, window, keyboard, runner)
    # An earlier, unrelated edit: a stakeholder added on the page.
    keyboard.press("Alt+3", "Ins")
    person = window.whales.page.people.dialog
    qtbot.waitUntil(lambda: person.isVisible())
    keyboard.type("Dana Reyes")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not person.isVisible())
    before = dump_of(demo_home)
    keyboard.press("Ctrl+E")
    dialog = _dialog(qtbot, window, "Enrol")
    qtbot.waitUntil(lambda: dialog.people.count() > 0)
    for row in range(dialog.people.count()):  # Dana, just added, in no cadence yet
        if dialog.people.item(row).text().startswith("Dana Reyes"):
            dialog.people.item(row).setCheckState(Qt.CheckState.Checked)
    dialog.accept()  # OK, as Enter in the list would not: Enter there ticks nothing
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    after = dump_of(demo_home)
    assert len(after["enrolments"]) > len(before["enrolments"])
    takes_back(demo_home, before, after)
    keyboard.press("Ctrl+Z")  # the enrolment, then the stakeholder: one step each
    qtbot.waitUntil(lambda: runner.idle)
    assert dump_of(demo_home) == before
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(lambda: runner.idle)
    assert "Dana Reyes" not in {p["name"] for p in dump_of(demo_home)["stakeholders"]}


@pytest.mark.action("enrol")
def test_ctrl_e_offers_no_one_already_in_a_cadence_and_no_goes_back_to_the_choice(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    from PySide6.QtWidgets import QMessageBox

    running = next(e for e in dump_of(demo_home)["enrolments"] if e["status"] == "active")
    window = open_window(demo_home)
    window.open_whale(running["whale_id"])
    qtbot.waitUntil(lambda: runner.idle and window.whales.current_whale() == running["whale_id"])
    keyboard.press("Ctrl+E")
    dialog = _dialog(qtbot, window, "Enrol")
    qtbot.waitUntil(lambda: dialog.people.count() > 0)
    items = [dialog.people.item(n) for n in range(dialog.people.count())]
    busy = next(i for i in items if i.data(Qt.ItemDataRole.UserRole) == running["stakeholder_id"])
    assert "(in " in busy.text() and busy.checkState() == Qt.CheckState.Unchecked
    busy.setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    actions = window.whale_actions
    qtbot.waitUntil(lambda: getattr(actions, "question", None) is not None)
    qtbot.waitUntil(actions.question.isVisible)
    actions.question.button(QMessageBox.StandardButton.No).click()
    qtbot.waitUntil(dialog.isVisible)  # back to the choice, to untick them
    assert busy.checkState() == Qt.CheckState.Checked


@pytest.mark.action("delete_whale")
def test_ctrl_delete_deletes_the_whale_and_its_page_goes(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    whale_id = _select_first_whale(qtbot, window, keyboard, runner)
    before = dump_of(demo_home)
    total = window.whales.model.rowCount()
    keyboard.press("Ctrl+Del")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == total - 1)
    page = window.whales.page
    qtbot.waitUntil(lambda: page.isHidden())
    after = dump_of(demo_home)
    assert whale_id not in {w["id"] for w in after["whales"]}
    assert "Ctrl+Z brings it back" in window.statusBar().currentMessage()
    takes_back(demo_home, before, after)


@pytest.mark.action("close_deal")
def test_ctrl_shift_c_closes_the_deal_with_its_review(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    whale_id = _select_first_whale(qtbot, window, keyboard, runner)
    before = dump_of(demo_home)
    keyboard.press("Ctrl+Shift+C")
    dialog = _dialog(qtbot, window, "Close the deal")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("lost"))
    dialog.primary.setCurrentIndex(dialog.primary.findData("price"))
    dialog.quote.setFocus()
    keyboard.type("Too dear")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    after = dump_of(demo_home)
    [review] = [r for r in after["reviews"] if r not in before["reviews"]]
    assert (review["outcome"], review["primary_reason"]) == ("lost", "price")
    deals = [d for d in after["deals"] if d["whale_id"] == whale_id and d["outcome"] == "lost"]
    assert deals
    takes_back(demo_home, before, after)


@pytest.mark.action("close_ok")
def test_ctrl_return_in_the_lesson_closes_the_deal(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    """Pass: with the keys in "What we would do differently" (where Return starts a new
    line), Ctrl+Return closes the deal with the lesson as typed, two lines and all."""
    window = open_window(demo_home)
    whale_id = _select_first_whale(qtbot, window, keyboard, runner)
    keyboard.press("Ctrl+Shift+C")
    dialog = _dialog(qtbot, window, "Close the deal")
    dialog.primary.setCurrentIndex(dialog.primary.findData("timing_or_do_nothing"))
    dialog.differently.setFocus()
    keyboard.type("Find the CFO")
    keyboard.press("Return")
    keyboard.type("earlier")
    keyboard.press("Ctrl+Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    [review] = [
        r for r in dump_of(demo_home)["reviews"] if r["do_differently"] == "Find the CFO\nearlier"
    ]
    deal = next(d for d in dump_of(demo_home)["deals"] if d["id"] == review["deal_id"])
    assert deal["whale_id"] == whale_id


@pytest.mark.action("delete_whale")
def test_ctrl_delete_in_a_text_field_deletes_a_word_not_the_whale(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    window = open_window(demo_home)
    _select_first_whale(qtbot, window, keyboard, runner)
    keyboard.press("Alt+2")
    name = window.whales.page.definition.name
    name.setFocus()
    name.setCursorPosition(0)
    before = dump_of(demo_home)
    keyboard.press("Ctrl+Del")
    qtbot.waitUntil(lambda: runner.idle)
    assert dump_of(demo_home) == before
    assert name.text() != window.whales.page.page.definition.name  # a word went from the field


@pytest.mark.action("close_deal")
@pytest.mark.action("delete_whale")
def test_whale_keys_with_nothing_selected_say_why_not(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    window = open_window(demo_home)
    window.show_section("Ocean")
    before = dump_of(demo_home)
    for keys in ("Ctrl+Shift+C", "Ctrl+Del"):
        keyboard.press(keys)
        qtbot.waitUntil(lambda: runner.idle)
        assert "Select a whale first" in window.statusBar().currentMessage()
    assert dump_of(demo_home) == before


@pytest.mark.action("undo")
@pytest.mark.action("redo")
def test_undo_and_redo_say_what_they_did_and_when_there_is_nothing(
    qtbot, home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(home)
    keyboard.press("Ctrl+Z")
    assert window.statusBar().currentMessage() == "Nothing to undo"
    keyboard.press("Ctrl+Y")
    assert window.statusBar().currentMessage() == "Nothing to redo"
    keyboard.press("Ctrl+N")
    _dialog(qtbot, window, "New whale")
    keyboard.type("Initech")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 1)
    assert window.undo_action.text() == "&Undo New whale Initech"
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 0)
    assert window.statusBar().currentMessage() == "Undid: New whale Initech"
    assert window.redo_action.text() == "&Redo New whale Initech"
    keyboard.press("Ctrl+Y")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 1)
    assert window.statusBar().currentMessage() == "Redid: New whale Initech"


@pytest.mark.action("undo")
def test_a_failed_undo_says_why_and_can_be_tried_again(
    qtbot, home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    window = open_window(home)
    keyboard.press("Ctrl+N")
    _dialog(qtbot, window, "New whale")
    keyboard.type("Globex")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 1)
    window.whales.table.setFocus()  # in a text field Ctrl+Del deletes a word, not the whale
    keyboard.press("Ctrl+Del")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 0)
    # Another Globex arrives from outside (the command line) while this one is deleted.
    from datetime import UTC, datetime

    from warroom.services.book import Book
    from warroom.store.db import open_store

    store = open_store(home.book)
    other = Book(store).add_whale("Globex", datetime.now(UTC)).value
    store.close()
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 1)
    before = dump_of(home)
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(lambda: runner.idle)
    assert "rename it first" in window.statusBar().currentMessage()
    assert dump_of(home) == before
    assert window.undo_action.text() == "&Undo Delete Globex"  # still there to try again
    store = open_store(home.book)
    Book(store).workspace.set_whale_deleted(other, True, datetime.now(UTC))
    store.close()
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 1)


@pytest.mark.action("find_duplicates")
@pytest.mark.action("merge_pair")
def test_ctrl_shift_d_finds_a_whale_written_twice_and_enter_merges_it(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    from PySide6.QtCore import Qt

    from warroom.cli import main

    # Written down twice, as two reps offline do (the command line says so, hence --anyway).
    assert main(["add-whale", "HUMONGOUS INSURANCE, Inc.", "--deal-size", "5000", "--anyway"]) == 0
    window = open_window(demo_home)
    before = dump_of(demo_home)
    keyboard.press("Ctrl+Shift+D")
    qtbot.waitUntil(
        lambda: (
            getattr(window, "duplicates", None) is not None
            and window.duplicates.model.rowCount() == 1
        )
    )
    dialog = window.duplicates
    keyboard.press("Return")
    qtbot.waitUntil(lambda: dialog.merge_dialog is not None and dialog.merge_dialog.isVisible())
    merge = dialog.merge_dialog
    assert merge.windowTitle() == "Merge HUMONGOUS INSURANCE, Inc. into Humongous Insurance"
    # Both have an open deal: the dialog says what happens to the one not chosen.
    said = " ".join(label.text() for label in merge.findChildren(QLabel))
    assert "keeps one open deal" in said and "Ctrl+Z brings it back" in said
    qtbot.mouseClick(merge.choices["name"].button(1), Qt.MouseButton.LeftButton)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and dialog.model.rowCount() == 0)
    assert "written down once" in dialog.count.text()
    after = dump_of(demo_home)
    names = {w["name"] for w in after["whales"]}
    assert "HUMONGOUS INSURANCE, Inc." in names and "Humongous Insurance" not in names
    assert len(after["whales"]) == len(before["whales"]) - 1
    keyboard.press("Esc")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    takes_back(demo_home, before, after)


@pytest.mark.action("log_touch")
def test_a_sort_keeps_the_selection_on_its_whale_and_ctrl_l_logs_on_it(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: a whale clicked in the list, then a click on the Whale header (the list turns
    over), stays the selected and current row wherever it moved, its page stays open, and
    Ctrl+L offers that whale: the highlight had stayed on the row, another whale."""
    window = open_window(demo_home)
    window.show_section("Whales")
    whales = window.whales
    qtbot.waitUntil(lambda: runner.idle and whales.model.rowCount() > 20)
    table = whales.table
    third = table.visualRect(whales.model.index(2, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=third)
    qtbot.waitUntil(lambda: whales.page is not None and whales.page.page is not None)
    clicked = whales.current_whale()
    name = next(w.name for w in whales.model.all_whales if w.id == clicked)
    header = table.horizontalHeader()
    at = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(at, 5))
    qtbot.waitUntil(lambda: runner.idle)
    assert whales.model.whale_id(2) != clicked  # the list did turn over
    assert whales.current_whale() == clicked
    assert whales.model.whale_id(table.currentIndex().row()) == clicked
    keyboard.press("Ctrl+L")
    dialog = _dialog(qtbot, window, "Log a touch")
    assert dialog.whale.currentText() == name
    keyboard.press("Escape")


@pytest.mark.action("hold_whale")
def test_ctrl_shift_h_holds_the_whale_from_anywhere_until_a_monday(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    """Pass: a warm whale (not in the closet) is held from the Whales list with Ctrl+Shift+H:
    the dialog names it and offers a weekday a quarter on; Return with a reason holds it, and
    Ctrl+Z takes the hold back."""
    from datetime import date

    window = open_window(demo_home)
    whale_id = _select_first_whale(qtbot, window, keyboard, runner)
    before = dump_of(demo_home)
    keyboard.press("Ctrl+Shift+H")
    dialog = _dialog(qtbot, window, "Hold")
    offered = dialog.until.date()
    assert date(offered.year(), offered.month(), offered.day()).isoweekday() <= 5
    keyboard.type("Budget frozen until April")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    after = dump_of(demo_home)
    [held] = [w for w in after["whales"] if w["id"] == whale_id]
    assert held["hold_reason"] == "Budget frozen until April" and held["held_until"]
    whales = window.sections["Whales"]
    stands = [name for name, _ in whales.model.COLUMNS].index("Where it stands")

    def standing() -> str:
        [row] = [r for r in range(whales.model.rowCount()) if whales.model.whale_id(r) == whale_id]
        return str(whales.model.index(row, stands).data())

    # The list says so: a held whale is not hunted, whatever its heat.
    until = offered.toPython()
    year = "" if until.year == date.today().year else f" {until.year}"
    qtbot.waitUntil(lambda: standing() == f"on hold until {until:%a %d %b}{year}")
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(lambda: runner.idle and not standing().startswith("on hold"))
    keyboard.press("Ctrl+Shift+Z")
    qtbot.waitUntil(lambda: runner.idle and standing().startswith("on hold"))
    takes_back(demo_home, before, after)


@pytest.mark.action("log_touch")
def test_ctrl_l_logs_a_meeting_with_two_people_as_two_threads(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    """Pass: Ctrl+L on a whale, M for a meeting, Alt+T picks the first person, Alt+A and
    Down, Space ticks a second one there too, Return: one meeting, with both (Ctrl+L named
    one person, so a meeting with two was one thread in coverage); Ctrl+Z takes it back."""
    import json

    window = open_window(demo_home)
    whale_id = _select_first_whale(qtbot, window, keyboard, runner)
    before = dump_of(demo_home)
    keyboard.press("Ctrl+L")
    dialog = _dialog(qtbot, window, "Log a touch")
    qtbot.waitUntil(lambda: dialog.others.count() >= 2)
    keyboard.press("M")
    dialog.person.setCurrentIndex(1)  # as Alt+T and Down pick the first person
    keyboard.press("Alt+A")
    assert dialog.others.hasFocus()
    keyboard.press("Down", "Space")
    second = dialog.others.item(1).data(Qt.ItemDataRole.UserRole)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    after = dump_of(demo_home)
    [touch] = [t for t in after["touches"] if t["id"] not in {b["id"] for b in before["touches"]}]
    assert touch["whale_id"] == whale_id and touch["kind"] == "meeting"
    assert touch["stakeholder_id"] == dialog.person.itemData(1)
    assert json.loads(touch["also_with"]) == [second]
    takes_back(demo_home, before, after)
