"""Journeys through the File, Team and Help menus and the war room, and what undo must never
do: reach across a restore, revert a teammate's field, or miss an edit made elsewhere."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog

from warroom import clock
from warroom.paths import DataFolder
from warroom.services import backups
from warroom.services.book import Book
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.services.workspace import Workspace
from warroom.store.db import open_store

DATA = Path(__file__).parent.parent / "data"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _trigger(window, name: str) -> None:  # type: ignore[no-untyped-def]
    """A menu item without a key, chosen as Qt does when it is clicked (with `checked`)."""
    [action] = [a for a in window.menu_actions() if a.objectName() == name]
    action.trigger()


def _shown(qtbot, holder, attribute: str = "dialog"):  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: (
            getattr(holder, attribute, None) is not None and getattr(holder, attribute).isVisible()
        )
    )
    return getattr(holder, attribute)


# --- File ----------------------------------------------------------------------------------


@pytest.mark.action("settings")
def test_settings_save_in_one_edit_that_ctrl_z_takes_back_whole(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(demo_home)
    before = dump_of(demo_home)
    keyboard.press("Ctrl+,")
    dialog = _shown(qtbot, window.file_actions)
    dialog.team_name.setFocus()
    dialog.team_name.selectAll()
    keyboard.type("Enterprise East")
    dialog.currency.setFocus()
    dialog.currency.selectAll()
    keyboard.type("xx")
    keyboard.press("Return")
    assert "three-letter" in dialog.error.text() and dialog.isVisible()
    dialog.currency.selectAll()
    keyboard.type("eur")
    dialog.emails.setFocus()
    dialog.emails.selectAll()
    keyboard.type("me@ourco")
    keyboard.press("Return")
    assert "not an email address" in dialog.error.text() and dialog.isVisible()
    dialog.emails.selectAll()
    keyboard.type("me@ourco.example; me.too@gmail.com")
    keyboard.press("Alt+D")  # Workdays: Monday's box; Tab on to Saturday, Space ticks it
    qtbot.wait(300)  # a label's key clicks a box buddy after a moment (animateClick)
    assert QApplication.focusWidget() is dialog.workdays[0] and dialog.workdays[0].isChecked()
    for _ in range(5):
        keyboard.press("Tab")
    keyboard.press("Space")
    dialog.pages.setCurrentWidget(dialog.decay)
    dialog.decay.half_life.setValue(21)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    after = dump_of(demo_home)
    [me] = [row for row in after["reps"] if row not in before["reps"]]
    assert me["email"] == "me@ourco.example, me.too@gmail.com"
    assert me["workdays"] == "123456"
    settings = {row["id"]: row["value"] for row in after["settings"]}
    assert settings["team.name"] == '"Enterprise East"'
    assert settings["team.currency"] == '"EUR"'
    assert '"half_life_days": 21' in settings["decay.params"]
    assert "Settings saved" in window.statusBar().currentMessage()
    takes_back(demo_home, before, after)


@pytest.mark.action("import_book")
def test_ctrl_i_previews_then_imports_and_ctrl_z_takes_the_import_back_whole(
    qtbot, home: DataFolder, open_window, runner, keyboard, dump_of, takes_back
) -> None:
    window = open_window(home)
    store = open_store(home.book)
    Book(store).set_me("Avery Chen", "UTC", NOW)
    store.close()
    before = dump_of(home)
    keyboard.press("Ctrl+I")
    dialog = _shown(qtbot, window.file_actions)
    dialog.open_file(DATA / "salesforce_accounts.csv")  # what choosing it in Choose… does
    qtbot.waitUntil(lambda: runner.idle and dialog.import_button.isEnabled())
    assert "Salesforce accounts" in dialog.detected.text()
    keyboard.press("Alt+P")
    qtbot.waitUntil(lambda: runner.idle and "Would add 3" in dialog.preview_text.toPlainText())
    assert dump_of(home) == before
    keyboard.press("Alt+I")
    qtbot.waitUntil(lambda: runner.idle and "Added 3" in dialog.preview_text.toPlainText())
    dialog.reject()
    after = dump_of(home)
    assert len(after["whales"]) == 3
    takes_back(home, before, after)


@pytest.mark.action("export_csv")
def test_ctrl_shift_e_exports_the_whales_where_i_say(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, tmp_path: Path
) -> None:
    window = open_window(demo_home)
    keyboard.press("Ctrl+Shift+E")
    dialog = _shown(qtbot, window.file_actions)
    documents = dialog.directory().absolutePath()
    assert not documents.startswith(str(Path.cwd()))  # the user's documents, not ours
    out = tmp_path / "whales.csv"
    dialog.selectFile(str(out))
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and out.exists())
    lines = out.read_text(encoding="utf-8-sig").splitlines()  # with the BOM Excel needs
    assert lines[0].startswith("id,name,web_domain") and len(lines) == 61
    assert "Exported 60 whales" in window.statusBar().currentMessage()


@pytest.mark.action("print_report")
def test_ctrl_p_goes_to_reports_and_opens_the_print_dialog(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    keyboard.press("Ctrl+P")
    assert window.current_section == "Reports"
    dialog = _shown(qtbot, window.sections["Reports"], "print_dialog")
    dialog.reject()


@pytest.mark.action("backup_now")
def test_ctrl_shift_b_backs_up_and_says_where(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    keyboard.press("Ctrl+Shift+B")
    qtbot.waitUntil(lambda: runner.idle and "Backed up to" in window.statusBar().currentMessage())
    assert backups.list_backups(demo_home.backups)
    assert str(demo_home.backups) in window.statusBar().currentMessage()


@pytest.mark.action("restore_backup")
@pytest.mark.action("undo")
def test_a_restore_starts_a_new_journal_so_ctrl_z_cannot_reach_the_old_book(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    window = open_window(demo_home)
    saved = backups.backup(demo_home.book, demo_home.backups, clock.now())
    restored_dump = dump_of(demo_home)
    whales = window.whales
    keyboard.press("Ctrl+F", "Down")
    qtbot.waitUntil(lambda: runner.idle and whales.page is not None and bool(whales.page.page))
    keyboard.press("Ctrl+Del")  # an edit of a whale that the backup also holds
    qtbot.waitUntil(lambda: runner.idle and whales.model.rowCount() == 59)
    _trigger(window, "restore_backup")
    dialog = _shown(qtbot, window.safety, "restore_dialog")
    row = next(i for i in range(dialog.list.count()) if dialog.list.item(i).data(256) == str(saved))
    dialog.list.setCurrentRow(row)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and whales.model.rowCount() == 60)
    assert dump_of(demo_home) == restored_dump
    keyboard.press("Ctrl+Z")  # the delete belonged to the book before: nothing to take back
    qtbot.waitUntil(lambda: runner.idle)
    assert window.statusBar().currentMessage() == "Nothing to undo"
    assert dump_of(demo_home) == restored_dump


@pytest.mark.action("quit")
def test_ctrl_q_quits_and_an_edited_book_is_backed_up_on_the_way_out(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    keyboard.press("Ctrl+N")
    _shown(qtbot, window.whale_actions)
    keyboard.type("Fresh Whale")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.rowCount() == 61)
    keyboard.press("Ctrl+Q")
    qtbot.waitUntil(lambda: not window.isVisible())
    kinds = [reason for _, _, reason in backups.list_backups(demo_home.backups)]
    assert kinds.count(backups.AUTO) == 1


# --- Help ----------------------------------------------------------------------------------


@pytest.mark.action("shortcuts")
@pytest.mark.parametrize("key", ["F1", "?"])
def test_f1_lists_every_key_of_the_action_table(
    qtbot, demo_home: DataFolder, open_window, keyboard, key
) -> None:
    from warroom.ui import actions

    window = open_window(demo_home)
    keyboard.press(key)
    dialog = _shown(qtbot, window, "shortcuts_dialog")
    text = dialog.table.text()
    for spec in actions.ACTIONS:
        if spec.keys:
            assert spec.label in text, spec.name
    for needed in ("Space", "Ctrl+E", "Ctrl+P", "PgDown", "Alt+2"):
        assert needed in text


@pytest.mark.action("about")
def test_about_names_the_folders(qtbot, demo_home: DataFolder, open_window) -> None:
    window = open_window(demo_home)
    _trigger(window, "about")
    dialog = _shown(qtbot, window.file_actions)
    assert str(demo_home.book) in dialog.text.text()


# --- Team ----------------------------------------------------------------------------------


def _rep_book(tmp_path: Path, shared: Path, code: str):  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / "rep" / "book.sqlite")
    sync = Sync(store, TeamKeys(MemoryKeyring()), tmp_path / "rep")
    sync.join_team(shared, code, "Rae on laptop")
    Book(store).set_me("Rae Rep", "UTC", NOW)
    return store, sync


@pytest.fixture
def lead_home(tmp_path: Path) -> DataFolder:
    folder = DataFolder(tmp_path / "lead").ensure()
    store = open_store(folder.book)
    Book(store).set_me("Lee Lead", "UTC", NOW)
    Book(store).add_whale("Globex", NOW)
    store.close()
    return folder


@pytest.mark.action("sync_now")
@pytest.mark.action("sync_status")
@pytest.mark.action("create_team")
@pytest.mark.action("new_team_key")
@pytest.mark.action("republish")
def test_the_lead_creates_a_team_syncs_and_sees_the_reps_whales(
    qtbot, runner, open_window, lead_home: DataFolder, tmp_path: Path, keyboard
) -> None:
    keyring = MemoryKeyring()
    window = open_window(lead_home, keyring=lambda: keyring)
    shared = tmp_path / "Dropbox"
    shared.mkdir()
    team = window.team_sync
    qtbot.waitUntil(lambda: team.status is not None)
    assert team.button.text() == "Not in a team"
    keyboard.press("Ctrl+Shift+S")  # not in a team: the status says how to join one
    status = _shown(qtbot, team)
    assert status.create_button.isVisible() and not status.sync_button.isVisible()
    status.close()
    _trigger(window, "create_team")
    ask = _shown(qtbot, team, "team_dialog")
    keyboard.press("Return")  # no folder yet: refused in the dialog
    assert ask.isVisible() and "shared folder" in ask.error.text()
    ask.folder.edit.setFocus()
    keyboard.type(str(shared))
    keyboard.press("Return")
    code_dialog = _shown(qtbot, team, "code_dialog")
    code = code_dialog.code.text()
    assert len(code.split("-")) == 14
    code_dialog.accept()
    qtbot.waitUntil(lambda: runner.idle and not team.busy and "Synced" in team.button.text())
    rep_store, rep_sync = _rep_book(tmp_path, shared, code)
    Book(rep_store).add_whale("Initech", NOW, owner="Rae Rep")
    rep_sync.sync()
    keyboard.press("Ctrl+Shift+S")
    qtbot.waitUntil(lambda: runner.idle and not team.busy)
    qtbot.waitUntil(lambda: window.whales.model.rowCount() == 2)
    model = window.whales.model
    owners = {model.index(row, 0).data(): model.index(row, 1).data() for row in range(2)}
    assert owners == {"Globex": "Lee Lead", "Initech": "Rae Rep"}
    assert "1 other laptop" in team.button.text()
    keyboard.press("Ctrl+Shift+Y")
    status = _shown(qtbot, team)
    assert status.devices.item(0, 0).text() == "Rae on laptop"
    status.close()
    _trigger(window, "new_team_key")
    qtbot.waitUntil(lambda: runner.idle and team.code_dialog.code.text() != code)
    team.code_dialog.accept()
    _trigger(window, "republish")
    qtbot.waitUntil(lambda: runner.idle and not team.busy and "Synced" in team.button.text())
    rep_store.close()


def _lead_creates_a_team(qtbot, runner, open_window, home: DataFolder, keyboard):  # type: ignore[no-untyped-def]
    """Team > Create a team… in a folder "Dropbox" beside the book's folder, typed, and its
    recovery code's dialog closed once the first sync is done: the window, folder and code."""
    keyring = MemoryKeyring()
    window = open_window(home, keyring=lambda: keyring)
    shared = home.root.parent / "Dropbox"
    shared.mkdir()
    team = window.team_sync
    qtbot.waitUntil(lambda: team.status is not None)
    _trigger(window, "create_team")
    _shown(qtbot, team, "team_dialog").folder.edit.setFocus()
    keyboard.type(str(shared))
    keyboard.press("Return")
    code_dialog = _shown(qtbot, team, "code_dialog")
    code = code_dialog.code.text()
    code_dialog.accept()
    qtbot.waitUntil(lambda: runner.idle and not team.busy and "Synced" in team.button.text())
    return window, shared, code


@pytest.mark.action("move_team")
def test_the_lead_moves_the_folder_team_to_a_server_and_a_rep_follows(
    qtbot, runner, open_window, lead_home: DataFolder, tmp_path: Path, keyboard, pg_url: str
) -> None:
    """Pass: Team > Move the team… with the server's URL typed moves the team; the status
    names the server, the window syncs there, and a rep who joins there again with the same
    code gets the lead's whale."""
    window, shared, code = _lead_creates_a_team(qtbot, runner, open_window, lead_home, keyboard)
    team = window.team_sync
    rep_store, rep_sync = _rep_book(tmp_path, shared, code)
    _trigger(window, "move_team")
    ask = _shown(qtbot, team, "team_dialog")
    assert ask.windowTitle() == "Move the team"
    ask.folder.edit.setFocus()
    keyboard.type(pg_url)
    keyboard.press("Return")
    qtbot.waitUntil(
        lambda: (
            runner.idle
            and not team.busy
            and team.status is not None
            and team.status.shared == pg_url
            and "Synced" in team.button.text()
        )
    )
    assert window.statusBar().currentMessage().startswith(("Moved", "Synced"))
    assert "it syncs with " + pg_url in rep_sync.join_team(pg_url, code, "Rae")
    rep_sync.sync()
    names = [whale.name for whale in Book(rep_store).whales(NOW)]
    rep_store.close()
    assert names == ["Globex"]


def test_moving_the_team_copies_aside_while_the_book_keeps_answering(
    qtbot, runner, open_window, lead_home: DataFolder, tmp_path: Path, keyboard, monkeypatch
) -> None:
    """Pass: while Team > Move the team… copies the segments (held here, as a slow cloud
    folder would), the book's worker still answers the app and the window says it is moving;
    then the team is at the new folder."""
    window, _, _ = _lead_creates_a_team(qtbot, runner, open_window, lead_home, keyboard)
    team = window.team_sync
    new_home = tmp_path / "OneDrive"
    new_home.mkdir()
    copying, release = threading.Event(), threading.Event()
    move_files = Sync.move_files

    def held(self, moving):  # type: ignore[no-untyped-def]
        copying.set()
        assert release.wait(10)
        return move_files(self, moving)

    monkeypatch.setattr(Sync, "move_files", held)
    _trigger(window, "move_team")
    _shown(qtbot, team, "team_dialog").folder.edit.setFocus()
    keyboard.type(str(new_home))
    keyboard.press("Return")
    qtbot.waitUntil(copying.is_set)
    answered: list[int] = []
    runner.read(lambda book: len(book.book.whales(NOW)), answered.append)
    qtbot.waitUntil(lambda: bool(answered))  # the worker is free while the copy waits
    assert window.statusBar().currentMessage() == "Moving the team…"
    release.set()
    qtbot.waitUntil(
        lambda: runner.idle and team.status is not None and team.status.shared == str(new_home)
    )
    assert any(new_home.rglob("*"))  # the team's files are there (then it synced there)


@pytest.mark.action("join_team")
def test_a_rep_joins_with_the_code(
    qtbot, runner, open_window, home: DataFolder, tmp_path: Path, keyboard
) -> None:
    shared = tmp_path / "share"
    shared.mkdir()
    lead_store = open_store(tmp_path / "lead.sqlite")
    code = Sync(lead_store, TeamKeys(MemoryKeyring()), tmp_path / "lead").create_team(shared, "Lee")
    lead_store.close()
    keyring = MemoryKeyring()
    window = open_window(home, keyring=lambda: keyring)
    team = window.team_sync
    qtbot.waitUntil(lambda: team.status is not None)
    _trigger(window, "join_team")
    ask = _shown(qtbot, team, "team_dialog")
    ask.folder.edit.setFocus()
    keyboard.type(str(shared))
    ask.code.setFocus()
    keyboard.type(code)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not team.busy and "Synced" in team.button.text())


@pytest.mark.action("review_conflicts")
@pytest.mark.action("undo")
def test_two_versions_are_settled_and_undo_never_reverts_a_teammates_field(
    qtbot, runner, open_window, lead_home: DataFolder, tmp_path: Path, keyboard, dump_of
) -> None:
    shared = tmp_path / "share"
    shared.mkdir()
    keyring = MemoryKeyring()
    store = open_store(lead_home.book)
    lead_sync = Sync(store, TeamKeys(keyring), lead_home.root)
    code = lead_sync.create_team(shared, "Lee")
    rep_store, rep_sync = _rep_book(tmp_path, shared, code)
    whale = Book(store).resolve_whale("Globex")
    lead_sync.sync()
    rep_sync.sync()
    store.close()
    window = open_window(lead_home, keyring=lambda: keyring)
    team = window.team_sync
    # The lead writes the notes in the app; the rep edits why-now and the notes at once.
    keyboard.press("Ctrl+F", "Down")
    page = window.whales.page
    qtbot.waitUntil(lambda: runner.idle and page is not None and page.page is not None)
    keyboard.press("Alt+2")
    page.definition.texts["notes"].setFocus()
    keyboard.type("Lee's plan")
    page.definition.texts["competitors"].setFocus()
    keyboard.type("Initech")
    keyboard.press("Ctrl+S")
    qtbot.waitUntil(lambda: runner.idle)
    rep_page = Workspace(rep_store).page(whale)
    later = datetime.now(UTC)
    Workspace(rep_store).save_definition(
        whale, replace(rep_page.definition, notes="Rae's plan", why_now="Their CFO left"), later
    )
    rep_sync.sync()
    keyboard.press("Ctrl+Shift+S")
    qtbot.waitUntil(lambda: runner.idle and not team.busy and "to review" in team.button.text())
    page.tabs.setFocus()
    keyboard.press("Ctrl+Z")  # the lead's own edit: competitors and notes, not why-now
    qtbot.waitUntil(lambda: runner.idle)
    [row] = dump_of(lead_home)["whales"]
    assert row["why_now"] == "Their CFO left"  # the teammate's field stands
    assert row["competitors"] == ""  # the lead's own field went back
    _trigger(window, "review_conflicts")
    dialog = _shown(qtbot, team, "conflicts_dialog")
    qtbot.waitUntil(lambda: runner.idle)
    if dialog.list.count():
        dialog.take.click()
        qtbot.waitUntil(lambda: runner.idle and dialog.list.count() == 0)
    assert dialog.empty.isVisible() or dialog.list.count() == 0
    rep_store.close()


# --- edits made elsewhere ----------------------------------------------------------------


def test_a_whale_added_on_the_command_line_shows_in_the_open_app(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    """Pass: the whale appears in the list within two seconds, with no key pressed."""
    window = open_window(demo_home)
    from warroom.cli import main

    assert main(["add-whale", "Zeta Shipping", "--deal-size", "900k"]) == 0
    qtbot.waitUntil(
        lambda: "Zeta Shipping" in [w.name for w in window.whales.model.all_whales],
        timeout=2500,
    )
    assert QApplication.activeModalWidget() is None


def test_a_touch_and_a_deal_change_on_the_command_line_redraw_the_open_whales_page(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: with a whale's page open, a meeting logged and an amount changed from a terminal
    show on the page (its timeline, its deal) without the row being clicked again."""
    window = open_window(demo_home)
    keyboard.press("Ctrl+2")
    whales = window.whales
    qtbot.waitUntil(lambda: runner.idle and whales.model.rowCount() > 0)
    keyboard.press("Down")
    qtbot.waitUntil(lambda: whales.page is not None and whales.page.page is not None)
    page = whales.page
    shown = page.page
    from warroom.cli import main

    name = shown.definition.name
    assert main(["log-touch", name, "--kind", "meeting", "--note", "walked the floor"]) == 0
    qtbot.waitUntil(lambda: page.page.timeline[0].note == "walked the floor", timeout=3000)
    assert main(["deal", name, "--amount", "777k"]) == 0
    qtbot.waitUntil(lambda: page.page.definition.deal_size == 777_000, timeout=3000)


# --- the war room ------------------------------------------------------------------------


def _gone(widget) -> bool:  # type: ignore[no-untyped-def]
    """Closed: hidden, or deleted already (the war room deletes itself on close)."""
    import shiboken6

    return not shiboken6.isValid(widget) or not widget.isVisible()


def _war_room(qtbot, window, runner, keyboard):  # type: ignore[no-untyped-def]
    keyboard.press("F11")
    qtbot.waitUntil(
        lambda: (
            runner.idle
            and getattr(window, "war_room", None) is not None
            and window.war_room.deck is not None
        )
    )
    return window.war_room


@pytest.mark.action("war_room")
@pytest.mark.action("slide_next")
@pytest.mark.action("slide_back")
@pytest.mark.action("slide_first")
@pytest.mark.action("slide_last")
@pytest.mark.action("slide_notes")
@pytest.mark.action("slide_leave")
def test_f11_opens_the_war_room_and_clicker_keys_page_through_it(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, dump_of
) -> None:
    window = open_window(demo_home)
    room = _war_room(qtbot, window, runner, keyboard)
    assert room.isFullScreen()
    count = room.stack.count()
    for key in ("Right", "Down", "PgDown", "Space"):
        keyboard.press(key)
    assert room.index == 4
    for key in ("Left", "Up", "PgUp", "Backspace"):
        keyboard.press(key)
    assert room.index == 0
    keyboard.press("End")
    assert room.index == count - 1
    keyboard.press("PgDown")  # stays on the last slide
    assert room.index == count - 1
    keyboard.press("Home")
    assert room.index == 0 and f"1 / {count}" in room.footer.text()
    keyboard.press("N")
    assert room.notes.isVisible() and QApplication.focusWidget() is room.notes
    keyboard.type("Elena owns the on-site at Globex")
    keyboard.press("Left")  # moves in the notes, not to another slide
    assert room.index == 0
    keyboard.press("Esc")  # out of the notes first
    keyboard.press("Esc")  # then out of the war room, keeping the session
    qtbot.waitUntil(lambda: runner.idle and _gone(room))
    meetings = dump_of(demo_home)["meetings"]
    assert "Elena owns the on-site at Globex" in [m["notes"] for m in meetings]


@pytest.mark.action("slide_rep")
@pytest.mark.action("slide_auto")
def test_r_shows_one_rep_at_a_time_and_a_starts_auto_advance(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    room = _war_room(qtbot, window, runner, keyboard)
    keyboard.press("R")
    qtbot.waitUntil(lambda: runner.idle and room.deck.rep_id is not None)
    assert room.deck.rep_name in room.footer.text()
    keyboard.press("A")
    assert " · auto · " in room.footer.text()
    keyboard.press("A")
    assert " · auto · " not in room.footer.text()
    keyboard.press("F11")
    qtbot.waitUntil(lambda: runner.idle and _gone(room))


@pytest.mark.action("settings")
def test_settings_saved_unchanged_leave_nothing_to_undo(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    keyboard.press("Ctrl+,")
    dialog = _shown(qtbot, window.file_actions)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible())
    assert window.undo_action.text() == "&Undo"


CAPTURED_AT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.mark.action("capture")
def test_captured_touches_are_previewed_logged_and_taken_back(
    qtbot,
    home: DataFolder,
    open_window,
    runner,
    keyboard,
    coho,
    dump_of,
    takes_back,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Pass: Ctrl+Shift+I opens the dialog; Choose files… (Alt+C) reads the chosen exports
    into a preview that names the touches, the new people and the broken message; Alt+L
    logs them as one edit; Ctrl+Z takes the whole capture back."""
    store = open_store(home.ensure().book, at=CAPTURED_AT)
    try:
        coho(Book(store))
    finally:
        store.close()
    monkeypatch.setattr(clock, "now", lambda: CAPTURED_AT)
    chosen = [str(DATA / "capture" / name) for name in ("outlook.ics", "reply.eml", "mailbox.mbox")]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args: (chosen, ""))
    window = open_window(home)
    before = dump_of(home)
    keyboard.press("Ctrl+Shift+I")
    dialog = window.file_actions.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    keyboard.press("Alt+C")
    qtbot.waitUntil(lambda: runner.idle and dialog.log_button.isEnabled(), timeout=10_000)
    shown = dialog.text.toPlainText()
    assert "Would log 9 touches and 6 planned touches; 0 already logged." in shown
    assert "not added (tick the box)" in shown and not dialog.again.isVisible()
    assert dialog.log_button.text() == "&Log 9 touches and 6 planned touches"
    keyboard.press("Alt+A")  # add the new people, with their touches
    qtbot.waitUntil(lambda: dialog.log_button.text() == "&Log 10 touches and 6 planned touches")
    shown = dialog.text.toPlainText()
    assert "Would log 10 touches and 6 planned touches; 0 already logged." in shown
    assert "Tom Baker <tom.baker@cohowineryholdings.com> at Coho Winery Holdings" in shown
    assert "mailbox.mbox, message 4: skipped (it has no sender)" in shown
    keyboard.press("Alt+L")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible(), timeout=10_000)
    after = dump_of(home)
    captured = [t for t in after["touches"] if t["source"]]
    assert len(captured) == 10 and len([t for t in after["tasks"] if t["source"]]) == 6
    assert "Captured 10 touches" in window.statusBar().currentMessage()
    takes_back(home, before, after)
    # Taken back, the same capture can be made again: its touches are offered once asked.
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(lambda: runner.idle)
    keyboard.press("Ctrl+Shift+I")
    dialog = window.file_actions.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    keyboard.press("Alt+C")
    qtbot.waitUntil(lambda: runner.idle and dialog.again.isVisible(), timeout=10_000)
    assert "16 deleted in the app since it was captured" in dialog.text.toPlainText()
    assert not dialog.log_button.isEnabled()
    keyboard.press("Alt+G")
    keyboard.press("Alt+A")
    qtbot.waitUntil(lambda: dialog.log_button.text() == "&Log 10 touches and 6 planned touches")
    keyboard.press("Alt+L")
    qtbot.waitUntil(lambda: runner.idle and not dialog.isVisible(), timeout=10_000)
    again = dump_of(home)
    assert len([t for t in again["touches"] if t["source"]]) == 10  # live rows only
    assert "Captured 10 touches, 6 planned touches and 2 new people" in (
        window.statusBar().currentMessage()
    )


def test_closing_without_an_edit_makes_no_backup_and_with_one_makes_one(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: opening the book and closing the window with nothing edited copies nothing (a
    sales floor's 4.5 GB book was copied at every close, filling the disk in a day); after a
    touch logged (Ctrl+L, Return), closing makes the one automatic backup."""
    window = open_window(demo_home)
    qtbot.waitUntil(lambda: runner.idle)
    window.close()
    assert list(demo_home.backups.glob("*-auto.sqlite")) == []
    window = open_window(demo_home)
    _log_a_touch(qtbot, window, runner, keyboard)
    window.close()
    assert len(list(demo_home.backups.glob("*-auto.sqlite"))) == 1


def _log_a_touch(qtbot, window, runner, keyboard) -> None:  # type: ignore[no-untyped-def]
    """Down to the first whale, Ctrl+L, Return: one touch logged."""
    keyboard.press("Down")
    keyboard.press("Ctrl+L")
    actions = window.whale_actions
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog.isVisible())
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not actions.dialog.isVisible())


def test_a_backup_that_cannot_be_written_at_close_does_not_stop_the_close(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard, monkeypatch, caplog
) -> None:
    """Pass: with the disk full (SQLite's 'database or disk is full' while copying), closing
    after an edit still closes, leaves no half-written backup, and logs why."""
    import sqlite3

    from warroom.store import db

    window = open_window(demo_home)
    _log_a_touch(qtbot, window, runner, keyboard)

    def full(source, target):  # type: ignore[no-untyped-def]
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db, "_backup_pages", full)
    window.close()
    assert not window.isVisible()
    assert list(demo_home.backups.glob("*.sqlite")) == []
    assert "disk is full" in caplog.text
