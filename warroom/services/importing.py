"""Reading a War Room JSON export back into a book: all of it in one transaction, or nothing.

Every row meets the rules of typing it in (warroom.domain.row_checks) before anything is
written; the first row that does not stops the import with the file, table, row and field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warroom.domain.book_settings import shown
from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput
from warroom.domain.row_checks import check_row
from warroom.domain.text import QUOTE_MAX, quote
from warroom.services.exporting import FORMAT, FORMAT_VERSION
from warroom.store import tables
from warroom.store.db import Store


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


def read_document(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The decoded tables of an export file; BadInput that says what and where otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise BadInput(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot be read as UTF-8 text ({exc})") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})") from exc
    except (ValueError, RecursionError) as exc:
        # A number of thousands of digits, or lists nested thousands deep.
        raise BadInput(f"{path}: not JSON that can be read ({_short(str(exc))})") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadInput(f'{path}: not a War Room export (no "format": "{FORMAT}")')
    if document.get("version") != FORMAT_VERSION:
        version = shown(document.get("version"))
        raise BadInput(f"{path}: export version {version} is not supported")
    raw = document.get("tables")
    if not isinstance(raw, dict):
        raise BadInput(f"{path}: the export has no tables")
    unknown = set(raw) - set(tables.TABLE_NAMES)
    if unknown:
        raise BadInput(f"{path}: unknown table(s) {quote(', '.join(sorted(unknown)))}")
    decoded: dict[str, list[dict[str, Any]]] = {}
    for name in tables.TABLE_NAMES:
        rows = raw.get(name, [])
        if not isinstance(rows, list):
            raise BadInput(f"{path}: table {name} is not a list of rows")
        decoded[name] = []
        for index, row in enumerate(rows, start=1):
            try:
                if not isinstance(row, dict):
                    raise TypeError("not an object")
                check_row(name, row)
                decoded[name].append(tables.decode_row(name, row))
            except BadInput as exc:
                raise BadInput(f"{path}: {name} row {index}: {exc}") from exc
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                raise BadInput(f"{path}: {name} row {index}: {_short(str(exc))}") from exc
    return decoded


def _short(message: str) -> str:
    """A decoding error (which may hold a whole field of the file) cut to about a quote's
    length past its field name."""
    limit = QUOTE_MAX + 40
    return message if len(message) <= limit else message[: limit - 1] + "…"


def import_json(store: Store, path: Path, *, dry_run: bool = False) -> Done[ImportReport]:
    """Add rows the book lacks and take newer versions of rows it has (by id and updated_at)."""
    decoded = read_document(path)
    counts: dict[str, TableCount] = {}
    with store.transaction() as session:
        for name in tables.TABLE_NAMES:
            have = tables.existing(session, name)
            new = [row for row in decoded[name] if row["id"] not in have]
            newer = [
                row
                for row in decoded[name]
                if row["id"] in have and row["updated_at"] > have[row["id"]]
            ]
            counts[name] = TableCount(
                len(new), len(newer), len(decoded[name]) - len(new) - len(newer)
            )
            if not dry_run:
                tables.upsert(session, name, new, update=False)
                tables.upsert(session, name, newer, update=True)
        if not dry_run:
            tables.check_references(session)
    report = ImportReport(dry_run, counts)
    if dry_run or not (report.added or report.updated):
        return Done(report, Changes())
    return Done(report, Changes(book=True))
