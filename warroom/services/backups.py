"""Backups of the book and restoring one, never leaving the book half-replaced."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from warroom.domain.backups import to_keep
from warroom.domain.errors import NotFound
from warroom.store.db import book_revision, copy_book, open_store, replace_book
from warroom.store.locks import swapping
from warroom.store.staging import staging, verify


def backup_name(at: datetime, reason: str = "") -> str:
    suffix = f"-{reason}" if reason else ""
    return f"book-{at.strftime('%Y%m%dT%H%M%SZ')}{suffix}.sqlite"


def backup(book: Path, folder: Path, at: datetime, reason: str = "") -> Path:
    """A consistent copy of the book in `folder`; returns its path."""
    if not book.exists():
        raise NotFound(f"{book}: there is no book to back up yet")
    target = folder / backup_name(at, reason)
    copy_book(book, target)
    return target


def restore(book: Path, source: Path, backups: Path, at: datetime) -> Path | None:
    """Replace the book with `source` (checked whole first), keeping a backup of the current
    book; refused (Held) while any program has the book open. Returns the path of the safety
    backup, or None when there was no book.
    """
    if not source.exists():
        raise NotFound(f"{source}: no such file")
    book_revision(source)  # raises NotABook before anything is touched
    with swapping(book), staging(book.parent) as staged:
        copy_book(source, staged)
        # An older backup is upgraded before it goes live; `source` itself stays as it was.
        open_store(staged, at=at, keep_backup=False, hold=False).close()
        verify(staged)
        safety = backup(book, backups, at, "before-restore") if book.exists() else None
        replace_book(book, staged)
    return safety


AUTO = "auto"


def list_backups(folder: Path) -> list[tuple[Path, datetime, str]]:
    """(file, when, why) of every backup in the folder, newest first."""
    out = []
    for path in folder.glob("book-*.sqlite"):
        stamp, _, reason = path.stem.removeprefix("book-").partition("-")
        try:
            when = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            continue
        out.append((path, when, reason))
    return sorted(out, key=lambda item: item[1], reverse=True)


def auto_backup(book: Path, folder: Path, at: datetime) -> Path:
    """An automatic backup, then the automatic ones thinned (daily, weekly, monthly)."""
    made = backup(book, folder, at, AUTO)
    autos = [(path, when) for path, when, reason in list_backups(folder) if reason == AUTO]
    keep = to_keep([when for _, when in autos], at)
    for path, when in autos:
        if when not in keep:
            path.unlink(missing_ok=True)
    return made
