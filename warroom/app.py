"""The composition root: paths -> store -> services -> QApplication -> MainWindow. No globals."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from warroom import cli
from warroom.paths import DataFolder


def open_gui(folder: DataFolder, war_room: bool, screenshot: Path | None) -> int:
    # Qt is imported here, not at the top, so the command line starts without it.
    from warroom.ui.launch import run

    code: int = run(folder, war_room=war_room, screenshot=screenshot, argv=sys.argv[:1])
    return code


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, open_gui=open_gui)
