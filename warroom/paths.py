"""Where a book lives on disk: the only caller of platformdirs (WARROOM_HOME wins)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "warroom"


@dataclass(frozen=True)
class DataFolder:
    """The files of one book: the database, its backups, the window state and the logs."""

    root: Path
    log_root: Path | None = None  # the platform's log folder; under root with WARROOM_HOME

    @property
    def book(self) -> Path:
        return self.root / "book.sqlite"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def window_state(self) -> Path:
        return self.root / "window.ini"

    @property
    def logs(self) -> Path:
        return self.log_root or self.root / "logs"

    def ensure(self) -> DataFolder:
        self.root.mkdir(parents=True, exist_ok=True)
        return self


def data_folder(environ: dict[str, str] | None = None) -> DataFolder:
    """The data folder: $WARROOM_HOME when set, else the platform's user data dir."""
    env = os.environ if environ is None else environ
    home = env.get("WARROOM_HOME")
    if home:
        return DataFolder(Path(home).expanduser())
    return DataFolder(
        Path(platformdirs.user_data_dir(APP_NAME, False)),
        Path(platformdirs.user_log_dir(APP_NAME, False)),
    )


def resources_dir() -> Path:
    """The resources folder: beside the package in a checkout, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
