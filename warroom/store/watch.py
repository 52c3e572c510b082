"""Write marks: which tables other processes (the command line, a sync run elsewhere, another
copy of the app) wrote since this one last looked, so the open app can show their edits.

Every transaction that writes bumps a counter per table it wrote, in the same transaction.
This process remembers the counters as it left them; a counter it did not move is someone
else's write. The check inside a writing transaction runs under SQLite's write lock, so no
other writer can slip between reading the counters and bumping them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from warroom.store.written import log_commit

_PREFIX = "writes."
_BEGAN = "changes_at_begin"


_READ = "SELECT key, value FROM sync_state WHERE key >= ? AND key < ?"


def read(connection: Connection) -> dict[str, int]:
    return _counters(connection.exec_driver_sql(_READ, (_PREFIX, _PREFIX + "~")))


def read_driver(connection: sqlite3.Connection) -> dict[str, int]:
    """The counters through a bare driver connection (one outside any session)."""
    return _counters(connection.execute(_READ, (_PREFIX, _PREFIX + "~")))


def _counters(rows: Iterable[Any]) -> dict[str, int]:
    return {str(key)[len(_PREFIX) :]: int(value) for key, value in rows}


def _bump(connection: Connection, tables: Iterable[str]) -> None:
    for table in sorted(tables):
        connection.exec_driver_sql(
            "INSERT INTO sync_state (key, value) VALUES (?, '1') ON CONFLICT (key)"
            " DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
            (_PREFIX + table,),
        )


class WriteMarks:
    """The counters as this process last saw them, and tables found written by others."""

    def __init__(self) -> None:
        self._seen: dict[str, int] | None = None
        self._outside: set[str] = set()

    def start(self, connection: Connection) -> None:
        """The counters as the book opens: whatever others write from now on shows."""
        self._seen = read(connection)

    def _note(self, current: dict[str, int]) -> None:
        if self._seen is not None:
            names = current.keys() | self._seen.keys()
            self._outside |= {t for t in names if current.get(t) != self._seen.get(t)}

    def before_commit(self, session: Session) -> None:
        # The commit's own last flush comes after this hook: make it happen first.
        session.flush()
        if session.in_nested_transaction():
            return  # a savepoint's release: its tables are bumped when the whole commits
        touched: set[str] = session.info.pop("touched", set())
        if not touched:
            return
        connection = session.connection()
        current = read(connection)
        self._note(current)
        _bump(connection, touched)
        self._seen = {**current, **{t: current.get(t, 0) + 1 for t in touched}}
        log_commit(session, touched, self._seen)

    def take_outside(self, connection: Connection) -> set[str]:
        """Tables written by others since the last call (none the first time)."""
        current = read(connection)
        self._note(current)
        self._seen = current
        found, self._outside = self._outside, set()
        return found


def marks_of(session: Session, tables: Iterable[str]) -> tuple[int, ...] | None:
    """The write counters of `tables` as this transaction sees them, to key what is read
    from those tables; None when this transaction has written anything itself: until it
    commits, its writes (and the counters it moved) may yet be rolled back."""
    if wrote_in_transaction(session):
        return None
    return marks_in(read(session.connection()), tables)


def marks_in(counters: dict[str, int], tables: Iterable[str]) -> tuple[int, ...]:
    return tuple(counters.get(table, 0) for table in sorted(tables))


def transaction_began(connection: Connection) -> None:
    """Note the connection's count of changes as a transaction begins: what it writes from
    here on (rows through the ORM or raw SQL, the counters above) moves the count."""
    connection.info[_BEGAN] = _changes(connection)


def wrote_in_transaction(session: Session) -> bool:
    """Whether the transaction `session` is in has written anything, committed or not."""
    session.flush()
    connection = session.connection()
    return _changes(connection) != connection.info.get(_BEGAN)


def _changes(connection: Connection) -> int:
    raw = connection.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw.total_changes
