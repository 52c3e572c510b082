"""The change log: every edit of a synced row, recorded in the edit's own transaction.

Recording starts when the laptop joins a team (the book then gets a device id); the rows that
were there before are written once as a baseline. An insert is one whole-row record (`*`), so
touches and triggers, which are facts, cost one record each; an update records the fields it
changed. Values are kept in the form SQLite stores them, so applying them elsewhere is a plain
INSERT or UPDATE.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, UOWTransaction

from warroom.domain import hlc
from warroom.domain.merge import ROW, Clocks, clock_of
from warroom.store.bulk import sqlite_time
from warroom.store.schema import TABLES, Stamped, UtcDateTime
from warroom.store.tables import TABLE_NAMES, columns, scalar_default

LOCAL_SETTINGS = "device."  # settings of one laptop (who uses it, its theme) never travel


def _storable(column_type: Any) -> Callable[[Any], Any]:
    if isinstance(column_type, UtcDateTime):
        return lambda v: None if v is None else sqlite_time(v)
    if isinstance(column_type, Date):
        return lambda v: None if v is None else date.isoformat(v)
    if isinstance(column_type, Boolean):
        return lambda v: None if v is None else int(bool(v))
    return lambda v: v


_ENCODERS: dict[str, dict[str, Callable[[Any], Any]]] = {
    table.__tablename__: {c.key: _storable(c.type) for c in table.__table__.columns}
    for table in TABLES
}


# Column defaults land at INSERT, after a new row is logged: the log fills them in itself.
_DEFAULTS: dict[str, dict[str, Any]] = {
    table.__tablename__: {c.key: scalar_default(c) for c in table.__table__.columns}
    for table in TABLES
}


def stored_values(row: Stamped) -> dict[str, Any]:
    encoders, defaults = _ENCODERS[row.__tablename__], _DEFAULTS[row.__tablename__]
    out = {}
    for name, encode in encoders.items():
        value = getattr(row, name)
        out[name] = encode(defaults[name] if value is None else value)
    return out


_TYPED: dict[str, frozenset[str]] = {
    table.__tablename__: frozenset(
        c.key for c in table.__table__.columns if isinstance(c.type, UtcDateTime | Date | Boolean)
    )
    for table in TABLES
}


def stored_rows(table_name: str, rows: list[dict[str, Any]], at: datetime) -> list[dict[str, Any]]:
    """Whole new rows as SQLite stores them (and the log records them), made at `at`: each
    row's values encoded as stored_values encodes them, over the column defaults."""
    encoders, defaults = _ENCODERS[table_name], _DEFAULTS[table_name]
    base = {name: encode(defaults[name]) for name, encode in encoders.items()}
    base["created_at"] = base["updated_at"] = sqlite_time(at)
    typed = _TYPED[table_name]  # only dates, times and booleans change when stored
    out = []
    for row in rows:
        full = {**base, **{name: value for name, value in row.items() if value is not None}}
        for name in typed.intersection(row):
            if row[name] is not None:
                full[name] = encoders[name](row[name])
        out.append(full)
    return out


def _travels(table_name: str, row_id: str) -> bool:
    return not (table_name == "settings" and row_id.startswith(LOCAL_SETTINGS))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class ChangeLog:
    """Records edits once `device` is set; shared by every session of one open book."""

    def __init__(self, clock_ms: Callable[[], int] = now_ms) -> None:
        self.device: str | None = None
        self.clock_ms = clock_ms

    def capture(self, session: Session, _flush: UOWTransaction, _instances: object) -> None:
        if self.device is None:
            return
        writes: list[tuple[str, str, str, Any]] = []
        for row in session.new:
            if isinstance(row, Stamped) and _travels(row.__tablename__, row.id):
                writes.append((row.__tablename__, row.id, ROW, stored_values(row)))
        for row in session.dirty:
            if not isinstance(row, Stamped) or not _travels(row.__tablename__, row.id):
                continue
            state = inspect(row)
            encoders = _ENCODERS[row.__tablename__]
            for name, encode in encoders.items():
                if state.attrs[name].history.has_changes():
                    writes.append((row.__tablename__, row.id, name, encode(getattr(row, name))))
        if writes:
            self.record(session.connection(), writes)

    def record(self, connection: Connection, writes: Sequence[tuple[str, str, str, Any]]) -> str:
        """Log writes (table, row id, field or `*`, stored value) under one new clock."""
        assert self.device is not None
        keys = {(table, row_id) for table, row_id, _, _ in writes}
        clocks = load_clocks(connection, keys)
        seen = [
            clock_of(clocks[(table, row_id)], name)[0]
            for table, row_id, name, _ in writes
            if (table, row_id) in clocks
        ]
        stamp = tick(connection, self.clock_ms(), self.device, max(seen, default=""))
        log: list[tuple[str, str, str, str, str, str]] = []
        for table, row_id, name, value in writes:
            row_clocks = clocks.get((table, row_id))
            prev = clock_of(row_clocks, name)[0] if row_clocks else ""
            if row_clocks is None or name == ROW:
                row_clocks = {ROW: (stamp, prev)}
            else:
                row_clocks[name] = (stamp, prev)
            clocks[(table, row_id)] = row_clocks
            log.append((table, row_id, name, json.dumps(value), stamp, prev))
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(
                "INSERT INTO changes (table_name, row_id, field, value, stamp, prev)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                log,
            )
        finally:
            cursor.close()
        save_clocks(connection, {key: clocks[key] for key in keys})
        # A local write made after seeing a losing version settles that conflict.
        settle(connection, [(t, r, f, prev) for t, r, f, _, _, prev in log if f != ROW and prev])
        return stamp

    def record_rows(
        self, connection: Connection, table: str, rows: Iterable[dict[str, Any]]
    ) -> None:
        """Log whole new rows written outside the ORM (the bulk path)."""
        if self.device is not None:
            self.record(connection, [(table, row["id"], ROW, row) for row in rows])


def settle(connection: Connection, writes: Sequence[tuple[str, str, str, str]]) -> None:
    """Drop the conflicts each write (table, row id, field, the stamp it saw) had seen: a
    write made knowing a losing version settles it. Skipped when none are waiting."""
    if writes and connection.exec_driver_sql("SELECT 1 FROM sync_conflicts LIMIT 1").first():
        cursor = connection.connection.cursor()
        try:
            cursor.executemany(
                "DELETE FROM sync_conflicts WHERE table_name = ? AND row_id = ? AND field = ?"
                " AND stamp <= ?",
                writes,
            )
        finally:
            cursor.close()


def state(connection: Connection, key: str) -> str | None:
    found = connection.exec_driver_sql("SELECT value FROM sync_state WHERE key = ?", (key,))
    value = found.scalar()
    return None if value is None else str(value)


def set_state(connection: Connection, key: str, value: str) -> None:
    connection.exec_driver_sql(
        "INSERT INTO sync_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def clock(connection: Connection) -> hlc.Hlc:
    text = state(connection, "hlc")
    if text is None:
        return hlc.ZERO
    wall, counter = text.split(".")
    return hlc.Hlc(int(wall), int(counter))


def _save_clock(connection: Connection, value: hlc.Hlc) -> None:
    set_state(connection, "hlc", f"{value.wall_ms}.{value.counter}")


def tick(connection: Connection, now: int, device: str, supersedes: str = "") -> str:
    """A new local clock stamp, persisted so it never runs backwards, even across restarts.

    `supersedes`: the newest stamp the edit replaces. An edit must order after what it saw,
    so if that stamp is ahead of this clock (a laptop with a wrong clock wrote it), the edit
    takes the stamp right after it, without moving this clock there."""
    value = clock(connection).tick(now)
    _save_clock(connection, value)
    if supersedes and hlc.parse(supersedes) >= value:
        value = hlc.parse(supersedes).after()
    return value.stamp(device)


def seen(connection: Connection, stamp: str, now: int) -> None:
    """Move the clock past a stamp received from another device (never far past `now`)."""
    current = clock(connection)
    value = current.seen(hlc.parse(stamp), now)
    if value > current:
        _save_clock(connection, value)


def load_clocks(
    connection: Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], Clocks]:
    out: dict[tuple[str, str], Clocks] = {}
    by_table: dict[str, list[str]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    for table, ids in by_table.items():
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            # One table per query, so SQLite walks the primary key instead of scanning.
            found = connection.exec_driver_sql(
                "SELECT row_id, stamp, prev, fields FROM sync_rows WHERE table_name = ?"
                f" AND row_id IN ({','.join('?' for _ in chunk)})",
                (table, *chunk),
            )
            for row_id, stamp, prev, fields in found:
                clocks: Clocks = {ROW: (stamp, prev)}
                if fields:
                    clocks.update({k: (v[0], v[1]) for k, v in json.loads(fields).items()})
                out[(table, row_id)] = clocks
    return out


def save_clocks(connection: Connection, clocks: dict[tuple[str, str], Clocks]) -> None:
    cursor = connection.connection.cursor()
    try:
        cursor.executemany(
            "INSERT OR REPLACE INTO sync_rows (table_name, row_id, stamp, prev, fields)"
            " VALUES (?, ?, ?, ?, ?)",
            [(table, row_id, *_columns_of(value)) for (table, row_id), value in clocks.items()],
        )
    finally:
        cursor.close()


def _columns_of(clocks: Clocks) -> tuple[str, str, str | None]:
    stamp, prev = clocks[ROW]
    if len(clocks) == 1:
        return stamp, prev, None
    fields = {k: list(v) for k, v in clocks.items() if k != ROW}
    return stamp, prev, json.dumps(fields, separators=(",", ":"))


def baseline(connection: Connection, log: ChangeLog) -> int:
    """Log every row that has no clock yet as a whole-row write; returns how many."""
    total = 0
    for name in TABLE_NAMES:
        cols = columns(name)
        found = connection.exec_driver_sql(
            f"SELECT {', '.join(cols)} FROM {name} WHERE NOT EXISTS"  # names from our schema
            f" (SELECT 1 FROM sync_rows s WHERE s.table_name = ? AND s.row_id = {name}.id)",
            (name,),
        )
        rows = [dict(zip(cols, row, strict=True)) for row in found]
        rows = [row for row in rows if _travels(name, row["id"])]
        if rows:
            log.record_rows(connection, name, rows)
            total += len(rows)
    return total


def heal(connection: Connection, now: int, after: int, device: str) -> int:
    """Bring back a clock that ran far ahead, once the wall clock `now` is right again.

    This laptop's own edits after change `after` (not published yet, so nobody else has them)
    that carry stamps from that future take stamps of now, in the order they were made and
    each still after the version it replaced; the clock itself comes back to now. Returns how
    many edits were re-timed (0 when the clock was not ahead)."""
    current = clock(connection)
    if not current.is_ahead(now):
        return 0
    limit = hlc.Hlc(now + hlc.MAX_AHEAD_MS, 0).stamp("")
    newest = [hlc.Hlc(now, 0)]
    for query in (
        "SELECT max(stamp) FROM sync_rows WHERE stamp < ?",
        "SELECT max(stamp) FROM sync_conflicts WHERE stamp < ?",
    ):
        found = connection.exec_driver_sql(query, (limit,)).scalar()
        if found:
            newest.append(hlc.parse(str(found)))
    value = max(newest)
    rows = list(
        connection.exec_driver_sql(
            "SELECT seq, table_name, row_id, stamp, prev FROM changes WHERE seq > ? ORDER BY seq",
            (after,),
        )
    )
    prevs: dict[str, list[str]] = {}
    for _seq, _table, _row, stamp, prev in rows:
        prevs.setdefault(stamp, []).append(prev)
    fresh: dict[str, str] = {}
    for _seq, _table, _row, stamp, _prev in rows:
        if stamp in fresh or hlc.device_of(stamp) != device:
            continue
        if not hlc.parse(stamp).is_ahead(now):
            continue
        value = value.tick(now)
        new = value
        for prev in prevs[stamp]:
            replaced = fresh.get(prev, prev)
            if replaced and hlc.parse(replaced) >= new:
                new = hlc.parse(replaced).after()  # still after a teammate's future stamp
        fresh[stamp] = new.stamp(device)
    _save_clock(connection, value)
    keys = {(table, row) for _seq, table, row, stamp, _prev in rows if stamp in fresh}
    _retime(connection, after, fresh, keys)
    return len(fresh)


def _retime(
    connection: Connection, after: int, fresh: dict[str, str], keys: set[tuple[str, str]]
) -> None:
    cursor = connection.connection.cursor()
    try:
        for old, new in fresh.items():
            cursor.execute(
                "UPDATE changes SET stamp = ? WHERE stamp = ? AND seq > ?", (new, old, after)
            )
            cursor.execute(
                "UPDATE changes SET prev = ? WHERE prev = ? AND seq > ?", (new, old, after)
            )
            cursor.execute("UPDATE sync_conflicts SET winner = ? WHERE winner = ?", (new, old))
            cursor.execute("UPDATE sync_conflicts SET stamp = ? WHERE stamp = ?", (new, old))
        for table, row_id in keys:
            found = cursor.execute(
                "SELECT stamp, prev, fields FROM sync_rows WHERE table_name = ? AND row_id = ?",
                (table, row_id),
            ).fetchone()
            if found is None:
                continue
            stamp, prev, fields = found
            if fields:
                fields = json.dumps(
                    {
                        k: [fresh.get(v[0], v[0]), fresh.get(v[1], v[1])]
                        for k, v in json.loads(fields).items()
                    },
                    separators=(",", ":"),
                )
            cursor.execute(
                "UPDATE sync_rows SET stamp = ?, prev = ?, fields = ?"
                " WHERE table_name = ? AND row_id = ?",
                (fresh.get(stamp, stamp), fresh.get(prev, prev), fields, table, row_id),
            )
    finally:
        cursor.close()
