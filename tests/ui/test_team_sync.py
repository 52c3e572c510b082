"""Team sync in the window, beyond the journeys: the slow OS keyring is not looked up while the
window opens, only when a team is first created or joined, and then on the worker."""

from __future__ import annotations

from pathlib import Path

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
