"""A 200,000-row CRM export imported into an empty book vs raw sqlite3 (target <= 2x).

Both start from the same CSV on disk and end with the whales and their deals committed in a
book made by our migrations. Ours is the real import (read the file, detect the encoding,
separator and columns, read amounts and stages, match, write, record for undo); raw reads the
file with the csv module and hands tuples to executemany, on a connection with the book's own
settings (foreign keys checked, WAL, synchronous=NORMAL). Also run at 20,000 and 50,000 rows,
to show the time grows with the rows (it grew with their square before: 10,000 rows, 548 s).
"""

from __future__ import annotations

import csv
import sqlite3
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from warroom.services.importing_csv import CsvImport
from warroom.services.open_book import OpenBook
from warroom.store import bulk

SIZES = (20_000, 50_000, 200_000)
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
STAGES = ("Prospecting", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review")


def write_export(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Account Name", "Website", "Amount", "Stage", "Opportunity Name"])
        for i in range(rows):
            writer.writerow(
                [
                    f"Company {i:06d} Holdings",
                    f"company{i:06d}.example",
                    f"{(i % 900 + 100) * 1000:,}",
                    STAGES[i % len(STAGES)],
                    f"Deal {i}",
                ]
            )


def _empty_book(path: Path) -> OpenBook:
    book = OpenBook.open(path, NOW)
    book.apply("Me", lambda b: b.book.set_me("Bench Rep", "UTC", NOW))
    return book


def measure_ours(folder: Path, export: Path) -> float:
    book = _empty_book(folder / "book.sqlite")
    start = time.perf_counter()
    done = book.apply("Import", lambda b: CsvImport(b.book).run(export, NOW))
    elapsed = time.perf_counter() - start
    assert done.value.new_whales == done.value.rows, done.value.invalid[:3]
    book.close()
    return elapsed


def measure_raw(folder: Path, export: Path) -> float:
    book = _empty_book(folder / "book.sqlite")
    rep = book.book.me()
    assert rep is not None
    book.close()
    stamp = bulk.sqlite_time(NOW)
    conn = sqlite3.connect(folder / "book.sqlite")
    # The book's own settings (store/db.py): the same integrity checks on both sides.
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    start = time.perf_counter()
    whales, deals = [], []
    with export.open(newline="", encoding="utf-8") as source:
        reader = csv.reader(source)
        next(reader)
        for name, site, amount, stage, deal in reader:
            whale = str(uuid.uuid4())
            whales.append((whale, name, site, rep.id, stamp, stamp))
            size = int(amount.replace(",", ""))
            deals.append((str(uuid.uuid4()), whale, size, "USD", deal, stage, stamp, stamp))
    conn.executemany(
        "INSERT INTO whales (id, name, web_domain, owner_id, industry, why_now, past_attempts,"
        " past_proposals, competitors, notes, listening, top_ten, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, '', '', '', '', '', '', '', 0, ?, ?)",
        whales,
    )
    conn.executemany(
        "INSERT INTO deals (id, whale_id, size, currency, solution, exact_deal, stage,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, '', ?, ?, ?)",
        deals,
    )
    conn.commit()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def main() -> None:
    for rows in SIZES:
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            export = folder / "export.csv"
            write_export(export, rows)
            (folder / "raw").mkdir()
            (folder / "ours").mkdir()
            raw = measure_raw(folder / "raw", export)
            ours = measure_ours(folder / "ours", export)
        print(
            f"{rows:>7,} rows: raw sqlite3 {raw:6.2f} s, import {ours:6.2f} s, "
            f"ratio {ours / raw:.2f}x raw (target <= 2x)"
        )


if __name__ == "__main__":
    main()
