"""The weekly war-room PDF on the demo book and on a 10,000-whale book: time and peak memory,
against drawing the same pages with no charts (target: charts at most double the time).

Each run is its own process, so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from datetime import datetime, UTC
from pathlib import Path
from warroom.store.db import open_store
from warroom.services.book import Book
from warroom.ui.launch import application
from warroom.services.reports import weekly
from warroom.ui.reports import reports
application(["bench"])
book = Book(open_store(Path(sys.argv[1])))
at = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
start = time.perf_counter()
data = weekly(book, at)
pages = reports.write(data, Path(sys.argv[2]), "a4", charts=sys.argv[3] == "charts")
print(time.perf_counter() - start, pages)
"""


def run(book: Path, out: Path, mode: str) -> tuple[float, int, float]:
    """(seconds, pages, peak MB) of one report in a fresh process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(book), str(out), mode],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    _, status, usage = os.wait4(child.pid, 0)
    assert status == 0, f"report run failed ({mode})"
    seconds, pages = child.stdout.read().split() if child.stdout else ("0", "0")
    return float(seconds), int(pages), usage.ru_maxrss / 1024


def main() -> None:
    from benchmarks.today_list import build

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        demo = root / "demo.sqlite"
        subprocess.run(
            [sys.executable, "-m", "warroom", "demo"],
            check=True,
            env=dict(os.environ, WARROOM_HOME=str(root / "demo-home")),
            stdout=subprocess.DEVNULL,
        )
        (root / "demo-home" / "book.sqlite").replace(demo)
        big = root / "big.sqlite"
        start = time.perf_counter()
        build(big, 10_000)
        print(f"built a 10,000-whale book in {time.perf_counter() - start:.0f} s")
        for name, book in (("demo book", demo), ("10,000 whales", big)):
            plain = run(book, root / "plain.pdf", "no-charts")
            full = run(book, root / "full.pdf", "charts")
            print(
                f"{name}: without charts {plain[0]:.2f} s, {plain[1]} pages, peak "
                f"{plain[2]:.0f} MB; with charts {full[0]:.2f} s, {full[1]} pages, peak "
                f"{full[2]:.0f} MB; ratio {full[0] / plain[0]:.2f}x (target <= 2x)"
            )


if __name__ == "__main__":
    main()
