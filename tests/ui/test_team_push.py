"""Push from a team server: an open window shows a teammate's edit within seconds of its
publish, without waiting for the five-minute timer."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.store.db import open_store


def test_a_teammates_publish_shows_in_the_open_window_within_seconds(
    qtbot, runner, open_window, tmp_path: Path, keyboard, pg_url: str
) -> None:
    """Pass: the lead creates the team on a server from the Team menu (typing the URL); a
    rep's laptop joins and publishes a whale; the lead's open window lists it in under 2
    seconds, with the timer nowhere near due, and the listener is not the GUI thread."""
    folder = DataFolder(tmp_path / "lead").ensure()
    keyring = MemoryKeyring()
    window = open_window(folder, keyring=lambda: keyring)
    team = window.team_sync
    qtbot.waitUntil(lambda: runner.idle and team.status is not None)
    [create] = [a for a in window.menu_actions() if a.objectName() == "create_team"]
    create.trigger()
    dialog = team.team_dialog
    assert dialog is not None
    dialog.folder.edit.setFocus()
    keyboard.type(pg_url)
    keyboard.press("Return")
    qtbot.waitUntil(lambda: getattr(team, "code_dialog", None) is not None)
    code = team.code_dialog.code.text()
    team.code_dialog.accept()
    qtbot.waitUntil(lambda: runner.idle and not team.busy and team.push.listening)
    assert team.status is not None and team.status.shared == pg_url
    assert team.push._thread is not None and team.push._thread.name == "warroom-push"
    window.activateWindow()
    keyboard.press("Ctrl+Shift+Y")
    qtbot.waitUntil(lambda: team.dialog is not None and team.dialog.isVisible())
    assert "team server postgresql://" in team.dialog.summary.text()
    team.dialog.close()

    rep_keys = TeamKeys(MemoryKeyring())
    rep = open_store(tmp_path / "rep" / "book.sqlite")
    try:
        sync = Sync(rep, rep_keys, tmp_path / "rep")
        sync.join_team(pg_url, code, "Rae")
        Book(rep).add_whale("Pushed Corp", datetime.now(UTC))
        sync.sync()
        published = time.monotonic()
        qtbot.waitUntil(
            lambda: any(
                "Pushed Corp" in str(window.whales.model.index(row, 0).data())
                for row in range(window.whales.model.rowCount())
            ),
            timeout=5_000,
        )
        shown = time.monotonic() - published
    finally:
        rep.close()
    assert shown < 2.0, f"{shown:.2f} s from publish to the window"

    # An edit in the window reaches the server within seconds too, without Sync now.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    keyboard.press("Ctrl+N")
    qtbot.waitUntil(lambda: window.whale_actions.dialog is not None)
    keyboard.type("Edited Here Inc")
    keyboard.press("Return")
    rep = open_store(tmp_path / "rep" / "book.sqlite")
    try:
        sync = Sync(rep, rep_keys, tmp_path / "rep")

        def arrived() -> bool:
            sync.sync(pg_url)
            return any(w.name == "Edited Here Inc" for w in Book(rep).whales(datetime.now(UTC)))

        qtbot.waitUntil(arrived, timeout=10_000)
    finally:
        rep.close()
    window.close()
    qtbot.waitUntil(lambda: not team.push.listening, timeout=5_000)
