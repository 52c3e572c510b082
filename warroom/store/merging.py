"""Applying other devices' change records to this book, one segment per transaction."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from warroom.domain.merge import ROW, Clocks, Loser, MissingRow, Write, land
from warroom.store.changelog import load_clocks, save_clocks, seen, settle
from warroom.store.db import Store
from warroom.store.tables import TABLE_NAMES, absent_values, columns
from warroom.store.written import note_rows


class BadRecord(ValueError):
    """A change record that names no table or field of ours: the file is not to be trusted."""


@dataclass
class Merged:
    changes: int = 0
    conflicts: int = 0


_KNOWN = {table: frozenset(columns(table)) for table in TABLE_NAMES}
_ABSENT = {table: absent_values(table) for table in TABLE_NAMES}
_VALUES = {table: itemgetter(*columns(table)) for table in TABLE_NAMES}
_VALUES_BUT_ID = {
    table: itemgetter(*(c for c in columns(table) if c != "id")) for table in TABLE_NAMES
}


def _check(write: Write) -> Write:
    """The write, whole: a row from an older app (without the columns added since) takes
    their defaults; anything else that is not ours is a BadRecord."""
    known = _KNOWN.get(write.table)
    if known is None:
        raise BadRecord(f"unknown table {write.table!r}")
    if write.field == ROW:
        if not isinstance(write.value, dict) or write.value.keys() != known:
            if not isinstance(write.value, dict) or not _older_row(write.table, write.value):
                raise BadRecord(f"a {write.table} row with the wrong fields")
            return write._replace(value={**_ABSENT[write.table], **write.value})
    elif write.field not in known or write.field == "id":
        raise BadRecord(f"unknown field {write.table}.{write.field}")
    return write


def _older_row(table: str, row: dict[str, Any]) -> bool:
    """Only fields of ours, and what is missing may be left out."""
    return row.keys() <= _KNOWN[table] and _KNOWN[table] - row.keys() <= _ABSENT[table].keys()


def _rows(
    connection: Connection, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, row_id in keys:
        by_table[table].append(row_id)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for table, ids in by_table.items():
        cols = columns(table)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found = connection.exec_driver_sql(
                f"SELECT {', '.join(cols)} FROM {table}"  # names from our schema
                f" WHERE id IN ({','.join('?' for _ in chunk)})",
                tuple(chunk),
            )
            for row in found:
                values = dict(zip(cols, row, strict=True))
                out[(table, values["id"])] = values
    return out


def merge(connection: Connection, writes: Sequence[Write], now_ms: int) -> Merged:
    """Land every write on its row and store the result; MissingRow if a row is not here yet.
    `now_ms`: this laptop's wall clock, which bounds how far the writes move its own."""
    writes = [_check(write) for write in writes]
    keys = {(w.table, w.row_id) for w in writes}
    clocks: dict[tuple[str, str], Clocks] = load_clocks(connection, keys)
    # Every row of a book in a team has clocks (the baseline gave the older ones theirs), so
    # only rows with clocks need reading; the others are new here.
    rows = _rows(connection, set(clocks))
    existed = set(rows)
    merged = Merged(changes=len(writes))
    dirty: set[tuple[str, str]] = set()
    losers: list[Loser] = []
    settled: list[tuple[str, str, str, str]] = []
    newest = ""
    for write in writes:
        key = (write.table, write.row_id)
        if write.field == ROW and key not in clocks:
            # The common case by far, a row new here: no register to compare with.
            rows[key], clocks[key] = write.value, {ROW: (write.stamp, write.prev)}
            dirty.add(key)
            newest = max(newest, write.stamp)
            continue
        landed = land(rows.get(key), clocks.get(key), write)
        rows[key], clocks[key] = landed.row, landed.clocks
        dirty.add(key)
        losers.extend(landed.losers)
        if write.prev and write.field != ROW:
            settled.append((write.table, write.row_id, write.field, write.prev))
        newest = max(newest, write.stamp)
    _store_rows(connection, {key: rows[key] for key in dirty}, existed)
    save_clocks(connection, {key: clocks[key] for key in dirty})
    merged.conflicts = _keep_losers(connection, losers)
    settle(connection, settled)
    if newest:
        seen(connection, newest, now_ms)
    return merged


def _store_rows(
    connection: Connection,
    rows: dict[tuple[str, str], dict[str, Any]],
    existed: set[tuple[str, str]],
) -> None:
    inserts: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    updates: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for (table, row_id), values in rows.items():
        if (table, row_id) in existed:
            updates[table].append((*_VALUES_BUT_ID[table](values), row_id))
        else:
            inserts[table].append(_VALUES[table](values))
    cursor = connection.connection.cursor()
    try:
        for table, batch in inserts.items():
            cols = columns(table)
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(cols)})"  # names from our schema
                f" VALUES ({', '.join('?' for _ in cols)})",
                batch,
            )
        for table, batch in updates.items():
            sets = ", ".join(f"{c} = ?" for c in columns(table) if c != "id")
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = ?", batch)
    finally:
        cursor.close()


def _keep_losers(connection: Connection, losers: list[Loser]) -> int:
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(
            "INSERT OR IGNORE INTO sync_conflicts"
            " (table_name, row_id, field, value, stamp, winner) VALUES (?, ?, ?, ?, ?, ?)",
            [(x.table, x.row_id, x.field, json.dumps(x.value), x.stamp, x.winner) for x in losers],
        )
    finally:
        cursor.close()
    return len(losers)


def apply_segment(
    store: Store, device: str, seq: int, digest: str, writes: Sequence[Write]
) -> Merged | None:
    """Apply one segment with the record of having applied it; None when it must wait for
    rows another device's file creates (its edits, or its foreign keys, point at them)."""
    try:
        with store.transaction(write=True) as session:
            connection = session.connection()
            by_table: dict[str, set[str]] = {}
            for write in writes:
                by_table.setdefault(write.table, set()).add(write.row_id)
            for table, ids in by_table.items():
                note_rows(session, table, sorted(ids), before=True)
            merged = merge(connection, writes, store.log.clock_ms())
            session.info.setdefault("touched", set()).update(by_table)
            connection.exec_driver_sql(
                "INSERT INTO sync_applied (device, seq, hash, changes) VALUES (?, ?, ?, ?)",
                (device, seq, digest, len(writes)),
            )
    except (MissingRow, IntegrityError):
        return None
    return merged
