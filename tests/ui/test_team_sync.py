"""Team sync in the window, beyond the journeys: the slow OS keyring is not looked up while the
window opens, only when a team is first created or joined, and then on the worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread

from warroom.paths import DataFolder
from warroom.services.team_keys import MemoryKeyring


def test_the_keyring_is_not_looked_up_while_the_window_opens(
    qtbot, runner, open_window, tmp_path: Path, keyboard
) -> None:
    """Pass: opening a book (not in a team) never asks for the OS keyring, which is slow to
    find; the first create or join does, on the worker."""
    folder = DataFolder(tmp_path / "solo").ensure()
    looked_up: list[MemoryKeyring] = []

    def find() -> MemoryKeyring:
        looked_up.append(MemoryKeyring())
        return looked_up[-1]

    window = open_window(folder, keyring=find)
    team = window.team_sync
    qtbot.waitUntil(lambda: runner.idle and team.status is not None)
    assert looked_up == []
    shared = tmp_path / "share"
    shared.mkdir()
    [create] = [a for a in window.menu_actions() if a.objectName() == "create_team"]
    create.trigger()
    dialog = team.team_dialog
    assert dialog is not None
    dialog.folder.edit.setFocus()
    keyboard.type(str(shared))
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and len(looked_up) == 1 and not team.busy)


def _shown_now(qtbot, holder, attribute: str, after=None):  # type: ignore[no-untyped-def]
    """Wait for a dialog (a fresh one, when `after` is the last one seen) to be on screen."""
    qtbot.waitUntil(
        lambda: (
            getattr(holder, attribute, None) is not None
            and getattr(holder, attribute) is not after
            and getattr(holder, attribute).isVisible()
        )
    )
    return getattr(holder, attribute)


def test_without_a_keyring_the_key_file_asks_its_passphrase_once_a_session(
    qtbot, runner, open_window, tmp_path: Path, keyboard
) -> None:
    """Pass: on a computer with no keyring, creating a team asks to choose a passphrase
    (typed twice); the next session asks for it once (again after a wrong one), and a later
    sync in that session asks nothing."""
    from keyring.backends.fail import Keyring as NoKeyring

    from warroom.services.key_file import KEY_FILE

    folder = DataFolder(tmp_path / "lead").ensure()
    shared = tmp_path / "share"
    shared.mkdir()
    window = open_window(folder, keyring=NoKeyring)
    team = window.team_sync
    qtbot.waitUntil(lambda: runner.idle and team.status is not None)
    [create] = [a for a in window.menu_actions() if a.objectName() == "create_team"]
    create.trigger()
    _shown_now(qtbot, team, "team_dialog").folder.edit.setFocus()
    keyboard.type(str(shared))
    keyboard.press("Return")
    choose = _shown_now(qtbot, team, "passphrase_dialog")
    assert choose.new
    keyboard.type("correct horse")
    keyboard.press("Tab")
    keyboard.type("correct horsE")
    keyboard.press("Return")  # the two differ: said in the dialog, which stays
    assert choose.isVisible() and "differ" in choose.error.text()
    choose.again.selectAll()
    choose.again.setFocus()
    keyboard.type("correct horse")
    keyboard.press("Return")
    _shown_now(qtbot, team, "code_dialog").accept()
    qtbot.waitUntil(lambda: runner.idle and not team.busy and "Synced" in team.button.text())
    assert (folder.root / KEY_FILE).exists()
    window.close()

    again = open_window(folder, keyring=NoKeyring)
    team = again.team_sync
    ask = _shown_now(qtbot, team, "passphrase_dialog")  # the sync on opening asks, once
    assert not ask.new and "Sync waits for the passphrase" in team.button.text()
    keyboard.type("wrong horse")
    keyboard.press("Return")
    retry = _shown_now(qtbot, team, "passphrase_dialog", after=ask)
    assert "does not open" in retry.error.text()
    keyboard.type("correct horse")
    keyboard.press("Return")
    qtbot.waitUntil(lambda: runner.idle and not team.busy and "Synced" in team.button.text())
    keyboard.press("Ctrl+Shift+S")  # sync now: no passphrase asked this time
    qtbot.waitUntil(lambda: runner.idle and not team.busy and "Synced" in team.button.text())
    assert team.passphrase_dialog is retry and not retry.isVisible()


def test_while_the_shared_folder_is_read_the_app_still_answers(
    qtbot, runner, open_window, tmp_path: Path, keyboard, monkeypatch
) -> None:
    """Pass: Ctrl+Shift+S syncs; while its files are read (a slow cloud folder, held here),
    the book's thread answers the app, and the sync then finishes and says so."""
    import threading

    from warroom.services import sync

    folder = DataFolder(tmp_path / "lead").ensure()
    shared = tmp_path / "share"
    shared.mkdir()
    keyring = MemoryKeyring()
    window = open_window(folder, keyring=lambda: keyring)
    team = window.team_sync
    qtbot.waitUntil(lambda: runner.idle and team.status is not None)
    [create] = [a for a in window.menu_actions() if a.objectName() == "create_team"]
    create.trigger()
    _shown_now(qtbot, team, "team_dialog").folder.edit.setFocus()
    keyboard.type(str(shared))
    keyboard.press("Return")
    _shown_now(qtbot, team, "code_dialog").accept()
    qtbot.waitUntil(lambda: runner.idle and not team.busy and team.report is not None)

    slow_share = threading.Event()
    readers: list[str] = []
    listed = sync.list_share

    def list_slowly(*args):  # type: ignore[no-untyped-def]
        readers.append(QThread.currentThread().objectName())
        assert slow_share.wait(10)
        return listed(*args)

    monkeypatch.setattr(sync, "list_share", list_slowly)
    window.activateWindow()
    keyboard.press("Ctrl+Shift+S")
    qtbot.waitUntil(lambda: readers != [])
    answered: list[object] = []
    runner.read(lambda book: book.book.me(), answered.append)
    qtbot.waitUntil(lambda: answered != [])
    assert team.busy and not slow_share.is_set()
    assert readers == ["warroom-files"]
    slow_share.set()
    qtbot.waitUntil(lambda: runner.idle and not team.busy)
    assert window.statusBar().currentMessage().startswith("Synced:")
