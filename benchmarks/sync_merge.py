"""20 devices x 50,000 changes merged into an empty book vs raw sqlite3 (target <= 3x); then
100 new changes on that 1,000,000-change history (target < 1 s: the history is not re-read).

The segments are sealed as real devices seal them (compressed, AES-GCM); each device brings
a rep, 500 whales, 45,000 touches and 4,499 edits of its whales' notes. The raw side inserts
the same final rows, read back from the merged book, with executemany into a fresh book.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warroom.domain.hlc import Hlc
from warroom.domain.merge import ROW, Write
from warroom.services import segments
from warroom.services.segments import Segment, Team
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.store.bulk import sqlite_time
from warroom.store.db import open_store

DEVICES = int(os.environ.get("BENCH_DEVICES", "20"))
PER_DEVICE = 50_000
WHALES = 500
TOUCHES = 45_000
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BASE_MS = int(NOW.timestamp() * 1000) - 86_400_000


def _stamped(value: datetime) -> str:
    return sqlite_time(value)


def _device_writes(index: int, device: str, start: int, count: int | None = None) -> list[Write]:
    clock = Hlc(BASE_MS + index, 0)
    writes: list[Write] = []

    def stamp() -> str:
        nonlocal clock
        clock = clock.tick(clock.wall_ms + 1)
        return clock.stamp(device)

    at = _stamped(NOW)
    rep = f"{index:08x}-0000-4000-8000-000000000000"
    writes.append(
        Write(
            "reps",
            rep,
            ROW,
            {
                "id": rep,
                "name": f"Rep {index}",
                "email": "",
                "timezone": "UTC",
                "lunch_cutoff": "12:00",
                "workdays": "12345",
                "created_at": at,
                "updated_at": at,
                "deleted_at": None,
            },
            stamp(),
        )
    )
    whales = [f"{index:08x}-0000-4000-8001-{n:012d}" for n in range(WHALES)]
    for n, whale in enumerate(whales):
        writes.append(
            Write(
                "whales",
                whale,
                ROW,
                {
                    "id": whale,
                    "name": f"Whale {index}-{n}",
                    "web_domain": "",
                    "industry": "",
                    "owner_id": rep,
                    "why_now": "",
                    "past_attempts": "",
                    "past_proposals": "",
                    "competitors": "",
                    "notes": "",
                    "listening": "",
                    "top_ten": 0,
                    "created_at": at,
                    "updated_at": at,
                    "deleted_at": None,
                },
                stamp(),
            )
        )
    for n in range(TOUCHES):
        touch = f"{index:08x}-0000-4000-8002-{n:012d}"
        writes.append(
            Write(
                "touches",
                touch,
                ROW,
                {
                    "id": touch,
                    "whale_id": whales[n % WHALES],
                    "rep_id": rep,
                    "stakeholder_id": None,
                    "kind": "email_sent" if n % 3 else "call_connected",
                    "occurred_at": _stamped(NOW - timedelta(minutes=n)),
                    "note": "",
                    "created_at": at,
                    "updated_at": at,
                    "deleted_at": None,
                },
                stamp(),
            )
        )
    edits = PER_DEVICE - len(writes) if count is None else count
    for n in range(edits):
        writes.append(Write("whales", whales[n % WHALES], "notes", f"note {start + n}", stamp()))
    return writes


def _publish(
    shared: Path, team: Team, key: bytes, device: str, seq: int, prev: str, writes: list[Write]
) -> str:
    segment = Segment(team.id, device, seq, team.current, prev, 1, len(writes), device, writes)
    data = segments.seal(segment, key)
    folder = segments.team_folder(shared) / "devices" / device
    segments.write_atomically(folder, segments.segment_name(seq), data)
    return segments.digest(data)


def _raw_insert(merged: Path, target: Path) -> tuple[float, int]:
    store = open_store(target, at=NOW)
    store.close()
    tables = ("reps", "whales", "touches")
    with closing(sqlite3.connect(merged)) as source:
        rows = {t: source.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
        columns = {t: [d[1] for d in source.execute(f"PRAGMA table_info({t})")] for t in tables}
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        start = time.perf_counter()
        for table in tables:
            marks = ", ".join("?" for _ in columns[table])
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
        conn.commit()
        elapsed = time.perf_counter() - start
    return elapsed, sum(len(r) for r in rows.values())


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shared = root / "shared"
        shared.mkdir()
        lead_keys = TeamKeys(MemoryKeyring())
        lead = open_store(root / "lead" / "book.sqlite", at=NOW)
        code = Sync(lead, lead_keys, root / "lead").create_team(shared, "lead")
        lead.close()
        team = segments.read_team(shared)
        key = segments.key_from_code(code)
        devices = [segments.new_device_id() for _ in range(DEVICES)]
        hashes = {}
        for index, device in enumerate(devices):
            hashes[device] = _publish(
                shared, team, key, device, 1, "", _device_writes(index, device, 0)
            )
        reader_keys = TeamKeys(MemoryKeyring())
        book = root / "reader" / "book.sqlite"
        reader = open_store(book, at=NOW)
        sync = Sync(reader, reader_keys, root / "reader")
        sync.join_team(shared, code, "reader")
        start = time.perf_counter()
        report = sync.sync(shared)
        ours = time.perf_counter() - start
        reader.close()
        # A file set aside is not merged: the ratio would mean nothing.
        assert not report.quarantined and report.segments_applied == DEVICES, report
        raw, rows = _raw_insert(book, root / "raw.sqlite")
        print(
            f"merged {report.changes_applied:,} changes from {report.segments_applied} files"
            f" into {rows:,} rows: {ours:.2f} s"
        )
        print(f"raw sqlite3 executemany of the same rows: {raw:.2f} s")
        print(f"ratio: {ours / raw:.2f}x raw (target <= 3x)")

        device = devices[0]
        new = [
            Write(
                "whales",
                f"{0:08x}-0000-4000-8001-{n:012d}",
                "notes",
                f"fresh {n}",
                Hlc(BASE_MS + 10_000_000 + n, 0).stamp(device),
            )
            for n in range(100)
        ]
        _publish(shared, team, key, device, 2, hashes[device], new)
        reader = open_store(book, at=NOW)
        sync = Sync(reader, reader_keys, root / "reader")
        start = time.perf_counter()
        report = sync.sync(shared)
        incremental = time.perf_counter() - start
        reader.close()
        print(
            f"incremental: {report.changes_applied} new changes on a "
            f"{DEVICES * PER_DEVICE:,}-change history: {incremental:.3f} s (target < 1 s)"
        )


if __name__ == "__main__":
    main()
