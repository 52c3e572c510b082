"""1,000,000 touches through the store's bulk path vs raw sqlite3 executemany (target <= 2x).

Both write into a book made by our migrations (same table, same indexes, WAL); the raw side
gets ready-made tuples, ours starts from domain Touch records and converts them itself.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warroom.domain.records import Touch
from warroom.services.book import Book
from warroom.store import bulk
from warroom.store.db import open_store

COUNT = 1_000_000
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _book(folder: Path) -> tuple[Book, str, str]:
    store = open_store(folder / "book.sqlite", at=NOW)
    book = Book(store)
    rep = book.set_me("Bench Rep", "UTC", NOW).value
    whale_id = book.add_whale("Bench Whale", NOW).value
    return book, whale_id, rep.id


def _touches(whale_id: str, rep_id: str) -> list[Touch]:
    return [
        Touch(
            f"00000000-0000-4000-8000-{i:012d}",
            whale_id,
            rep_id,
            None,
            "email_sent" if i % 3 else "call_connected",
            NOW - timedelta(minutes=i),
            "",
        )
        for i in range(COUNT)
    ]


def measure_ours(folder: Path) -> float:
    book, whale_id, rep_id = _book(folder)
    touches = _touches(whale_id, rep_id)
    start = time.perf_counter()
    with book.store.transaction() as session:
        bulk.insert_touches(session, touches, NOW)
    elapsed = time.perf_counter() - start
    book.store.close()
    return elapsed


def measure_raw(folder: Path) -> float:
    book, whale_id, rep_id = _book(folder)
    book.store.close()
    stamp = bulk.sqlite_time(NOW)
    rows = [
        (
            f"00000000-0000-4000-8000-{i:012d}",
            whale_id,
            rep_id,
            None,
            "email_sent" if i % 3 else "call_connected",
            bulk.sqlite_time(NOW - timedelta(minutes=i)),
            "",
            stamp,
            stamp,
        )
        for i in range(COUNT)
    ]
    conn = sqlite3.connect(folder / "book.sqlite")
    conn.execute("PRAGMA journal_mode=WAL")
    start = time.perf_counter()
    conn.executemany(
        "INSERT INTO touches (id, whale_id, rep_id, stakeholder_id, kind, occurred_at, note,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as raw_dir, tempfile.TemporaryDirectory() as our_dir:
        raw = measure_raw(Path(raw_dir))
        ours = measure_ours(Path(our_dir))
    print(f"raw sqlite3 executemany: {raw:.2f} s for {COUNT:,} touches")
    print(f"store bulk path:         {ours:.2f} s")
    print(f"ratio: {ours / raw:.2f}x raw (target <= 2x)")


if __name__ == "__main__":
    main()
