"""Cold start to a shown main window on the demo book vs a bare QMainWindow (target <= 2x).

Each side is a fresh Python process, timed from launch until its window is exposed; ours
also reports when the book's rows are in. Offscreen; the median of several runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks import as_installed

RUNS = 5
# Each child prints wall-clock stamps; the parent notes the time it launched the child.
BARE = """
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
def check():
    if window.windowHandle().isExposed():
        print("shown", time.time(), flush=True)
        app.quit()
    else:
        QTimer.singleShot(1, check)
QTimer.singleShot(0, check)
app.exec()
"""
OURS = """
import time
from PySide6.QtCore import QTimer
from warroom import clock
from warroom.paths import data_folder
from warroom.ui.launch import application, open_book, when_exposed
from warroom.ui.main_window import MainWindow
from warroom.ui.ops import OperationRunner
app = application(["warroom"])
folder = data_folder()
runner = OperationRunner()
window = MainWindow(runner, folder, clock.local_zone())
window.show()
when_exposed(window, lambda: runner.open(lambda: open_book(folder)))  # as the app does
shown = False
def check():
    global shown
    if not shown and window.windowHandle().isExposed():
        shown = True
        print("shown", time.time(), flush=True)
    if shown and window.book_open and runner.idle:
        print("loaded", time.time(), flush=True)
        app.quit()
    else:
        QTimer.singleShot(1, check)
QTimer.singleShot(0, check)
app.exec()
runner.shutdown()
"""


def _time(code: str, env: dict[str, str]) -> dict[str, float]:
    samples: dict[str, list[float]] = {}
    for _ in range(RUNS):
        start = time.time()
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
        ).stdout
        for line in out.splitlines():
            what, stamp = line.split()
            samples.setdefault(what, []).append(float(stamp) - start)
    return {what: statistics.median(values) for what, values in samples.items()}


def main() -> None:
    as_installed()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WARROOM_HOME=home)
        subprocess.run(
            [sys.executable, "-m", "warroom", "demo"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        bare = _time(BARE, env)["shown"]
        ours = _time(OURS, env)
    print(f"bare QMainWindow shown:         {bare * 1000:.0f} ms (median of {RUNS})")
    print(f"our main window shown:          {ours['shown'] * 1000:.0f} ms")
    print(f"  ... with the demo book's rows: {ours['loaded'] * 1000:.0f} ms")
    print(
        f"ratio: {ours['shown'] / bare:.2f}x bare to shown (target <= 2x), "
        f"{ours['loaded'] / bare:.2f}x to rows loaded"
    )


if __name__ == "__main__":
    main()
