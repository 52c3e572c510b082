"""Putting another book in place of the book (a restore, the demo) without ever installing a
damaged one: each staged copy gets a fresh private folder, is checked page by page before it
goes live, and whatever a killed run left behind is cleared away on the next start."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from warroom.domain.errors import NotABook, ReadOnly
from warroom.store.locks import FileLock, is_free

_PREFIX = ".staging-"
_OWNER = "in-use.lock"
_OLD_STAGING = (".book.sqlite.restoring*", ".book.sqlite.demo*")
_OLD_PARTS = ("*.sqlite.part", "*.sqlite.part-journal", "*.sqlite.part-wal", "*.sqlite.part-shm")


@contextmanager
def staging(folder: Path) -> Iterator[Path]:
    """A fresh folder beside the book for one staged copy; yields the copy's path. The folder
    is locked while in use (so a cleaner leaves it be) and removed afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    place = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=folder))
    lock = FileLock(place / _OWNER, f"{place} is in use")
    try:
        yield place / "book.sqlite"
    finally:
        lock.release()
        shutil.rmtree(place, ignore_errors=True)


def verify(path: Path) -> None:
    """Every page checked (integrity_check; quick_check misses damage to indexes and free
    lists); NotABook naming the file when anything is wrong."""
    try:
        with closing(sqlite3.connect(path)) as conn:
            found = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        raise NotABook(f"{path}: the copy is damaged ({exc}); nothing was replaced") from exc
    if found != ["ok"]:
        raise NotABook(f"{path}: the copy is damaged ({found[0]}); nothing was replaced")


def clean_leftovers(folder: Path, backups: Path) -> list[Path]:
    """Staging folders and partial copies that a killed run left behind; never one that a
    running program is still using. Returns what was removed (nothing in a read-only folder:
    what reads the book there says so itself)."""
    try:
        return _clean(folder, backups)
    except (OSError, ReadOnly):
        return []


def _clean(folder: Path, backups: Path) -> list[Path]:
    removed: list[Path] = []
    for place in (folder, backups):
        if not place.is_dir():
            continue
        for staged in place.glob(f"{_PREFIX}*"):
            if staged.is_dir() and is_free(staged / _OWNER):
                shutil.rmtree(staged, ignore_errors=True)
                removed.append(staged)
    # Names earlier versions staged under: no program of this version writes them.
    for pattern, where in ((_OLD_STAGING, folder), (_OLD_PARTS, backups)):
        for name in pattern:
            for old in where.glob(name) if where.is_dir() else ():
                old.unlink(missing_ok=True)
                removed.append(old)
    return removed
