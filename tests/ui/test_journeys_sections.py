"""Journeys through each section's own keys, pressed where the keyboard is, as a user would."""

from __future__ import annotations

import html
import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from warroom.paths import DataFolder
from warroom.ui.actions import GO_KEYS, SECTIONS


def _go(qtbot, window, runner, keyboard, name: str):  # type: ignore[no-untyped-def]
    keyboard.press(GO_KEYS[SECTIONS.index(name)])
    view = window.sections[name]
    qtbot.waitUntil(lambda: runner.idle and window.current_section == name)
    return view


# --- Go ----------------------------------------------------------------------------------------


@pytest.mark.action("go_today")
@pytest.mark.action("go_whales")
@pytest.mark.action("go_ocean")
@pytest.mark.action("go_cadences")
@pytest.mark.action("go_triggers")
@pytest.mark.action("go_reviews")
@pytest.mark.action("go_team")
@pytest.mark.action("go_war_room")
@pytest.mark.action("go_reports")
@pytest.mark.action("go_closet")
@pytest.mark.action("go_pipeline")
def test_ctrl_digits_go_to_each_section_and_the_keyboard_follows(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    for name in SECTIONS:
        view = _go(qtbot, window, runner, keyboard, name)
        assert window.stack.currentWidget() is view
        focus = QApplication.focusWidget()
        assert focus is not window.nav  # Down moves in the section, not to the next one
    assert window.who.text().startswith("Me: ")


@pytest.mark.action("find_whale")
@pytest.mark.action("filter_to_list")
@pytest.mark.action("open_only_match")
@pytest.mark.action("clear_filter")
def test_ctrl_f_filters_down_moves_in_and_enter_opens_the_only_match(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    _go(qtbot, window, runner, keyboard, "Today")
    keyboard.press("Ctrl+F")
    whales = window.whales
    assert window.current_section == "Whales" and QApplication.focusWidget() is whales.filter
    total = whales.model.rowCount()
    keyboard.type("ENERGY")
    assert 1 < whales.model.rowCount() < total
    keyboard.press("Down")
    assert QApplication.focusWidget() is whales.table
    assert whales.current_whale() == whales.model.whale_id(0)
    keyboard.press("Down")
    assert whales.current_whale() == whales.model.whale_id(1)
    keyboard.press("Ctrl+F")
    keyboard.press("Esc")
    assert whales.filter.text() == "" and whales.model.rowCount() == total
    only = whales.model.all_whales[5].name
    keyboard.type(only)
    assert whales.model.rowCount() == 1
    keyboard.press("Return")
    page = whales.page
    qtbot.waitUntil(lambda: page.page is not None and page.page.definition.name == only)
    assert QApplication.focusWidget() is not whales.filter


@pytest.mark.action("close_page")
@pytest.mark.action("open_page")
def test_esc_closes_the_page_and_return_opens_it_again_on_the_same_whale(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    whales = _go(qtbot, window, runner, keyboard, "Whales")
    keyboard.press("Down")  # the first key in the list selects a row, and its page opens
    keyboard.press("Down")
    chosen = whales.current_whale()
    page = whales.page
    qtbot.waitUntil(lambda: page.isVisible() and page.page is not None)
    assert page.page.whale_id == chosen
    keyboard.press("Return")
    assert page.isAncestorOf(QApplication.focusWidget()) or QApplication.focusWidget() is page
    keyboard.press("Esc")
    assert not page.isVisible() and QApplication.focusWidget() is whales.table
    assert whales.current_whale() == chosen  # the list stays on the whale
    keyboard.press("Return")
    qtbot.waitUntil(lambda: page.isVisible() and runner.idle)
    assert page.page.whale_id == chosen
    keyboard.press("Esc")
    keyboard.press("Down")  # moving on opens the next whale's page, as before
    qtbot.waitUntil(lambda: page.isVisible() and runner.idle)
    assert page.page.whale_id == whales.current_whale() != chosen
    assert QApplication.focusWidget() is whales.table
    keyboard.press("Esc")  # the keys are in the list: Esc closes the page from there too
    assert not page.isVisible() and QApplication.focusWidget() is whales.table
    closing = next(a for a in whales.table.actions() if a.objectName() == "close_page")
    assert not closing.isEnabled()  # nothing to close: not offered in the list's menu
    keyboard.press("Return")
    qtbot.waitUntil(lambda: page.isVisible() and runner.idle)
    assert closing.isEnabled()


# --- Today ---------------------------------------------------------------------------------


@pytest.mark.action("today_log")
def test_space_logs_the_suggested_touch_on_the_row_and_ctrl_z_takes_it_back(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Today")
    qtbot.waitUntil(lambda: view.report is not None)
    assert QApplication.focusWidget() is view.table
    row = next(r for r in view.report.rows if not r.done)
    view.table.selectRow(view.report.rows.index(row))
    before = dump_of(demo_home)
    keyboard.press("Space")
    qtbot.waitUntil(lambda: runner.idle)
    after = dump_of(demo_home)
    [touch] = [t for t in after["touches"] if t not in before["touches"]]
    assert (touch["whale_id"], touch["kind"]) == (row.whale.id, row.suggested_kind)
    takes_back(demo_home, before, after)


def _monday_morning(demo_home: DataFolder, monkeypatch, hour: int = 8, minute: int = 30):  # type: ignore[no-untyped-def]
    """The clock at a time of the demo rep's Monday, in the rep's own zone."""
    from datetime import UTC, date, datetime, time
    from zoneinfo import ZoneInfo

    from warroom import clock
    from warroom.services.book import Book
    from warroom.store.db import open_store

    store = open_store(demo_home.book)
    me = Book(store).me()
    store.close()
    assert me is not None
    at = datetime.combine(date(2026, 11, 23), time(hour, minute), ZoneInfo(me.timezone))
    monkeypatch.setattr(clock, "now", lambda: at.astimezone(UTC))
    return at


@pytest.mark.action("today_log")
def test_five_spaces_at_half_past_eight_make_the_day_on_the_rows_i_started_with(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, monkeypatch
) -> None:
    """Pass: Today opens on the first row not done; five Spaces check five rows in the order
    they stood, none moves, the bar says the day is made, and the cadence steps among them
    leave the due queue."""
    _monday_morning(demo_home, monkeypatch)
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Today")
    qtbot.waitUntil(lambda: view.report is not None)
    rows = view.report.rows
    order = [r.whale.id for r in rows]
    todo = [r for r in rows if not r.done][:5]
    assert len(todo) == 5
    assert view.current_whale() == todo[0].whale.id  # the keyboard starts on the first to do
    steps = {r.plan.step_ref for r in todo if r.rule == 1 and r.plan.step_ref}
    for _ in range(5):
        keyboard.press("Space")
    qtbot.waitUntil(lambda: runner.idle and sum(r.done for r in view.report.rows) >= 5)
    after = view.report.rows
    assert [r.whale.id for r in after][: len(order)] == order  # nothing moved
    assert all(r.done for r in after if r.whale.id in {t.whale.id for t in todo})
    assert view.progress.format().endswith("today is made")
    due = {s["id"]: s["status"] for s in dump_of(demo_home)["enrolment_steps"]}
    assert all(due[step] == "done" for step in steps)


@pytest.mark.action("today_log")
def test_space_on_a_checked_row_says_so_instead_of_logging_again(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, monkeypatch
) -> None:
    _monday_morning(demo_home, monkeypatch)
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Today")
    qtbot.waitUntil(lambda: view.report is not None)
    first = view.current_whale()
    keyboard.press("Space")
    qtbot.waitUntil(lambda: runner.idle)
    count = len(dump_of(demo_home)["touches"])
    view.table.selectRow([r.whale.id for r in view.report.rows].index(first))
    keyboard.press("Space")
    qtbot.waitUntil(lambda: runner.idle)
    assert "already touched today" in window.statusBar().currentMessage()
    assert len(dump_of(demo_home)["touches"]) == count


@pytest.mark.action("today_rebuild")
def test_r_plans_the_day_afresh_and_ctrl_z_brings_the_plan_before_back(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, monkeypatch
) -> None:
    _monday_morning(demo_home, monkeypatch)
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Today")
    qtbot.waitUntil(lambda: view.report is not None)
    morning = [r.whale.id for r in view.report.rows]
    view.table.selectRow(1)
    keyboard.press("S")  # a swap changes the plan; planning afresh puts the rules back
    qtbot.waitUntil(lambda: getattr(view, "swap_dialog", None) is not None)
    view.swap_dialog.reason.setFocus()
    keyboard.type("their CFO is at the conference")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and [r.whale.id for r in view.report.rows] != morning)
    swapped = dump_of(demo_home, plans=True)
    keyboard.press("R")
    qtbot.waitUntil(lambda: runner.idle)
    afresh = dump_of(demo_home, plans=True)
    assert [r.whale.id for r in view.report.rows] == morning
    assert afresh != swapped
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(lambda: runner.idle)
    assert dump_of(demo_home, plans=True) == swapped
    keyboard.press("Ctrl+Shift+Z")
    qtbot.waitUntil(lambda: runner.idle)
    assert dump_of(demo_home, plans=True) == afresh


@pytest.mark.action("today_log_other")
def test_enter_on_a_today_row_logs_another_kind_for_that_whale(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Today")
    qtbot.waitUntil(lambda: view.report is not None)
    at = next(n for n, r in enumerate(view.report.rows) if not r.done and n > 0)
    row = view.report.rows[at]
    view.table.selectRow(at)
    keyboard.press("Return")
    actions = window.whale_actions
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog.isVisible())
    assert actions.dialog.whale.currentData() == row.whale.id
    assert actions.dialog.kind.currentData() == row.suggested_kind
    before = {t["id"] for t in dump_of(demo_home)["touches"]}
    keyboard.press("O", "Return")
    qtbot.waitUntil(lambda: runner.idle and not actions.dialog.isVisible())
    [new] = [t for t in dump_of(demo_home)["touches"] if t["id"] not in before]
    assert (new["whale_id"], new["kind"]) == (row.whale.id, "onsite")
    # The keyboard moves on to the next row not done, as after Space; Ctrl+Z takes the touch
    # back and puts it on the row again, so Space would do it next.
    qtbot.waitUntil(lambda: view.report.rows[at].done)
    assert view.current_whale() != row.whale.id
    assert not view.report.rows[view.table.currentIndex().row()].done
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(lambda: runner.idle and not view.report.rows[at].done)
    assert view.current_whale() == row.whale.id


@pytest.mark.action("today_swap")
def test_s_swaps_a_row_for_another_whale_with_a_reason(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Today")
    qtbot.waitUntil(lambda: view.report is not None)
    view.table.selectRow(1)
    before = dump_of(demo_home)
    keyboard.press("S")
    qtbot.waitUntil(lambda: getattr(view, "swap_dialog", None) is not None)
    dialog = view.swap_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.reason.setFocus()
    keyboard.press("Return")
    assert "Say why" in dialog.error.text() and dialog.isVisible()
    keyboard.type("meeting their CFO at the conference")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    after = dump_of(demo_home)
    assert len(after["today_swaps"]) == len(before["today_swaps"]) + 1
    takes_back(demo_home, before, after)


@pytest.mark.action("today_swap")
def test_s_with_every_whale_on_the_list_says_so_instead_of_an_empty_choice(
    qtbot, home: DataFolder, open_window, runner, keyboard
) -> None:
    from warroom import clock
    from warroom.services.book import Book
    from warroom.store.db import open_store

    now = clock.now()
    store = open_store(home.ensure().book)
    book = Book(store)
    book.set_me("Dana Reyes", "UTC", now)
    for name in ("Northwind", "Contoso"):
        book.add_whale(name, now, deal_size=500_000)
    store.close()
    window = open_window(home)
    view = _go(qtbot, window, runner, keyboard, "Today")
    qtbot.waitUntil(lambda: view.report is not None and len(view.report.rows) == 2)
    view.table.selectRow(0)
    keyboard.press("S")
    qtbot.waitUntil(lambda: runner.idle)
    assert getattr(view, "swap_dialog", None) is None
    assert "No other whale to swap" in window.statusBar().currentMessage()


# --- a whale's page ----------------------------------------------------------------------


def _whale_page(qtbot, window, runner, keyboard):  # type: ignore[no-untyped-def]
    _go(qtbot, window, runner, keyboard, "Whales")
    keyboard.press("Ctrl+F", "Down")
    page = window.whales.page
    qtbot.waitUntil(lambda: page is not None and page.page is not None and runner.idle)
    return page


@pytest.mark.action("whale_decay")
@pytest.mark.action("whale_definition")
@pytest.mark.action("whale_people")
@pytest.mark.action("whale_timeline")
def test_alt_digits_show_each_tab_of_the_whale_page(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    page = _whale_page(qtbot, window, runner, keyboard)
    for key, tab in (
        ("Alt+2", page.definition),
        ("Alt+3", page.people),
        ("Alt+4", page.timeline),
        ("Alt+1", page.decay),
    ):
        keyboard.press(key)
        assert page.tabs.currentWidget() is tab


@pytest.mark.action("save_definition")
def test_ctrl_s_saves_the_definition_and_ctrl_z_restores_only_that_field(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    page = _whale_page(qtbot, window, runner, keyboard)
    keyboard.press("Alt+2")
    form = page.definition
    form.texts["why_now"].setFocus()
    form.texts["why_now"].selectAll()
    before = dump_of(demo_home)
    keyboard.type("New CFO wants 8% cost out")
    keyboard.press("Ctrl+S")
    qtbot.waitUntil(lambda: runner.idle)
    after = dump_of(demo_home)
    changed = [w for w in after["whales"] if w not in before["whales"]]
    assert [w["why_now"] for w in changed] == ["New CFO wants 8% cost out"]
    assert window.undo_action.text() == f"&Undo Edit {changed[0]['name']}: why now"
    page.tabs.setFocus()  # out of the text, whose own Ctrl+Z would take back the typing
    takes_back(demo_home, before, after)


@pytest.mark.action("save_definition")
def test_a_teammates_change_while_typing_keeps_the_typing_and_ctrl_s_saves_only_it(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    """Pass: with Why now typed and not saved, a change of the deal's amount arrives (as a
    sync or another window brings it); the typing stays, the amount shows, and Ctrl+S saves
    Why now without taking the amount back."""
    from warroom import clock
    from warroom.services.pipeline import Pipeline

    window = open_window(demo_home)
    page = _whale_page(qtbot, window, runner, keyboard)
    keyboard.press("Alt+2")
    form = page.definition
    whale_id = page.whale_id
    form.texts["why_now"].setFocus()
    form.texts["why_now"].selectAll()
    keyboard.type("Board wants a decision by March")
    runner.edit(
        "A teammate's amount",
        lambda book: Pipeline(book.book).edit_deal(whale_id, clock.now(), amount=4_321_000),
    )
    qtbot.waitUntil(lambda: runner.idle and form.deal_size.text() == "4,321,000")
    assert form.texts["why_now"].toPlainText() == "Board wants a decision by March"
    assert "what you typed is kept" in form.error.text()
    form.texts["why_now"].setFocus()
    keyboard.press("Ctrl+S")
    qtbot.waitUntil(lambda: runner.idle)
    after = dump_of(demo_home)
    [whale] = [w for w in after["whales"] if w["id"] == whale_id]
    assert whale["why_now"] == "Board wants a decision by March"
    sizes = [d["size"] for d in after["deals"] if d["whale_id"] == whale_id and not d["closed_on"]]
    assert sizes == [4_321_000]
    assert form.error.text() == ""


@pytest.mark.action("save_definition")
def test_a_new_close_date_and_stage_are_kept_in_the_deal_history_and_taken_back_whole(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    """Pass: Alt+X goes to the expected close, Ctrl+S saves it with the stage; the deal's
    history shows both changes with who made them; a date that is not one is refused by
    name; Ctrl+Z takes the edit and its history back together."""
    window = open_window(demo_home)
    page = _whale_page(qtbot, window, runner, keyboard)
    keyboard.press("Alt+2")
    form = page.definition
    before = dump_of(demo_home)
    keyboard.press("Alt+X")
    keyboard.type("31/03/2027")
    keyboard.press("Ctrl+S")
    qtbot.waitUntil(lambda: runner.idle)
    assert "expected close" in form.error.text() and dump_of(demo_home) == before
    form.close_on.selectAll()
    keyboard.type("2027-03-31")
    form.stage.setCurrentText(
        "negotiation" if form.stage.currentText() != "negotiation" else "proposal"
    )
    keyboard.press("Ctrl+S")
    qtbot.waitUntil(
        lambda: (
            runner.idle and "close date (none) -> 2027-03-31" in html.unescape(form.history.text())
        )
    )
    assert "stage " in form.history.text()
    after = dump_of(demo_home)
    assert sorted(c["field"] for c in after["deal_changes"]) == ["close_on", "stage"]
    page.tabs.setFocus()
    takes_back(demo_home, before, after)


@pytest.mark.action("save_definition")
def test_a_bad_definition_is_refused_with_a_message_and_nothing_saved(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    window = open_window(demo_home)
    page = _whale_page(qtbot, window, runner, keyboard)
    keyboard.press("Alt+2")
    before = dump_of(demo_home)
    page.definition.deal_size.setFocus()
    page.definition.deal_size.selectAll()
    keyboard.type("lots")
    keyboard.press("Ctrl+S")
    qtbot.waitUntil(lambda: runner.idle)
    assert "deal size" in page.definition.error.text()
    assert dump_of(demo_home) == before


@pytest.mark.action("add_person")
@pytest.mark.action("edit_person")
@pytest.mark.action("remove_person")
def test_ins_enter_and_del_add_edit_and_remove_stakeholders(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    page = _whale_page(qtbot, window, runner, keyboard)
    keyboard.press("Alt+3")
    people = page.people
    start = dump_of(demo_home)
    keyboard.press("Ins")
    qtbot.waitUntil(lambda: people.dialog.isVisible())
    keyboard.type("Dana Reyes")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not people.dialog.isVisible())
    added = dump_of(demo_home)
    assert "Dana Reyes" in {p["name"] for p in added["stakeholders"]}
    takes_back(demo_home, start, added)
    qtbot.waitUntil(lambda: runner.idle and people.model.rowCount() > 0)
    row = next(
        r for r in range(people.model.rowCount()) if people.model.record(r).name == "Dana Reyes"
    )
    people.table.selectRow(row)
    people.table.setFocus()
    keyboard.press("Return")
    qtbot.waitUntil(lambda: people.dialog.isVisible())
    people.dialog.title_edit.setFocus()
    keyboard.type("CFO")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not people.dialog.isVisible())
    edited = dump_of(demo_home)
    assert "CFO" in next(p["title"] for p in edited["stakeholders"] if p["name"] == "Dana Reyes")
    takes_back(demo_home, added, edited)
    qtbot.waitUntil(lambda: runner.idle)
    row = next(
        r for r in range(people.model.rowCount()) if people.model.record(r).name == "Dana Reyes"
    )
    people.table.selectRow(row)
    people.table.setFocus()
    keyboard.press("Del")
    qtbot.waitUntil(lambda: runner.idle)
    removed = dump_of(demo_home)
    assert "Dana Reyes" not in {p["name"] for p in removed["stakeholders"]}
    takes_back(demo_home, edited, removed)


@pytest.mark.action("add_person")
def test_a_person_just_added_is_the_one_selected_so_del_removes_them(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: Ins adds Dana Reyes and the table's keys are on her row (it had no current row,
    so Up then Del removed the economic buyer at the top); Del then removes Dana alone."""
    window = open_window(demo_home)
    page = _whale_page(qtbot, window, runner, keyboard)
    keyboard.press("Alt+3")
    people = page.people
    qtbot.waitUntil(lambda: runner.idle and people.model.rowCount() > 1)
    others = {people.model.record(r).name for r in range(people.model.rowCount())}
    keyboard.press("Ins")
    qtbot.waitUntil(lambda: people.dialog.isVisible())
    keyboard.type("Dana Reyes")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and people.model.rowCount() == len(others) + 1)
    assert people.table.currentIndex().isValid()
    assert people.model.record(people.table.currentIndex().row()).name == "Dana Reyes"
    people.table.setFocus()
    keyboard.press("Del")
    qtbot.waitUntil(lambda: runner.idle and people.model.rowCount() == len(others))
    assert {people.model.record(r).name for r in range(people.model.rowCount())} == others


@pytest.mark.action("edit_person")
def test_a_stakeholder_who_left_for_another_whale_raises_a_trigger_there_in_one_edit(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    """Pass: Enter on a stakeholder, Alt+O picks who they report to, Alt+F ticks 'left the
    account', Alt+W says where they went (another whale of ours); Return saves, with a
    'champion moved in' trigger at that whale; the page shows the org chart and coverage;
    Ctrl+Z takes the edit and the trigger back together."""
    window = open_window(demo_home)
    page = _whale_page(qtbot, window, runner, keyboard)
    keyboard.press("Alt+3")
    people = page.people
    qtbot.waitUntil(lambda: runner.idle and people.model.rowCount() > 1)
    assert people.gaps.text().startswith("<b>Coverage:</b>")
    before = dump_of(demo_home)
    elsewhere = next(w["name"] for w in before["whales"] if w["id"] != page.whale_id)
    people.table.selectRow(0)
    people.table.setFocus()
    moving = people.model.record(0)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: people.dialog.isVisible())
    dialog = people.dialog
    keyboard.press("Alt+O")
    dialog.reports_to.setCurrentIndex(1)  # the first colleague in the list
    boss = dialog.reports_to.currentData()
    keyboard.press("Alt+F")
    qtbot.waitUntil(dialog.left.isChecked)  # a mnemonic clicks as a press would, a beat later
    keyboard.press("Alt+W")
    keyboard.type(elsewhere)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    after = dump_of(demo_home)
    saved = next(p for p in after["stakeholders"] if p["id"] == moving.id)
    assert (saved["reports_to_id"], saved["now_at"]) == (boss, elsewhere) and saved["left_on"]
    [trigger] = [t for t in after["triggers"] if t not in before["triggers"]]
    assert trigger["kind"] == "champion_moved_in" and moving.name in trigger["note"]
    qtbot.waitUntil(
        lambda: (
            runner.idle
            and "left" in people.model.data(people.model.index(_row_of(people, moving.id), 8))
        )
    )
    takes_back(demo_home, before, after)


def _row_of(people, person_id: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(people.model.rowCount()) if people.model.record(r).id == person_id)


@pytest.mark.action("add_person")
def test_a_former_signer_brings_an_offer_whose_trigger_goes_with_the_stakeholder(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    window = open_window(demo_home)
    page = _whale_page(qtbot, window, runner, keyboard)
    keyboard.press("Alt+3")
    before = dump_of(demo_home)
    signers = [p for p in before["stakeholders"] if p["signed_before"]]
    assert signers, "the demo book has people who signed with us before"
    keyboard.press("Ins")
    people = page.people
    qtbot.waitUntil(lambda: people.dialog.isVisible())
    keyboard.type(signers[0]["name"])
    people.dialog.email.setText(signers[0]["email"])
    people.dialog.signed.setChecked(True)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: getattr(page, "offer", None) is not None and page.offer.isVisible())
    keyboard.press("Return")  # Yes
    qtbot.waitUntil(lambda: runner.idle)
    after = dump_of(demo_home)
    assert any(
        t["kind"] == "champion_moved_in" for t in after["triggers"] if t not in before["triggers"]
    )
    keyboard.press("Ctrl+Z")  # the stakeholder and the trigger it brought, together
    qtbot.waitUntil(lambda: runner.idle)
    assert dump_of(demo_home) == before


@pytest.mark.action("delete_touch")
def test_del_in_the_timeline_deletes_the_touch(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    page = _whale_page(qtbot, window, runner, keyboard)
    keyboard.press("Alt+4")
    timeline = page.timeline
    qtbot.waitUntil(lambda: timeline.model.rowCount() > 0)
    timeline.table.selectRow(0)
    gone = timeline.model.record(0).id
    before = dump_of(demo_home)
    keyboard.press("Del")
    qtbot.waitUntil(lambda: runner.idle)
    after = dump_of(demo_home)
    assert gone not in {t["id"] for t in after["touches"]}
    assert window.statusBar().currentMessage().startswith("Delete ")
    assert "Delete touch" not in window.statusBar().currentMessage()  # which one, by day
    takes_back(demo_home, before, after)


# --- Cadences ------------------------------------------------------------------------------


@pytest.mark.action("cadence_due")
@pytest.mark.action("cadence_enrolments")
@pytest.mark.action("cadence_templates")
@pytest.mark.action("cadence_follow")
def test_alt_digits_show_each_tab_of_cadences(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Cadences")
    for key, index in (("Alt+2", 1), ("Alt+3", 2), ("Alt+4", 3), ("Alt+1", 0)):
        keyboard.press(key)
        assert view.tabs.currentIndex() == index
    assert QApplication.focusWidget() is view.queue


@pytest.mark.action("step_do")
@pytest.mark.action("step_skip")
def test_d_does_a_due_step_and_k_skips_one(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Cadences")
    qtbot.waitUntil(lambda: runner.idle and bool(view.due))
    step_id = view.selected_step()
    before = dump_of(demo_home)
    person = view.queue.currentItem().text(0)
    keyboard.press("D")
    qtbot.waitUntil(lambda: runner.idle and step_id not in [i.step_id for i in view.due])
    after = dump_of(demo_home)
    assert len(after["touches"]) == len(before["touches"]) + 1  # its touch is logged
    said = window.statusBar().currentMessage()
    assert said.startswith("Do step ") and f"for {person}" in said  # not 'Do a cadence step'
    takes_back(demo_home, before, after)
    qtbot.waitUntil(lambda: runner.idle)
    skipped = view.selected_step()
    keyboard.press("K")
    qtbot.waitUntil(lambda: runner.idle and skipped not in [i.step_id for i in view.due])
    steps = {s["id"]: s for s in dump_of(demo_home)["enrolment_steps"]}
    assert steps[skipped]["status"] == "skipped"


@pytest.mark.action("enrolment_pause")
@pytest.mark.action("enrolment_stop")
def test_p_pauses_and_x_stops_an_enrolment(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Cadences")
    keyboard.press("Alt+2")
    qtbot.waitUntil(lambda: view.enrolments.rowCount() > 0)
    view.enrolment_table.selectRow(0)
    enrolment = view.enrolments.record(0)
    before = dump_of(demo_home)
    keyboard.press("P")
    qtbot.waitUntil(lambda: runner.idle)
    after = dump_of(demo_home)
    status = {e["id"]: e["status"] for e in after["enrolments"]}
    assert status[enrolment.id] != enrolment.status
    takes_back(demo_home, before, after)
    qtbot.waitUntil(lambda: runner.idle)
    view.enrolment_table.selectRow(0)
    target = view.enrolments.record(0).id
    keyboard.press("X")
    qtbot.waitUntil(
        lambda: getattr(view, "stop_dialog", None) is not None and view.stop_dialog.isVisible()
    )
    said = view.stop_dialog.labelText()
    if "no reply yet" in said:  # giving up early: how many tries were made, in words
        done = view.enrolments.record(0).done_steps
        assert said.startswith(f"Only {done} tr") and " made, with no reply yet." in said
    keyboard.type("they went with a rival")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not view.stop_dialog.isVisible())
    stopped = {e["id"]: e for e in dump_of(demo_home)["enrolments"]}[target]
    assert (stopped["status"], stopped["stop_reason"]) == ("stopped", "they went with a rival")


@pytest.mark.action("step_up")
@pytest.mark.action("step_down")
def test_ctrl_up_and_down_reorder_a_templates_steps(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Cadences")
    keyboard.press("Alt+3")
    editor = view.editor
    editor.chooser.setCurrentIndex(editor.chooser.findText("Trigger strike"))
    first, second = editor.entered_steps()[:2]
    editor.steps.setCurrentRow(0)
    editor.steps.setFocus()
    keyboard.press("Ctrl+Down")
    assert [s.id for s in editor.entered_steps()[:2]] == [second.id, first.id]
    keyboard.press("Ctrl+Up")
    assert [s.id for s in editor.entered_steps()[:2]] == [first.id, second.id]


# --- Triggers and Reviews ------------------------------------------------------------------


@pytest.mark.action("trigger_edit")
@pytest.mark.action("trigger_delete")
def test_enter_edits_and_del_deletes_a_trigger(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Triggers")
    qtbot.waitUntil(lambda: runner.idle and view.model.rowCount() > 0)
    assert QApplication.focusWidget() is view.table
    view.table.selectRow(0)
    item = view.model.record(0)
    before = dump_of(demo_home)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: getattr(view, "dialog", None) is not None and view.dialog.isVisible())
    view.dialog.note.setFocus()
    view.dialog.note.selectAll()
    keyboard.type("Read in the FT")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not view.dialog.isVisible())
    edited = dump_of(demo_home)
    notes = {t["id"]: t["note"] for t in edited["triggers"]}
    assert notes[item.trigger.id] == "Read in the FT"
    assert view.model.record(view.table.currentIndex().row()).trigger.id == item.trigger.id
    view.table.setFocus()
    takes_back(demo_home, before, edited)
    qtbot.waitUntil(lambda: runner.idle)
    view.table.selectRow(1)
    gone, next_one = (view.model.record(n).trigger.id for n in (1, 2))
    keyboard.press("Del")
    qtbot.waitUntil(lambda: runner.idle)
    deleted = dump_of(demo_home)
    assert gone not in {t["id"] for t in deleted["triggers"]}
    # The list stays where the rep was: on the trigger that took the deleted one's place.
    assert view.model.record(view.table.currentIndex().row()).trigger.id == next_one
    takes_back(demo_home, edited, deleted)


def test_coverage_gaps_sit_beside_where_the_whale_stands_whole_in_their_tip(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Whales")
    qtbot.waitUntil(lambda: runner.idle and view.model.rowCount() > 0)
    model, header = view.model, view.table.horizontalHeader()
    assert header.visualIndex(model.COVERAGE) == header.visualIndex(model.STANDING) + 1
    row = next(r for r in range(model.rowCount()) if ";" in model.index(r, model.COVERAGE).data())
    cell = model.index(row, model.COVERAGE)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == cell.data()
    assert not view.table.wordWrap()  # one line a row: cut short, never two lines in one


@pytest.mark.action("pipeline_open")
def test_the_pipeline_says_what_moved_as_the_command_line_does_and_enter_opens_the_whale(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, capsys
) -> None:
    from warroom.cli import main

    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Pipeline")
    qtbot.waitUntil(lambda: runner.idle and "since" in view.headline.text().lower())
    assert QApplication.focusWidget() is view.table
    view.since.setCurrentIndex(view.since.findText("a quarter ago"))
    qtbot.waitUntil(lambda: runner.idle and view.model.rowCount() > 0)
    shown = {m.whale: m for m in view.model.records()}
    assert list(shown) == sorted(shown)  # by whale, A to Z
    assert main(["pipeline", "--since", _days_ago(91), "--json"]) == 0
    said = {w["whale"]: w for w in json.loads(capsys.readouterr().out)["whales"]}
    assert set(shown) == set(said)  # the command line agrees with the app
    assert all(shown[n].pushes == said[n]["pushes"] for n in said)
    assert "moved" in view.headline.text()
    view.table.setFocus()
    view.table.selectRow(0)
    chosen = view.model.record(0).whale_id
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and window.current_section == "Whales")
    assert window.whales.current_whale() == chosen


def _days_ago(days: int) -> str:
    from datetime import date, timedelta

    return (date.today() - timedelta(days=days)).isoformat()


def test_a_click_on_a_triggers_header_sorts_the_feed_and_keeps_the_selection(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Triggers")
    qtbot.waitUntil(lambda: runner.idle and view.model.rowCount() > 2)
    feed = view.model.records()
    assert [i.trigger.occurred_at for i in feed] == sorted(
        (i.trigger.occurred_at for i in feed), reverse=True
    )  # newest first, as it came
    view.table.selectRow(2)
    chosen = view.model.record(2).trigger.id
    header = view.table.horizontalHeader()
    column = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)].index(
        "Heat added"
    )
    where = QPoint(header.sectionViewportPosition(column) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    added = [i.added for i in view.model.records()]
    assert added == sorted(added)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=where)
    added = [i.added for i in view.model.records()]
    assert added == sorted(added, reverse=True)
    assert view.model.record(view.table.currentIndex().row()).trigger.id == chosen


@pytest.mark.action("review_write")
def test_enter_writes_the_review_of_a_closed_deal(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    view = _go(qtbot, window, runner, keyboard, "Reviews")
    qtbot.waitUntil(lambda: runner.idle and view.waiting.rowCount() > 0)
    # The section's key leaves the keyboard on the deals waiting, the first highlighted.
    assert QApplication.focusWidget() is view.waiting_table
    assert view.waiting_table.currentIndex().row() == 0
    before = dump_of(demo_home)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: getattr(view, "dialog", None) is not None and view.dialog.isVisible())
    view.dialog.primary.setCurrentIndex(view.dialog.primary.findData("timing_or_do_nothing"))
    view.dialog.quote.setFocus()
    keyboard.type("Not this year")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not view.dialog.isVisible())
    after = dump_of(demo_home)
    [review] = [r for r in after["reviews"] if r not in before["reviews"]]
    assert (review["primary_reason"], review["customer_quote"]) == (
        "timing_or_do_nothing",
        "Not this year",
    )
    view.waiting_table.setFocus()
    takes_back(demo_home, before, after)


# --- The closet ----------------------------------------------------------------------------


def _closet(qtbot, window, runner, keyboard):  # type: ignore[no-untyped-def]
    view = _go(qtbot, window, runner, keyboard, "Closet")
    qtbot.waitUntil(lambda: runner.idle and view.model.rowCount() > 0)
    assert QApplication.focusWidget() is view.table and view.table.currentIndex().row() == 0
    return view


@pytest.mark.action("closet_hold")
@pytest.mark.action("closet_lift")
def test_h_holds_a_closet_whale_with_why_and_del_lifts_it(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    view = _closet(qtbot, window, runner, keyboard)
    whale_id = view.current_whale()
    before = dump_of(demo_home)
    keyboard.press("H")
    qtbot.waitUntil(lambda: getattr(view, "dialog", None) is not None and view.dialog.isVisible())
    keyboard.type("Budget frozen until Q1")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and view.holds.rowCount() == 1)
    assert whale_id not in {r.whale.id for r in view.model.records()}
    after = dump_of(demo_home)
    [held] = [w for w in after["whales"] if w["id"] == whale_id]
    assert held["hold_reason"] == "Budget frozen until Q1" and held["held_until"]
    takes_back(demo_home, before, after)
    qtbot.waitUntil(lambda: runner.idle and view.holds.rowCount() == 1)
    view.holds_table.setFocus()
    keyboard.press("Del")
    qtbot.waitUntil(lambda: runner.idle and view.holds.rowCount() == 0)
    assert whale_id in {r.whale.id for r in view.model.records()}


@pytest.mark.action("closet_rewarm")
def test_r_rewarms_a_closet_whale_and_the_next_row_takes_its_place(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    view = _closet(qtbot, window, runner, keyboard)
    whale_id, rows = view.current_whale(), view.model.rowCount()
    before = dump_of(demo_home)
    keyboard.press("R")
    qtbot.waitUntil(lambda: runner.idle and view.model.rowCount() == rows - 1)
    assert "to re-warm" in window.statusBar().currentMessage()
    assert whale_id not in {r.whale.id for r in view.model.records()}
    assert "Being re-warmed" in view.rewarming.text()
    after = dump_of(demo_home)
    added = [e for e in after["enrolments"] if e not in before["enrolments"]]
    assert added and {e["whale_id"] for e in added} == {whale_id}
    takes_back(demo_home, before, after)


@pytest.mark.action("closet_close")
@pytest.mark.action("closet_open")
def test_c_closes_a_closet_deal_as_no_decision_and_enter_opens_a_whale(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    view = _closet(qtbot, window, runner, keyboard)
    whale_id = view.current_whale()
    before = dump_of(demo_home)
    keyboard.press("C")
    actions = window.whale_actions
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog.isVisible())
    dialog = actions.dialog
    assert dialog.outcome.currentData() == "no_decision"
    assert dialog.primary.currentData() == "timing_or_do_nothing"
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    after = dump_of(demo_home)
    [review] = [r for r in after["reviews"] if r not in before["reviews"]]
    assert (review["outcome"], review["primary_reason"]) == ("no_decision", "timing_or_do_nothing")
    qtbot.waitUntil(lambda: whale_id not in {r.whale.id for r in view.model.records()})
    takes_back(demo_home, before, after)
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(lambda: runner.idle and view.model.rowCount() > 0)
    view.table.setFocus()
    view.table.selectRow(0)
    first = view.current_whale()
    keyboard.press("Return")
    qtbot.waitUntil(lambda: window.current_section == "Whales")
    assert window.whales.current_whale() == first


def test_the_whale_filter_reads_names_without_their_accents(
    qtbot, home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: Ctrl+F, "muller" finds Müller GmbH and "NESTLE" Nestlé S.A. (the filter said "No
    whale matches" where the command line found them)."""
    from datetime import UTC, datetime

    from warroom.services.book import Book
    from warroom.store.db import open_store

    store = open_store(home.ensure().book)
    book = Book(store)
    for name in ("Müller GmbH", "Nestlé S.A.", "Globex"):
        book.add_whale(name, datetime.now(UTC))
    store.close()
    window = open_window(home)
    keyboard.press("Ctrl+F")
    whales = window.whales
    qtbot.waitUntil(lambda: runner.idle and whales.model.rowCount() == 3)
    for typed, found in (("muller", "Müller GmbH"), ("NESTLE", "Nestlé S.A.")):
        keyboard.press("Ctrl+A")
        keyboard.type(typed)
        assert [whales.model.index(r, 0).data() for r in range(whales.model.rowCount())] == [found]


def test_the_first_ctrl_f_after_opening_on_today_types_into_the_filter(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: the app opens on Today (before lunch); the first Ctrl+F builds the Whales list
    and the typing that follows goes into its filter, even while the rows load (it went to
    the list, whose type-ahead moved the selection, and the filter stayed empty)."""
    window = open_window(demo_home, morning=True)
    assert window.current_section == "Today"
    keyboard.press("Ctrl+F")
    keyboard.type("energ")
    whales = window.whales
    qtbot.waitUntil(lambda: runner.idle and whales.model.total > 0)
    assert whales.filter.text() == "energ"
    assert QApplication.focusWidget() is whales.filter
    assert 1 < whales.model.rowCount() < whales.model.total


def test_a_section_entered_before_its_rows_came_selects_the_first_when_they_do(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: Ctrl+5 goes to the Triggers while their rows load; once they are in, the first
    is selected, as a list given the focus with rows is (Del said "No trigger selected")."""
    window = open_window(demo_home)
    keyboard.press("Ctrl+5")
    view = window.sections["Triggers"]
    qtbot.waitUntil(lambda: runner.idle and view.model.rowCount() > 0)
    assert view.table.hasFocus()
    assert view.table.selectionModel().selectedRows()[0].row() == 0
