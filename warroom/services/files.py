"""Writing a file so that a crash or full disk never leaves a half-written one under its name."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from warroom.domain.errors import BadInput


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temp file beside `path`, fsync, then rename over it."""
    folder = path.parent
    if not folder.is_dir():
        raise BadInput(f"{folder}: no such folder to write {path.name} into")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
