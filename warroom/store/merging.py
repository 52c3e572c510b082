"""Applying other devices' change records to this book, one segment per transaction."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from warroom.domain import hlc
from warroom.domain.merge import DELETED, ROW, Clocks, Loser, MissingRow, Write, clock_of, land
from warroom.store.changelog import ChangeLog, load_clocks, save_clocks, seen, settle
from warroom.store.db import Store
from warroom.store.tables import TABLE_NAMES, absent_values, columns
from warroom.store.written import note_rows


class BadRecord(ValueError):
    """A change record that names no table or field of ours: the file is not to be trusted."""


@dataclass
class Merged:
    changes: int = 0
    conflicts: int = 0
    worked_at: set[str] = field(default_factory=set)  # whales whose own rows were written
    # Whales brought back here by work after their delete: id -> (name, deleted here).
    revived: dict[str, tuple[str, bool]] = field(default_factory=dict)
    back: dict[str, str] = field(default_factory=dict)  # deleted here, live in these writes


# A rep's work at a whale, in rows of its own: a delete made before it does not take the whale
# away, as an edit of one of the whale's own fields would not (domain.merge). A day's plan and
# a cadence's steps are written by the app itself, not by a rep at work, and do not count.
_WORK_AT_A_WHALE = frozenset({"deals", "stakeholders", "touches", "triggers", "tasks"})


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
    was_deleted = {key for key, row in rows.items() if key[0] == "whales" and row["deleted_at"]}
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
    merged.worked_at = {rows[key]["whale_id"] for key in dirty if key[0] in _WORK_AT_A_WHALE} | {
        row_id for table, row_id in dirty if table == "whales"
    }
    merged.back = {
        row_id: rows[(table, row_id)]["name"]
        for table, row_id in was_deleted
        if rows[(table, row_id)]["deleted_at"] is None
    }
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


def revive_worked_at(
    connection: Connection, log: ChangeLog, whale_ids: set[str]
) -> dict[str, tuple[str, bool]]:
    """Bring back each of these whales that is deleted though work at it (a touch, a deal's
    change, a person, a trigger, a planned touch) was done after the delete; returns those
    brought back (id -> name, and whether this laptop made the delete). Bringing one back is
    an edit of this laptop, stamped after both, so it syncs like any other; each laptop that
    sees the two does the same, and they agree."""
    whales = _rows(connection, {("whales", whale_id) for whale_id in whale_ids})
    deleted = {row["id"]: row["name"] for row in whales.values() if row["deleted_at"]}
    if not deleted:
        return {}
    clocks = load_clocks(connection, {("whales", whale_id) for whale_id in deleted})
    deleted_at = {w: clock_of(clocks[("whales", w)], DELETED)[0] for w in deleted}
    newest = _newest_work(connection, list(deleted))
    back = [w for w in sorted(deleted) if newest.get(w, "") > deleted_at[w]]
    if not back:
        return {}
    connection.exec_driver_sql(
        f"UPDATE whales SET deleted_at = NULL WHERE id IN ({','.join('?' for _ in back)})",
        tuple(back),
    )
    log.record(connection, [("whales", whale_id, DELETED, None) for whale_id in back])
    return {w: (deleted[w], hlc.device_of(deleted_at[w]) == log.device) for w in back}


def _newest_work(connection: Connection, whale_ids: list[str]) -> dict[str, str]:
    """Per whale, the newest stamp of any write to its own rows (any field, ever)."""
    marks = ",".join("?" for _ in whale_ids)
    owner: dict[tuple[str, str], str] = {}
    for table in sorted(_WORK_AT_A_WHALE):
        found = connection.exec_driver_sql(
            f"SELECT id, whale_id FROM {table} WHERE whale_id IN ({marks})",  # our names
            tuple(whale_ids),
        )
        owner.update(((table, row_id), whale_id) for row_id, whale_id in found)
    newest: dict[str, str] = {}
    for key, clocks in load_clocks(connection, owner).items():
        stamp = max(stamp for stamp, _ in clocks.values())
        whale_id = owner[key]
        newest[whale_id] = max(newest.get(whale_id, ""), stamp)
    return newest


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
            merged.revived = revive_worked_at(connection, store.log, merged.worked_at)
            session.info.setdefault("touched", set()).update(by_table)
            connection.exec_driver_sql(
                "INSERT INTO sync_applied (device, seq, hash, changes) VALUES (?, ?, ?, ?)",
                (device, seq, digest, len(writes)),
            )
    except (MissingRow, IntegrityError):
        return None
    return merged
