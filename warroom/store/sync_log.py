"""What this laptop knows of the shared folder: its device, what it published and applied,
what it set aside, and the conflicts waiting for review. None of it travels."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Connection

from warroom.domain import hlc
from warroom.domain.merge import Write, clock_of
from warroom.store.bulk import sqlite_time
from warroom.store.changelog import ChangeLog, baseline, load_clocks, set_state, state


@dataclass(frozen=True)
class Published:
    device: str
    seq: int
    hash: str
    last_change: int


@dataclass(frozen=True)
class Conflict:
    id: int
    table: str
    row_id: str
    field: str
    theirs: Any  # the losing value, kept
    stamp: str
    winner: str
    current: Any  # the value the row holds now
    label: str  # what the row is, in the seller's words
    theirs_by: str  # which laptop wrote each version, and when
    theirs_at: datetime
    current_by: str
    current_at: datetime


@dataclass(frozen=True)
class Quarantined:
    device: str
    seq: int
    file_hash: str
    reason: str
    at: str


def join(connection: Connection, log: ChangeLog, team: str, device: str, name: str) -> int:
    """Start recording edits as `device` of `team`; returns how many rows the baseline logged."""
    set_state(connection, "team", team)
    set_state(connection, "device", device)
    set_state(connection, "device_name", name)
    log.device = device
    return baseline(connection, log)


def last_published(connection: Connection, device: str) -> Published | None:
    row = connection.exec_driver_sql(
        "SELECT device, seq, hash, last_change FROM sync_published WHERE device = ?"
        " ORDER BY seq DESC LIMIT 1",
        (device,),
    ).first()
    return None if row is None else Published(row[0], row[1], row[2], row[3])


def published(connection: Connection, device: str) -> list[Published]:
    rows = connection.exec_driver_sql(
        "SELECT device, seq, hash, last_change FROM sync_published WHERE device = ? ORDER BY seq",
        (device,),
    )
    return [Published(*row) for row in rows]


def mark_published(connection: Connection, done: Published) -> None:
    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO sync_published (device, seq, hash, last_change)"
        " VALUES (?, ?, ?, ?)",
        (done.device, done.seq, done.hash, done.last_change),
    )


def last_change(connection: Connection) -> int:
    return int(
        connection.exec_driver_sql("SELECT coalesce(max(seq), 0) FROM changes").scalar() or 0
    )


def unpublished(connection: Connection, after: int, limit: int) -> Iterator[tuple[int, Write]]:
    """This laptop's change records after number `after`, oldest first."""
    rows = connection.exec_driver_sql(
        "SELECT seq, table_name, row_id, field, value, stamp, prev FROM changes"
        " WHERE seq > ? ORDER BY seq LIMIT ?",
        (after, limit),
    )
    for seq, table, row_id, name, value, stamp, prev in rows:
        yield seq, Write(table, row_id, name, json.loads(value), stamp, prev)


def own_writes(connection: Connection, first: int, last: int) -> list[Write]:
    return [w for _, w in unpublished(connection, first - 1, last - first + 1)]


def restamp(connection: Connection, after: int, old: str, new: str) -> None:
    """Give the unpublished edits of a cloned device stamps of its new identity, everywhere
    they are kept, so they can never equal the other copy's."""
    rows = list(
        connection.exec_driver_sql(
            "SELECT DISTINCT table_name, row_id, stamp FROM changes WHERE seq > ?", (after,)
        )
    )
    for table, row_id, stamp in rows:
        if not stamp.endswith(old):
            continue
        fresh = stamp[: -len(old)] + new
        connection.exec_driver_sql(
            "UPDATE sync_rows SET stamp = replace(stamp, ?1, ?2), prev = replace(prev, ?1, ?2),"
            " fields = replace(fields, ?1, ?2) WHERE table_name = ?3 AND row_id = ?4",
            (stamp, fresh, table, row_id),
        )
        connection.exec_driver_sql(
            "UPDATE changes SET stamp = ? WHERE stamp = ? AND seq > ?", (fresh, stamp, after)
        )
        connection.exec_driver_sql(
            "UPDATE changes SET prev = ? WHERE prev = ? AND seq > ?", (fresh, stamp, after)
        )


def applied(connection: Connection, device: str) -> dict[int, str]:
    rows = connection.exec_driver_sql(
        "SELECT seq, hash FROM sync_applied WHERE device = ?", (device,)
    )
    return {seq: digest for seq, digest in rows}


def applied_through(connection: Connection) -> dict[str, int]:
    """For each other device, the number up to which all its segments are applied (or
    skipped): a sync asks the share only for what comes after."""
    through: dict[str, int] = {}
    rows = connection.exec_driver_sql("SELECT device, seq FROM sync_applied ORDER BY device, seq")
    for device, seq in rows:
        if seq == through.get(device, 0) + 1:
            through[device] = seq
    return through


def mark_applied(connection: Connection, device: str, seq: int, digest: str, count: int) -> None:
    connection.exec_driver_sql(
        "INSERT OR IGNORE INTO sync_applied (device, seq, hash, changes) VALUES (?, ?, ?, ?)",
        (device, seq, digest, count),
    )


def devices_seen(connection: Connection) -> list[tuple[str, int, int]]:
    """(device, segments applied, changes applied) for every other device."""
    rows = connection.exec_driver_sql(
        "SELECT device, count(*), sum(changes) FROM sync_applied GROUP BY device ORDER BY device"
    )
    return [(device, int(count), int(total or 0)) for device, count, total in rows]


def quarantine(
    connection: Connection, device: str, seq: int, file_hash: str, reason: str, at: datetime
) -> None:
    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO sync_quarantine (device, seq, file_hash, reason, at)"
        " VALUES (?, ?, ?, ?, ?)",
        (device, seq, file_hash, reason, sqlite_time(at)),
    )


def release(connection: Connection, device: str, seq: int) -> None:
    connection.exec_driver_sql(
        "DELETE FROM sync_quarantine WHERE device = ? AND seq = ?", (device, seq)
    )


def quarantined(connection: Connection) -> list[Quarantined]:
    rows = connection.exec_driver_sql(
        "SELECT device, seq, file_hash, reason, at FROM sync_quarantine ORDER BY device, seq"
    )
    return [Quarantined(*row) for row in rows]


def conflicts(connection: Connection) -> list[Conflict]:
    rows = list(
        connection.exec_driver_sql(
            "SELECT id, table_name, row_id, field, value, stamp, winner FROM sync_conflicts"
            " ORDER BY table_name, row_id, field, stamp"
        )
    )
    out = []
    clocks = load_clocks(connection, {(table, row_id) for _, table, row_id, *_ in rows})
    for conflict_id, table, row_id, name, value, stamp, winner in rows:
        current = connection.exec_driver_sql(
            f"SELECT {name} FROM {table} WHERE id = ?",  # names checked when the loser was kept
            (row_id,),
        ).scalar()
        label = _label(connection, table, row_id)
        # Who wrote what the row holds now: with three versions at once, the one this loser
        # lost to may itself have lost since (its author was named beside another's value).
        held = clocks.get((table, row_id))
        holder = clock_of(held, name)[0] if held else winner
        out.append(
            Conflict(
                conflict_id,
                table,
                row_id,
                name,
                json.loads(value),
                stamp,
                winner,
                current,
                label,
                *_who(connection, stamp),
                *_who(connection, holder),
            )
        )
    return out


def _who(connection: Connection, stamp: str) -> tuple[str, datetime]:
    device = hlc.device_of(stamp)
    at = datetime.fromtimestamp(hlc.parse(stamp).wall_ms / 1000, UTC)
    if device == state(connection, "device"):
        return "this laptop", at
    return state(connection, f"peer:{device}") or f"device {device[:8]}", at


_LABELS = {
    "whales": ("whale", "SELECT name FROM whales WHERE id = ?"),
    "deals": (
        "deal at",
        "SELECT w.name FROM deals d JOIN whales w ON w.id = d.whale_id WHERE d.id = ?",
    ),
    "stakeholders": ("stakeholder", "SELECT name FROM stakeholders WHERE id = ?"),
    "reps": ("rep", "SELECT name FROM reps WHERE id = ?"),
    "touches": (
        "touch at",
        "SELECT w.name FROM touches t JOIN whales w ON w.id = t.whale_id WHERE t.id = ?",
    ),
    "cadence_templates": ("cadence", "SELECT name FROM cadence_templates WHERE id = ?"),
}


def _label(connection: Connection, table: str, row_id: str) -> str:
    if table == "settings":
        return f"team setting {row_id}"
    what, query = _LABELS.get(table, (table.rstrip("s").replace("_", " "), ""))
    name = connection.exec_driver_sql(query, (row_id,)).scalar() if query else None
    return f"{what} {name}" if name else f"{what} {row_id[:8]}"


def conflict_count(connection: Connection) -> int:
    return int(connection.exec_driver_sql("SELECT count(*) FROM sync_conflicts").scalar() or 0)


def choose(connection: Connection, log: ChangeLog, conflict: Conflict, take_theirs: bool) -> None:
    """Settle a conflict as a new edit of the field, so the choice itself syncs."""
    value = conflict.theirs if take_theirs else conflict.current
    connection.exec_driver_sql(
        f"UPDATE {conflict.table} SET {conflict.field} = ? WHERE id = ?",  # checked names
        (value, conflict.row_id),
    )
    if log.device is not None:
        log.record(connection, [(conflict.table, conflict.row_id, conflict.field, value)])
    connection.exec_driver_sql("DELETE FROM sync_conflicts WHERE id = ?", (conflict.id,))


_PEER_CLOCK = "clock:"


def note_peer_clock(connection: Connection, device: str, ms: int) -> None:
    """Another laptop's wall clock when it sealed its newest file applied here."""
    known = state(connection, _PEER_CLOCK + device)
    if known is None or int(known) < ms:
        set_state(connection, _PEER_CLOCK + device, str(ms))


def peer_clocks(connection: Connection) -> list[int]:
    rows = connection.exec_driver_sql(
        "SELECT value FROM sync_state WHERE key >= ? AND key < ?",
        (_PEER_CLOCK, _PEER_CLOCK[:-1] + ";"),
    )
    return [int(value) for (value,) in rows]
