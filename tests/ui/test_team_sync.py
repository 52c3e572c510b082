"""Team sync in the window: create a team, see the status, sync, and settle "2 versions"."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.services.workspace import Workspace
from warroom.store.db import Store, open_store
from warroom.ui.dialogs.team import RecoveryCodeDialog
from warroom.ui.main_window import MainWindow
from warroom.ui.ops import OperationRunner

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture
def lead(qtbot, runner: OperationRunner, tmp_path: Path) -> Iterator[tuple[MainWindow, Store]]:
    folder = DataFolder(tmp_path / "lead").ensure()
    store = open_store(folder.book)
    Book(store).set_me("Lee Lead", "UTC", NOW)
    Book(store).add_whale("Globex", NOW)
    keyring = MemoryKeyring()
    window = MainWindow(runner, folder, ZoneInfo("UTC"), first_run=False, keyring=lambda: keyring)
    window.show()
    window.attach_book(Book(store))
    qtbot.waitUntil(lambda: runner.idle)
    yield window, store
    qtbot.waitUntil(lambda: runner.idle, timeout=10_000)
    window.close()
    store.close()
    window.deleteLater()


def _rep_book(tmp_path: Path, shared: Path, code: str) -> tuple[Store, Sync]:
    store = open_store(tmp_path / "rep" / "book.sqlite")
    sync = Sync(store, TeamKeys(MemoryKeyring()), tmp_path / "rep")
    sync.join_team(shared, code, "Rae on laptop")
    Book(store).set_me("Rae Rep", "UTC", NOW)
    return store, sync


def test_the_lead_creates_a_team_and_sees_the_reps_whales_after_a_sync(
    qtbot, runner: OperationRunner, lead: tuple[MainWindow, Store], tmp_path: Path
) -> None:
    window, _ = lead
    shared = tmp_path / "Dropbox"
    shared.mkdir()
    team = window.team_sync
    assert team.button.text() == "Not in a team"
    window.activateWindow()
    team.sync_now()  # not in a team: the status says what to do, with the two ways in
    dialog = team.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.create_button.isVisible() and not dialog.sync_button.isVisible()
    dialog.create_button.click()
    team_dialog = team.team_dialog
    assert team_dialog is not None
    team_dialog.ok.click()  # no folder yet: refused in the dialog
    assert team_dialog.isVisible() and "shared folder" in team_dialog.error.text()
    team_dialog.folder.edit.setText(str(shared))
    team_dialog.ok.click()
    qtbot.waitUntil(lambda: isinstance(getattr(team, "code_dialog", None), RecoveryCodeDialog))
    code = team.code_dialog.code.text()
    assert len(code.split("-")) == 14
    team.code_dialog.accept()
    qtbot.waitUntil(lambda: runner.idle and not team.busy and "Synced" in team.button.text())
    assert "0 other laptops" in team.button.text()

    rep_store, rep_sync = _rep_book(tmp_path, shared, code)
    Book(rep_store).add_whale("Initech", NOW, owner="Rae Rep")
    rep_sync.sync()
    window.show_section("Whales")
    team.sync_now()
    qtbot.waitUntil(lambda: runner.idle and not team.busy)
    qtbot.waitUntil(lambda: window.whales.model.rowCount() == 2)
    model = window.whales.model
    owners = {model.index(row, 0).data(): model.index(row, 1).data() for row in range(2)}
    assert owners == {"Globex": "Lee Lead", "Initech": "Rae Rep"}
    assert "1 other laptop" in team.button.text() and "laptops" not in team.button.text()
    team.show_status()
    assert dialog.devices.rowCount() == 1
    assert dialog.devices.item(0, 0).text() == "Rae on laptop"
    team.new_team_key()  # the lead rotates the key: a new code, shown once
    qtbot.waitUntil(lambda: runner.idle and team.code_dialog.code.text() != code)
    rep_store.close()


def test_two_versions_are_reviewed_and_the_choice_is_kept(
    qtbot, runner: OperationRunner, lead: tuple[MainWindow, Store], tmp_path: Path
) -> None:
    window, store = lead
    shared = tmp_path / "share"
    shared.mkdir()
    keyring = MemoryKeyring()
    lead_sync = Sync(store, TeamKeys(keyring), tmp_path / "lead")
    code = lead_sync.create_team(shared, "Lee")
    rep_store, rep_sync = _rep_book(tmp_path, shared, code)
    whale = Book(store).resolve_whale("Globex")
    lead_sync.sync()
    rep_sync.sync()
    for book_store, note, when in ((store, "Lee's plan", 1000), (rep_store, "Rae's plan", 2000)):
        workspace = Workspace(book_store)
        page = workspace.page(whale)
        at = datetime.fromtimestamp(NOW.timestamp() + when, UTC)
        workspace.save_definition(whale, replace(page.definition, notes=note), at)
    rep_sync.sync()
    window.team_sync._keyring = lambda: keyring  # the lead laptop's keyring holds the key
    window.team_sync.attach(Book(store))
    qtbot.waitUntil(lambda: runner.idle and "to review" in window.team_sync.button.text())
    window.team_sync.review_conflicts()
    dialog = window.team_sync.conflicts_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.list.count() == 1)
    assert dialog.list.item(0).text() == "whale Globex · notes"
    kept = {dialog.mine.toPlainText(), dialog.theirs.toPlainText()}
    assert kept == {"Lee's plan", "Rae's plan"}
    other = dialog.theirs.toPlainText()
    dialog.take.click()
    qtbot.waitUntil(lambda: runner.idle and dialog.list.count() == 0)
    assert dialog.empty.isVisible()
    assert Workspace(store).page(whale).definition.notes == other
    rep_store.close()


def test_the_keyring_is_not_looked_up_while_the_window_opens(
    qtbot, runner: OperationRunner, tmp_path: Path
) -> None:
    """Pass: opening a book (not in a team) never asks for the OS keyring, which is slow to
    find; the first create or join does, on the worker."""
    folder = DataFolder(tmp_path / "solo").ensure()
    store = open_store(folder.book)
    looked_up: list[MemoryKeyring] = []

    def find() -> MemoryKeyring:
        looked_up.append(MemoryKeyring())
        return looked_up[-1]

    window = MainWindow(runner, folder, ZoneInfo("UTC"), first_run=False, keyring=find)
    window.show()
    window.attach_book(Book(store))
    qtbot.waitUntil(lambda: runner.idle and window.team_sync.status is not None)
    assert looked_up == []
    shared = tmp_path / "share"
    shared.mkdir()
    window.team_sync.ask_team(joining=False)
    dialog = window.team_sync.team_dialog
    assert dialog is not None
    dialog.folder.edit.setText(str(shared))
    dialog.ok.click()
    qtbot.waitUntil(lambda: runner.idle and len(looked_up) == 1 and not window.team_sync.busy)
    qtbot.waitUntil(lambda: runner.idle)
    window.close()
    store.close()
    window.deleteLater()
