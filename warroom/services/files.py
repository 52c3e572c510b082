"""Writing a file so that a crash or full disk never leaves a half-written one under its name."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from warroom.domain.errors import BadInput


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temp file beside `path`, fsync, then rename over it."""
    with atomic_file(path) as handle:
        handle.write(data)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path` through, a piece at a time: a temp file beside it, fsynced and
    renamed over it when the block ends, and removed if the block fails."""
    folder = path.parent
    if path.is_dir():
        raise BadInput(f"{path}: that is a folder; give a file name, e.g. {path / 'book.json'}")
    if path.exists() and not path.is_file():
        # Renaming over a device (/dev/null) or a pipe would replace it, not write to it.
        raise BadInput(f"{path}: not a regular file; give a file name to write")
    if not folder.is_dir():
        raise BadInput(f"{folder}: no such folder to write {path.name} into")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise BadInput(
            f"{folder}: cannot write there ({exc.strerror}); nothing was written"
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise BadInput(
            f"{path}: could not be written ({exc.strerror}); nothing was written"
        ) from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
