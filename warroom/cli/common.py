"""What every command shares: the parser, the context, times and the open book."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from warroom import clock
from warroom.domain.values import parse_instant
from warroom.paths import DataFolder

if TYPE_CHECKING:  # loaded by the commands that open a book: `--help` stays instant
    from warroom.services.book import Book
    from warroom.services.team_keys import KeyringBackend
    from warroom.store.db import Store

OpenGui = Callable[[DataFolder, bool, Path | None], int]
# (book, kind, whale or rep, out, page size, at) -> pages; Qt lives above the command line.
ReportWriter = Callable[["Book", str, str | None, Path, str, datetime], int]


class Parser(argparse.ArgumentParser):
    """Usage errors as one clear line and exit 2, as for any other bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"warroom: {message} (see 'warroom {self._sub_name()}--help')\n")

    def _sub_name(self) -> str:
        parts = self.prog.split()[1:]
        return " ".join(parts) + " " if parts else ""


@dataclass
class Context:
    folder: DataFolder
    open_gui: OpenGui | None
    write_report: ReportWriter | None = None
    keyring: Callable[[], KeyringBackend] | None = None
    warned: set[str] = field(default_factory=set)  # settings warned about by this command

    def store(self) -> Store:
        from warroom.store.db import open_store

        return open_store(self.folder.ensure().book, at=clock.now())

    def warn_about_settings(self, book: Book) -> None:
        """Say once, on stderr, which stored settings are bad and read as their defaults: the
        command still runs (a bad value from a teammate must not stop every command)."""
        for setting in book.settings.problems():
            if setting.key not in self.warned:
                self.warned.add(setting.key)
                print(
                    f"warroom: warning: {setting.problem}; using the default "
                    f"('warroom settings reset {setting.key}' puts it back)",
                    file=sys.stderr,
                )

    def emit(self, text: str) -> None:
        print(text)

    def emit_json(self, value: Any) -> None:
        print(json.dumps(value, indent=2, sort_keys=True, default=str))


def follow_rep_zone(folder: DataFolder) -> None:
    """Before a command reads its times: the rep's zone (File ▸ Settings) as this process's,
    so a typed `--at 10:00` or `--date` is the rep's 10:00 and the rep's day, and what it
    prints counts days as the app does (a UTC laptop said "sinks today" where the app said
    "tomorrow"). Read with plain sqlite3, read-only: the command opens the book itself."""
    from warroom.domain.book_settings import ME

    if not folder.book.exists():
        return
    try:
        with closing(sqlite3.connect(f"{folder.book.as_uri()}?mode=ro", uri=True)) as book:
            found = book.execute(
                "SELECT timezone FROM reps WHERE id = (SELECT json_extract(value, '$')"
                " FROM settings WHERE id = ? AND deleted_at IS NULL)",
                (ME,),
            ).fetchone()
    except sqlite3.Error:
        return  # a book too old or damaged: the command that opens it says so
    if found and found[0]:
        clock.follow_zone(str(found[0]))


def when(text: str | None) -> datetime:
    return parse_instant(text, clock.local_zone()) if text else clock.now()


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class open_book:
    """`with open_book(ctx) as book:` opens the store and always closes it.

    `writes=True` runs the whole command as one write transaction begun with BEGIN IMMEDIATE:
    beside the open app or another command it waits its turn instead of failing halfway, and
    writes all of its edits or none. Bad stored settings are warned about first, unless the
    command is about settings (`warns=False`) and says so itself."""

    def __init__(self, ctx: Context, *, writes: bool = False, warns: bool = True) -> None:
        self.ctx = ctx
        self.warns = warns
        self.store = ctx.store()
        self._writing = self.store.transaction(write=True) if writes else None

    def __enter__(self) -> Book:
        from warroom.services.book import Book

        book = Book(self.store)
        try:
            if self.warns:
                self.ctx.warn_about_settings(book)
        except BaseException:
            self.store.close()
            raise
        if self._writing is not None:
            self._writing.__enter__()
        return book

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: Any
    ) -> None:
        try:
            if self._writing is not None:
                self._writing.__exit__(kind, error, trace)
        finally:
            self.store.close()


Command = Callable[
    [str, Callable[[argparse.Namespace, Context], int], str], argparse.ArgumentParser
]


def day_argument(text: str) -> date:
    """An argument that is a day, as ISO (2027-03-31)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date (write e.g. 2027-03-31)"
        ) from None
