"""Save the README's screenshots from the demo book: python scripts/screenshots.py docs/

Run under a real (or virtual) X screen: xvfb-run -s "-screen 0 1920x1080x24" ...
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from warroom import clock
from warroom.app import main as warroom_main
from warroom.paths import DataFolder
from warroom.ui.launch import application, open_book
from warroom.ui.main_window import MainWindow
from warroom.ui.ops import OperationRunner


def when_idle(runner: OperationRunner, then: Callable[[], None]) -> None:
    if runner.idle:
        QTimer.singleShot(150, then)
    else:
        QTimer.singleShot(50, lambda: when_idle(runner, then))


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp())
    import os

    os.environ["WARROOM_HOME"] = str(home)
    warroom_main(["demo"])
    app = application(["warroom"])
    folder = DataFolder(home)
    runner = OperationRunner()
    window = MainWindow(runner, folder, clock.local_zone())
    window.resize(1600, 1000)
    window.show()
    runner.open(lambda: open_book(folder))
    steps: list[Callable[[], None]] = []

    def shoot(name: str) -> Callable[[], None]:
        return lambda: window.grab().save(str(out / name))

    def open_whale() -> None:
        # The whale that sinks soonest: the one a rep should see the chart of.
        view = window.whales
        afloat = [w for w in view.model._all if not w.sinking and w.touch_count]
        window.open_whale(min(afloat, key=lambda w: w.days_to_sink).id)

    def what_if() -> None:
        page = window.whales.page
        detail = page.decay if page else None
        assert detail is not None and detail.report is not None
        today = detail.report.at.date()
        from warroom.ui.views.whale_detail import next_weekday

        detail.add_planned("onsite", next_weekday(today, 2))
        detail.add_planned("meeting", next_weekday(today, 2) + timedelta(days=21))

    steps += [
        lambda: window.show_section("Today"),
        shoot("today.png"),
        lambda: window.show_section("Whales"),
        shoot("whales.png"),
        open_whale,
        what_if,
        shoot("decay.png"),
        lambda: window.whales.page.tabs.setCurrentIndex(1) if window.whales.page else None,
        shoot("definition.png"),
    ]
    steps += [
        lambda: window.show_section("Cadences"),
        shoot("cadences.png"),
        lambda: window.sections["Cadences"].tabs.setCurrentIndex(3),
        shoot("follow-through.png"),
    ]
    steps += [
        lambda: window.show_section("Triggers"),
        shoot("triggers.png"),
        lambda: window.show_section("Team"),
        shoot("team.png"),
        lambda: window.show_section("Reviews"),
        shoot("reviews.png"),
    ]
    if "Ocean" in window.sections:
        steps += [lambda: window.show_section("Ocean"), shoot("ocean.png")]

    def run_next() -> None:
        if not steps:
            app.quit()
            return
        steps.pop(0)()
        when_idle(runner, run_next)

    when_idle(runner, run_next)
    app.exec()
    runner.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
    QApplication.quit()
