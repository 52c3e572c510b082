"""The composition root: paths -> store -> services -> QApplication -> MainWindow. No globals."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from warroom import cli
from warroom.paths import DataFolder

if TYPE_CHECKING:
    from warroom.services.book import Book
    from warroom.services.team_keys import KeyringBackend


def open_gui(folder: DataFolder, war_room: bool, screenshot: Path | None) -> int:
    # Qt is imported here, not at the top, so the command line starts without it.
    from warroom.ui.launch import run

    code: int = run(
        folder, war_room=war_room, screenshot=screenshot, argv=sys.argv[:1], keyring=os_keyring
    )
    return code


def write_report(
    book: Book, kind: str, target: str | None, out: Path, page: str, at: datetime
) -> int:
    """Draw a PDF report for the command line; without a display, Qt draws offscreen."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from warroom.ui.launch import application
    from warroom.ui.reports.reports import write_report as write

    application(sys.argv[:1])
    return write(book, kind, target, out, page, at)


def os_keyring() -> KeyringBackend:
    """The OS keyring (Keychain, Credential Locker, Secret Service), loaded when first needed."""
    import keyring

    backend: KeyringBackend = keyring.get_keyring()
    return backend


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, open_gui=open_gui, write_report=write_report, keyring=os_keyring)
