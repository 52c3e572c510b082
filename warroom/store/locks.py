"""Locks across processes on one data folder: the app holding its book open, one sync at a
time, a staging folder still in use. An OS file lock goes away with its process, so a killed
program never leaves one stuck."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import IO

from warroom.domain.errors import ReadOnly, WarroomError


class Held(WarroomError):
    """Another program holds the lock; the message says which and what to do."""


def _lock(handle: IO[bytes], shared: bool) -> bool:
    try:
        if sys.platform == "win32":
            # msvcrt has no shared locks: on Windows only exclusive holders see each other.
            if not shared:
                import msvcrt

                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
            fcntl.flock(handle.fileno(), mode | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class FileLock:
    """A lock on a file, held until `release` (or the process ends): exclusive, or shared
    with other shared holders. Locks are per open file, so a second one in the same process
    conflicts with the first like another program's would."""

    def __init__(self, path: Path, refusal: str, *, shared: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self._handle: IO[bytes] | None = path.open("a+b")
        except PermissionError as exc:
            raise ReadOnly(
                f"{path.parent}: this folder is read-only ({exc.strerror}); nothing can be "
                "written there. Make it writable, or set WARROOM_HOME to another folder"
            ) from exc
        if not _lock(self._handle, shared):
            self._handle.close()
            self._handle = None
            raise Held(refusal)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


@contextmanager
def exclusive(path: Path, refusal: str) -> Iterator[None]:
    """Hold the lock for the block; Held(`refusal`) when another program holds it."""
    lock = FileLock(path, refusal)
    try:
        yield
    finally:
        lock.release()


def is_free(path: Path) -> bool:
    """True when no process holds the lock (taking it for a moment to see)."""
    try:
        FileLock(path, "").release()
    except Held:
        return False
    return True


# The open-book lock: every program with the book open holds it shared; putting another
# book in its place (a restore, the demo) takes it alone, so it never swaps a book out from
# under the app or a running command.
IN_USE = (
    "another program has this book open (the app, or a command still running); close it "
    "first, or restore from the app (File > Restore a backup)"
)
SWAPPING = "a restore or a new demo book is being put in place; try again when it is done"


def open_lock_path(book: Path) -> Path:
    return book.with_name(f"{book.name}.lock")


def hold_open(book: Path) -> FileLock:
    """Say this program has the book open, until `release`; Held while a swap runs."""
    return FileLock(open_lock_path(book), SWAPPING, shared=True)


def swapping(book: Path, refusal: str = IN_USE) -> AbstractContextManager[None]:
    """The book to ourselves for a swap; Held(`refusal`) while anyone has it open."""
    return exclusive(open_lock_path(book), refusal)
