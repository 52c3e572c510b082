"""Team server: 200 laptops x 5,000 sealed changes published to PostgreSQL and merged from it
into an empty book, vs a raw psycopg COPY of the same bytes and a raw sqlite3 insert of the
final rows; then the time from one laptop's publish to another's book showing it, by push.

Each laptop brings a rep, 50 whales, 4,000 touches and edits of its whales' notes, in five
segments of 1,000 changes sealed as the app seals them (compressed, AES-GCM, hash-chained).
The server is BENCH_PG_URL when set, else a throwaway cluster started as the tests start one.
The push figure is the app's path without drawing: the listening thread hears the NOTIFY,
the sync applies the segment, and the book is read back; the window's own path is checked
(under 2 s) by tests/ui/test_team_push.py.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

from benchmarks.sync_merge import _raw_insert
from warroom.domain.hlc import Hlc
from warroom.domain.merge import ROW, Write
from warroom.services import segments
from warroom.services.book import Book
from warroom.services.segments import Segment
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.services.transport_pg import ServerTransport
from warroom.store.bulk import sqlite_time
from warroom.store.db import open_store

DEVICES = int(os.environ.get("BENCH_DEVICES", "200"))
PER_DEVICE = 5_000
PER_SEGMENT = 1_000
WHALES, TOUCHES = 50, 4_000
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BASE_MS = int(NOW.timestamp() * 1000) - 86_400_000
PUSH_ROUNDS = 5


@contextmanager
def _server() -> Iterator[str]:
    given = os.environ.get("BENCH_PG_URL")
    if given:
        yield given
        return
    from tests.postgres_cluster import running_cluster

    with running_cluster() as cluster:
        yield cluster.url(cluster.new_database())


def _writes(index: int, device: str) -> list[Write]:
    clock = Hlc(BASE_MS + index, 0)

    def stamp() -> str:
        nonlocal clock
        clock = clock.tick(clock.wall_ms + 1)
        return clock.stamp(device)

    at = sqlite_time(NOW)
    common = {"created_at": at, "updated_at": at, "deleted_at": None}
    rep = f"{index:08x}-0000-4000-8000-000000000000"
    rep_row = {"id": rep, "name": f"Rep {index}", "email": "", "timezone": "UTC"}
    rep_row |= {"lunch_cutoff": "12:00", "workdays": "12345", **common}
    writes = [Write("reps", rep, ROW, rep_row, stamp())]
    whales = [f"{index:08x}-0000-4000-8001-{n:012d}" for n in range(WHALES)]
    for n, whale in enumerate(whales):
        row = {"id": whale, "name": f"Whale {index}-{n}", "owner_id": rep, "top_ten": 0}
        row |= {k: "" for k in ("web_domain", "industry", "why_now", "past_attempts")}
        row |= {k: "" for k in ("past_proposals", "competitors", "notes", "listening")}
        writes.append(Write("whales", whale, ROW, {**row, **common}, stamp()))
    for n in range(TOUCHES):
        touch = f"{index:08x}-0000-4000-8002-{n:012d}"
        row = {"id": touch, "whale_id": whales[n % WHALES], "rep_id": rep, "note": "", "source": ""}
        row |= {"stakeholder_id": None, "kind": "email_sent" if n % 3 else "call_connected"}
        row |= {"occurred_at": sqlite_time(NOW - timedelta(minutes=n)), **common}
        writes.append(Write("touches", touch, ROW, row, stamp()))
    for n in range(PER_DEVICE - len(writes)):
        writes.append(Write("whales", whales[n % WHALES], "notes", f"note {n}", stamp()))
    return writes


def _sealed(team: str, current: str, key: bytes, device: str, writes: list[Write]) -> list[bytes]:
    sealed, prev = [], ""
    for seq, start in enumerate(range(0, len(writes), PER_SEGMENT), start=1):
        batch = writes[start : start + PER_SEGMENT]
        first = start + 1
        segment = Segment(
            team, device, seq, current, prev, first, start + len(batch), device, batch
        )
        data = segments.seal(segment, key)
        sealed.append(data)
        prev = segments.digest(data)
    return sealed


def _raw_copy(url: str, team: str, rows: list[tuple[str, int, bytes]]) -> float:
    """The same bytes into a table like the server's, by COPY: the floor for the publish."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE bench_copy (LIKE warroom_segments INCLUDING DEFAULTS INCLUDING"
            " STORAGE INCLUDING CONSTRAINTS)"
        )
        connection.execute("ALTER TABLE bench_copy ADD PRIMARY KEY (team, device, seq)")
        start = time.perf_counter()
        with (
            connection.transaction(),
            connection.cursor().copy(
                "COPY bench_copy (team, device, seq, data) FROM STDIN"
            ) as copy,
        ):
            for device, seq, data in rows:
                copy.write_row((team, device, seq, data))
        elapsed = time.perf_counter() - start
        connection.execute("DROP TABLE bench_copy")
    return elapsed


def _push_latency(url: str, root: Path, code: str) -> list[float]:
    """From a laptop's publish committed to another laptop's book showing the edit."""
    writer_store = open_store(root / "writer" / "book.sqlite", at=NOW)
    writer = Sync(writer_store, TeamKeys(MemoryKeyring()), root / "writer")
    writer.join_team(url, code, "writer")
    reader_store = open_store(root / "reader" / "book.sqlite", at=NOW)
    reader_keys = TeamKeys(MemoryKeyring())
    reader = Sync(reader_store, reader_keys, root / "reader")
    reader.join_team(url, code, "watcher")
    reader.sync()
    status = reader.status()
    heard = threading.Event()
    stop = threading.Event()
    listener = ServerTransport.open(url, MemoryKeyring())
    thread = threading.Thread(
        target=listener.listen, args=(status.team, status.device, heard.set, stop), daemon=True
    )
    thread.start()
    time.sleep(0.5)  # the LISTEN is in place
    times = []
    for n in range(PUSH_ROUNDS):
        name = f"Pushed whale {n}"
        Book(writer_store).add_whale(name, datetime.now(UTC))
        heard.clear()
        writer.sync()
        published = time.perf_counter()
        assert heard.wait(10), "no NOTIFY heard"
        reader.sync()
        names = {w.name for w in Book(reader_store).whales(datetime.now(UTC))}
        assert name in names
        times.append(time.perf_counter() - published)
    stop.set()
    thread.join(5)
    writer_store.close()
    reader_store.close()
    return times


def main() -> None:
    with _server() as url, tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        lead = open_store(root / "lead" / "book.sqlite", at=NOW)
        code = Sync(lead, TeamKeys(MemoryKeyring()), root / "lead").create_team(url, "lead")
        lead.close()
        key = segments.key_from_code(code)
        server = ServerTransport.open(url, MemoryKeyring())
        team = server.read_team()
        devices = [segments.new_device_id() for _ in range(DEVICES)]
        start = time.perf_counter()
        rows = [
            (device, seq, data)
            for index, device in enumerate(devices)
            for seq, data in enumerate(
                _sealed(team.id, team.current, key, device, _writes(index, device)), start=1
            )
        ]
        sealing = time.perf_counter() - start
        start = time.perf_counter()
        for device, seq, data in rows:
            server.publish(device, seq, data, lambda _step: None)
        publishing = time.perf_counter() - start
        server.close()
        copying = _raw_copy(url, team.id, rows)
        megabytes = sum(len(data) for _, _, data in rows) / 1e6
        print(
            f"sealed {len(rows):,} segments ({megabytes:.1f} MB) of {DEVICES} laptops: "
            f"{sealing:.2f} s"
        )
        print(f"published them, one INSERT and NOTIFY each: {publishing:.2f} s")
        print(f"raw psycopg COPY of the same bytes: {copying:.2f} s")
        print(f"ratio: {publishing / copying:.2f}x raw COPY")

        book = root / "reader" / "book.sqlite"
        reader = open_store(book, at=NOW)
        sync = Sync(reader, TeamKeys(MemoryKeyring()), root / "reader")
        sync.join_team(url, code, "reader")
        start = time.perf_counter()
        report = sync.sync()
        merging = time.perf_counter() - start
        reader.close()
        assert not report.quarantined and not report.waiting, report
        raw, count = _raw_insert(book, root / "raw.sqlite")
        print(
            f"merged {report.changes_applied:,} changes from {report.segments_applied:,} segments"
            f" on the server into {count:,} rows: {merging:.2f} s"
        )
        print(f"raw sqlite3 executemany of the same rows: {raw:.2f} s")
        print(f"ratio: {merging / raw:.2f}x raw")

        times = _push_latency(url, root / "push", code)
        print(
            f"publish to another laptop's book showing it, by push: median "
            f"{statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
            f"of {PUSH_ROUNDS} (target < 2 s)"
        )


if __name__ == "__main__":
    main()
