"""The whales list on a 100,000-whale book: a keystroke's filter-and-refresh vs a raw SQLite
query for the same rows (target <= 3x), and opening the list vs loading its rows once.

The raw side queries a flat table of the same columns with LIKE over name, owner, solution
and stakeholders and fetches the rows; ours filters the model's cached rows and resets the
view, as a keystroke in the filter box does.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import time
from datetime import UTC, date, datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QTableView

from warroom.domain.records import WhaleSummary
from warroom.ui.models.whales import WhalesModel

COUNT = 100_000
NOW = datetime(2026, 11, 23, tzinfo=UTC)
KEYSTROKES = ("g", "gl", "glo", "glob", "globe")
WORDS = (
    "Global",
    "Northern",
    "Atlas",
    "Globex",
    "Summit",
    "Harbor",
    "Pioneer",
    "Vertex",
    "Crescent",
    "Evergreen",
    "Granite",
    "Orbit",
    "Beacon",
    "Cobalt",
    "Meridian",
)


def book() -> list[WhaleSummary]:
    rng = random.Random(11)
    whales = []
    for i in range(COUNT):
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}"
        heat = rng.random()
        whales.append(
            WhaleSummary(
                f"{i:08d}",
                name,
                "",
                f"r{i % 40}",
                f"Rep {i % 40}",
                rng.randint(250_000, 5_000_000),
                "USD",
                "engaged",
                rng.choice(WORDS) + " suite",
                i % 97 == 0,
                rng.randint(0, 300),
                NOW,
                NOW - timedelta(days=rng.randint(0, 300)),
                heat,
                heat * 30,
                0.0,
                None,
                f"{rng.choice(WORDS)} Person; {rng.choice(WORDS)} Other; ",
                date(2026, 12, 1) if i % 5 == 0 else None,
            )
        )
    return whales


def raw_table(whales: list[WhaleSummary]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE w (id, name, owner, deal, stage, heat, sinks, solution, people)")
    conn.executemany(
        "INSERT INTO w VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                w.id,
                w.name,
                w.owner,
                w.deal_size,
                w.stage,
                w.heat,
                w.days_to_sink,
                w.solution,
                w.stakeholders,
            )
            for w in whales
        ],
    )
    return conn


def raw_filter(conn: sqlite3.Connection, text: str) -> list[tuple[object, ...]]:
    like = f"%{text}%"
    return conn.execute(
        "SELECT * FROM w WHERE name LIKE ? OR owner LIKE ? OR solution LIKE ? OR people LIKE ?"
        " ORDER BY name",
        (like, like, like, like),
    ).fetchall()


def main() -> None:
    app = QApplication.instance() or QApplication([])
    whales = book()
    conn = raw_table(whales)
    start = time.perf_counter()
    rows = conn.execute("SELECT * FROM w ORDER BY name").fetchall()
    load_once = time.perf_counter() - start
    assert len(rows) == COUNT

    model = WhalesModel(NOW.tzinfo or UTC)
    table = QTableView()
    table.setModel(model)
    table.resize(1400, 800)
    table.show()
    start = time.perf_counter()
    model.set_rows(whales, NOW)
    app.processEvents()
    opening = time.perf_counter() - start

    raw_times, our_times = [], []
    for text in KEYSTROKES:
        start = time.perf_counter()
        expected = raw_filter(conn, text)
        raw_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        model.set_filter(text)
        app.processEvents()
        our_times.append(time.perf_counter() - start)
        assert model.rowCount() == len(expected), (text, model.rowCount(), len(expected))
    raw, ours = statistics.median(raw_times), statistics.median(our_times)
    print(f"raw SQLite LIKE query per keystroke: {raw * 1000:.0f} ms ({COUNT:,} whales)")
    print(f"our filter-and-refresh per keystroke: {ours * 1000:.0f} ms")
    print(f"ratio: {ours / raw:.2f}x raw (target <= 3x)")
    print(
        f"opening the list: {opening * 1000:.0f} ms; loading its rows once from SQLite: "
        f"{load_once * 1000:.0f} ms ({opening / load_once:.2f}x, target < 1x)"
    )


if __name__ == "__main__":
    main()
