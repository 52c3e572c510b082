"""Today's list on a 100,000-whale book vs the raw SQL that fetches its inputs (target <= 2x).

The book: 40 reps, 100,000 whales with a deal and 5 touches each, triggers and planned
touches. The raw side runs, through plain sqlite3, the queries the list is built from (the
rep's whales with deals and touch figures, every heat event and deal for heat and the
half-life, due steps, fresh triggers, the rep's touches) and fetches every row; ours builds
the list through the services, including heat, the learned half-life and the rules.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from warroom.domain.kinds import MEANINGFUL_TOUCH_STRENGTHS
from warroom.domain.records import Touch
from warroom.services.book import Book
from warroom.services.today import Today
from warroom.store import bulk
from warroom.store.db import open_store

WHALES, REPS, TOUCHES_EACH = 100_000, 40, 5
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
RUNS = 3


def build(path: Path, whales_count: int = WHALES) -> str:
    rng = random.Random(5)
    store = open_store(path, at=NOW)
    book = Book(store)
    me = book.set_me("Rep 0", "America/New_York", NOW).value
    stamp = bulk.sqlite_time(NOW)
    reps = [me.id] + [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(REPS - 1)]
    whales = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(whales_count)]
    kinds = [*MEANINGFUL_TOUCH_STRENGTHS, "call_attempt", "email_sent"]
    with store.transaction() as session:
        cursor = session.connection().connection.cursor()
        cursor.executemany(
            "INSERT INTO reps (id, name, email, timezone, lunch_cutoff, workdays, created_at,"
            " updated_at) VALUES (?, ?, '', 'America/New_York', '12:00', '12345', ?, ?)",
            [(r, f"Rep {i}", stamp, stamp) for i, r in enumerate(reps) if i],
        )
        cursor.executemany(
            "INSERT INTO whales (id, name, web_domain, industry, owner_id, why_now,"
            " past_attempts, past_proposals, competitors, notes, listening, top_ten, created_at,"
            " updated_at) VALUES (?, ?, '', '', ?, '', '', '', '', '', '', 0, ?, ?)",
            [(w, f"Whale {i}", reps[i % REPS], stamp, stamp) for i, w in enumerate(whales)],
        )
        cursor.executemany(
            "INSERT INTO deals (id, whale_id, size, currency, solution, exact_deal, stage,"
            " opened_on, closed_on, outcome, created_at, updated_at) VALUES (?, ?, ?, 'USD', '',"
            " '', 'engaged', '2025-01-01', ?, ?, ?, ?)",
            [
                (
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    w,
                    rng.randint(250_000, 5_000_000),
                    "2026-06-01" if i % 50 == 0 else None,
                    rng.choice(["won", "lost", "no_decision"]) if i % 50 == 0 else None,
                    stamp,
                    stamp,
                )
                for i, w in enumerate(whales)
            ],
        )
        cursor.executemany(
            "INSERT INTO triggers (id, whale_id, kind, occurred_at, source_url, note, created_at,"
            " updated_at) VALUES (?, ?, 'leadership_change', ?, '', 'New CFO', ?, ?)",
            [
                (
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    whales[i],
                    bulk.sqlite_time(NOW - timedelta(days=rng.uniform(0, 30))),
                    stamp,
                    stamp,
                )
                for i in range(3, whales_count, 37)
            ],
        )
        cursor.executemany(
            "INSERT INTO tasks (id, whale_id, rep_id, kind, due_on, note, created_at, updated_at)"
            " VALUES (?, ?, ?, 'onsite', ?, '', ?, ?)",
            [
                (
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    whales[i],
                    reps[0],
                    (date(2026, 11, 23) - timedelta(days=i % 3)).isoformat(),
                    stamp,
                    stamp,
                )
                for i in range(0, whales_count, REPS * 100)
            ],
        )
        cursor.close()
        touches = (
            Touch(
                str(uuid.UUID(int=rng.getrandbits(128))),
                w,
                reps[i % REPS],
                None,
                rng.choice(kinds),
                NOW - timedelta(days=rng.uniform(0, 500)),
                "",
            )
            for i, w in enumerate(whales)
            for _ in range(TOUCHES_EACH)
        )
        bulk.insert_touches(session, touches, NOW)
    store.close()
    return me.id


RAW_QUERIES = (
    (
        "SELECT w.id, w.name, w.owner_id, w.top_ten, d.size, d.currency, d.stage, d.closed_on"
        " FROM whales w LEFT JOIN deals d ON d.whale_id = w.id AND d.deleted_at IS NULL"
        " WHERE w.deleted_at IS NULL AND w.owner_id = :rep",
        True,
    ),
    (
        "SELECT t.whale_id, count(*), max(t.occurred_at) FROM touches t JOIN whales w"
        " ON w.id = t.whale_id WHERE t.deleted_at IS NULL AND w.owner_id = :rep"
        " GROUP BY t.whale_id",
        True,
    ),
    (
        "SELECT whale_id, julianday(occurred_at), kind FROM touches WHERE deleted_at IS NULL AND"
        f" kind IN ({', '.join(repr(k) for k in MEANINGFUL_TOUCH_STRENGTHS)})"
        " UNION ALL SELECT whale_id, julianday(occurred_at), kind FROM triggers"
        " WHERE deleted_at IS NULL ORDER BY 1, 2",
        False,
    ),
    (
        "SELECT id, whale_id, opened_on, closed_on, outcome FROM deals WHERE deleted_at IS NULL",
        False,
    ),
    (
        "SELECT whale_id, due_on, kind FROM tasks WHERE deleted_at IS NULL AND rep_id = :rep"
        " AND done_touch_id IS NULL AND due_on <= '2026-11-23'",
        True,
    ),
    (
        "SELECT whale_id, kind, occurred_at FROM triggers WHERE deleted_at IS NULL AND"
        " occurred_at >= '2026-11-16'",
        False,
    ),
    (
        "SELECT whale_id, occurred_at FROM touches WHERE deleted_at IS NULL AND rep_id = :rep"
        " AND occurred_at >= '2025-10-19'",
        True,
    ),
)


def raw(path: Path, rep_id: str) -> float:
    conn = sqlite3.connect(path)
    start = time.perf_counter()
    for sql, needs_rep in RAW_QUERIES:
        conn.execute(sql, {"rep": rep_id} if needs_rep else {}).fetchall()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def ours(path: Path) -> tuple[float, int]:
    store = open_store(path, at=NOW)
    today = Today(Book(store))
    start = time.perf_counter()
    report = today.today(None, NOW)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed, len(report.rows)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.sqlite"
        start = time.perf_counter()
        rep_id = build(path)
        print(f"built a {WHALES:,}-whale book in {time.perf_counter() - start:.0f} s")
        raw_times, our_times = [], []
        for _ in range(RUNS):
            raw_times.append(raw(path, rep_id))
            elapsed, rows = ours(path)
            our_times.append(elapsed)
        raw_s, our_s = statistics.median(raw_times), statistics.median(our_times)
    print(f"raw SQL for the list's inputs: {raw_s * 1000:.0f} ms")
    print(f"today's list ({rows} rows):     {our_s * 1000:.0f} ms")
    print(f"ratio: {our_s / raw_s:.2f}x raw (target <= 2x)")


if __name__ == "__main__":
    main()
