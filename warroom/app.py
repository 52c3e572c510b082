"""The composition root: paths -> store -> services -> QApplication -> MainWindow. No globals."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from warroom import cli
from warroom.paths import DataFolder


def open_gui(folder: DataFolder, war_room: bool) -> int:
    # Qt is imported here, not at the top, so the command line starts without it.
    from warroom.ui.launch import run

    return run(folder, war_room=war_room, argv=sys.argv[:1])


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, open_gui=open_gui)
