"""Reading a War Room JSON export back into a book: all of it in one transaction, or nothing.

Every row meets the rules of typing it in (warroom.domain.row_checks) before it is written;
the first row that does not stops the import with the file, table, row and field, and the
transaction takes back whatever went in before it. The file streams through in chunks of rows
(services.export_stream), so a team's export of half a million rows never sits in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from warroom.domain.book_settings import shown
from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput
from warroom.domain.row_checks import check_row
from warroom.domain.text import quote
from warroom.services.export_stream import Field, Table, read_export, short
from warroom.services.exporting import FORMAT, FORMAT_VERSION
from warroom.store import bulk, tables
from warroom.store.db import Session, Store

CHUNK = 5_000  # rows checked, matched against the book and written at a time
# Past this many new rows in one table (and a quarter of what it holds), its indexes are
# built once at the end instead of row by row.
SET_ASIDE_AFTER = 20_000


@dataclass(frozen=True)
class TableCount:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, in a dry run, would do), table by table."""

    dry_run: bool
    tables: dict[str, TableCount] = field(default_factory=dict)

    @property
    def added(self) -> int:
        return sum(count.added for count in self.tables.values())

    @property
    def updated(self) -> int:
        return sum(count.updated for count in self.tables.values())


def _not_export(path: Path) -> BadInput:
    return BadInput(f'{path}: not a War Room export (no "format": "{FORMAT}")')


def _check_field(path: Path, part: Field) -> None:
    if part.key == "format" and part.value != FORMAT:
        raise _not_export(path)
    if part.key == "version" and part.value != FORMAT_VERSION:
        raise BadInput(f"{path}: export version {shown(part.value)} is not supported")
    if part.key == "tables":  # present, but not an object of tables
        raise BadInput(f"{path}: the export has no tables")


Checked = list[tuple[dict[str, Any], dict[str, Any]]]  # rows as the file and SQLite have them


@dataclass(frozen=True)
class _Chunk:
    table: str
    rows: Checked


@dataclass(frozen=True)
class _TableRead:
    table: str


def _checked_rows(path: Path, table: Table) -> Iterator[Checked]:
    """The table's rows in chunks, each row as the file has it and as SQLite will store it;
    BadInput naming the file, table, row and field at the first row that breaks a rule."""
    name = table.name
    numbered = enumerate(table.rows, start=1)
    while chunk := list(islice(numbered, CHUNK)):
        out = []
        for index, row in chunk:
            try:
                if not isinstance(row, dict):
                    raise TypeError("not an object")
                check_row(name, row)
                out.append((row, tables.stored_row(name, row)))
            except BadInput as exc:
                raise BadInput(f"{path}: {name} row {index}: {exc}") from exc
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                raise BadInput(f"{path}: {name} row {index}: {short(str(exc))}") from exc
        yield out


def _checked_parts(path: Path) -> Iterator[_Chunk | _TableRead]:
    """The file's tables as checked chunks of rows, each table followed by its end; BadInput
    for a file that is not an export we can read, or the first row that breaks a rule."""
    seen: set[str] = set()
    for part in read_export(path, str(_not_export(path))):
        if isinstance(part, Field):
            _check_field(path, part)
            seen.add(part.key)
            continue
        if "format" not in seen:  # our exports write it first
            raise _not_export(path)
        if part.name not in tables.TABLE_NAMES:
            raise BadInput(f"{path}: unknown table(s) {quote(part.name)}")
        seen.add("tables")
        yield from (_Chunk(part.name, rows) for rows in _checked_rows(path, part))
        yield _TableRead(part.name)
    if "format" not in seen:
        raise _not_export(path)
    if "version" not in seen:
        raise BadInput(f"{path}: export version {shown(None)} is not supported")
    if "tables" not in seen:
        raise BadInput(f"{path}: the export has no tables")


class _TableLoad:
    """One table's rows going in: those the book lacks are added and newer versions of rows it
    has (by id and updated_at) replace them, a chunk at a time."""

    def __init__(self, session: Session, name: str, dry_run: bool) -> None:
        self.name, self._session, self._dry_run = name, session, dry_run
        self._held = tables.count(session, name)
        self._indexes = bulk.IndexesAside(session, name)
        self._added = self._updated = self._unchanged = 0

    def take(self, chunk: Checked) -> None:
        name, session = self.name, self._session
        # An empty table has none of them (a row twice in the file breaks its primary key).
        ids = [stored["id"] for _, stored in chunk]
        have = tables.stored_versions(session, name, ids) if self._held else {}
        new = [stored for _, stored in chunk if stored["id"] not in have]
        newer = [
            tables.decode_row(name, row)
            for row, stored in chunk
            if stored["id"] in have and stored["updated_at"] > have[stored["id"]]
        ]
        self._added += len(new)
        self._updated += len(newer)
        self._unchanged += len(chunk) - len(new) - len(newer)
        if self._dry_run:
            return
        if not self._indexes.aside and self._added >= max(SET_ASIDE_AFTER, self._held // 4):
            self._indexes.drop()
        tables.insert_stored(session, name, new)
        tables.upsert(session, name, newer)

    def finish(self) -> TableCount:
        if self._indexes.aside:
            self._indexes.restore()
        return TableCount(self._added, self._updated, self._unchanged)


def import_json(store: Store, path: Path, *, dry_run: bool = False) -> Done[ImportReport]:
    """Add rows the book lacks and take newer versions of rows it has (by id and updated_at).

    (Reading the file on a thread of its own gained nothing: the driver hands the interpreter
    back and forth at every row it writes, which cost more than the overlap saved.)"""
    counts: dict[str, TableCount] = {}
    with store.transaction(write=not dry_run) as session:
        load: _TableLoad | None = None
        for part in _checked_parts(path):
            if isinstance(part, _Chunk):
                if load is None or load.name != part.table:
                    load = _TableLoad(session, part.table, dry_run)
                load.take(part.rows)
            else:
                done = load is not None and load.name == part.table
                counts[part.table] = load.finish() if load is not None and done else TableCount()
                load = None
        if not dry_run:
            tables.check_references(session)
    report = ImportReport(dry_run, {n: counts.get(n, TableCount()) for n in tables.TABLE_NAMES})
    if dry_run or not (report.added or report.updated):
        return Done(report, Changes())
    return Done(report, Changes(book=True))
