"""The bulk path: many rows (touches, an import's whales) in one transaction through the
driver's executemany.

ORM add_all is ~39x raw sqlite3 and Core insert ~4.3x (shared/RECIPES.md); handing prepared
tuples straight to the DBAPI cursor inside the session's transaction keeps us near raw speed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from warroom.domain.records import Touch

CHUNK = 50_000
SORT_THREADS = 2
_TOUCH_COLUMNS = (
    "id",
    "whale_id",
    "rep_id",
    "stakeholder_id",
    "kind",
    "occurred_at",
    "note",
    "created_at",
    "updated_at",
    "deleted_at",
)
_INSERT_TOUCH = (
    "INSERT INTO touches (id, whale_id, rep_id, stakeholder_id, kind, occurred_at, note,"
    " created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"
)


def sqlite_time(value: datetime) -> str:
    """The text SQLAlchemy's DateTime writes for SQLite, from an aware time, in UTC."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _chunks(rows: Iterable[tuple[object, ...]]) -> Iterator[list[tuple[object, ...]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def insert_touches(session: Session, touches: Iterable[Touch], at: datetime) -> int:
    """Insert touches in the session's transaction; returns how many."""
    stamp = sqlite_time(at)
    rows = (
        (
            t.id,
            t.whale_id,
            t.rep_id,
            t.stakeholder_id,
            t.kind,
            sqlite_time(t.occurred_at),
            t.note,
            stamp,
            stamp,
        )
        for t in touches
    )
    log = session.info.get("log")
    capture = session.info.get("capture")
    cursor = session.connection().connection.cursor()
    total = 0
    try:
        for chunk in _chunks(rows):
            cursor.executemany(_INSERT_TOUCH, chunk)
            total += len(chunk)
            if capture is not None:
                capture.rows_added(session, "touches", [str(row[0]) for row in chunk])
            if log is not None:
                log.record_rows(
                    session.connection(),
                    "touches",
                    (dict(zip(_TOUCH_COLUMNS, (*row, None), strict=True)) for row in chunk),
                )
    finally:
        cursor.close()
    return total


def insert_new(session: Session, table: str, rows: list[dict[str, Any]], at: datetime) -> int:
    """Insert new rows of `table` (each a dict of its columns; the rest take their defaults),
    recorded for undo and sync as one ORM insert would be; returns how many."""
    from warroom.store.changelog import stored_rows  # changelog imports this module

    return insert_stored(session, table, stored_rows(table, rows, at))


def insert_stored(session: Session, table: str, full: list[dict[str, Any]]) -> int:
    """Insert whole rows of `table` already in the form SQLite stores (every column, each
    row's keys in the same order), recorded for undo and sync; returns how many."""
    if not full:
        return 0
    names = list(full[0])
    values = itemgetter(*names)
    insert = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    log = session.info.get("log")
    capture = session.info.get("capture")
    cursor = session.connection().connection.cursor()
    try:
        for start in range(0, len(full), CHUNK):
            chunk = full[start : start + CHUNK]
            cursor.executemany(insert, list(map(values, chunk)))
            if capture is not None:
                capture.rows_added(session, table, [str(row["id"]) for row in chunk])
            if log is not None:
                log.record_rows(session.connection(), table, chunk)
    finally:
        cursor.close()
    return len(full)


class IndexesAside:
    """A table's secondary indexes, dropped while many rows go in and built again after.

    Half a million touches inserted into five indexes took 24 s (each row lands at a random
    place in four of them); inserted bare and indexed after, 9 s. Indexes that keep a rule
    (UNIQUE) stay, and the primary key cannot go; so does an index on a column pointing at
    the table itself (a stakeholder's boss): while a row points at one not in yet, SQLite
    looks for the rows pointing at each row it inserts, and without that index it read the
    whole table each time (a sales floor's 135,000 people ran for many minutes). It all
    happens inside the caller's transaction, so a failed load rolls the indexes back with
    the rows."""

    def __init__(self, session: Session, table: str) -> None:
        self._session, self._table = session, table
        self._dropped: list[tuple[str, str]] = []

    @property
    def aside(self) -> bool:
        return bool(self._dropped)

    def drop(self) -> None:
        connection = self._session.connection()
        found = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
            (self._table,),
        )
        listed = [(str(name), str(sql)) for name, sql in found]
        own = {
            str(row[3])
            for row in connection.exec_driver_sql(f'PRAGMA foreign_key_list("{self._table}")')
            if row[2] == self._table
        }
        self._dropped = [(name, sql) for name, sql in listed if self._first(name) not in own]
        for name, _ in self._dropped:
            connection.exec_driver_sql(f'DROP INDEX "{name}"')  # a name SQLite gave us

    def _first(self, index: str) -> str:
        """The first column of an index of this table."""
        found = self._session.connection().exec_driver_sql(f'PRAGMA index_info("{index}")')
        return str(next(row[2] for row in found if row[0] == 0))

    def restore(self) -> None:
        connection = self._session.connection()
        # Building an index is mostly a sort, which SQLite splits across threads when let:
        # a third faster on two cores.
        connection.exec_driver_sql(f"PRAGMA threads = {SORT_THREADS}")
        try:
            for _, sql in self._dropped:
                connection.exec_driver_sql(sql)
        finally:
            connection.exec_driver_sql("PRAGMA threads = 0")
        self._dropped = []
