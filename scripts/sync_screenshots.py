"""Save the README's team-sync screenshots: python scripts/sync_screenshots.py docs/

A lead and three reps in temporary books share one folder; each adds whales, two of them
edit one whale's notes at once, and the lead's window shows the sync status and the
"2 versions" review. Run offscreen or under a virtual X screen.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QTimer

from warroom import clock
from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.services.workspace import Workspace
from warroom.store.db import Store, open_store
from warroom.ui.launch import application, open_book
from warroom.ui.main_window import MainWindow
from warroom.ui.ops import OperationRunner

REPS = ("Ana Ortiz", "Ben Okafor", "Cy Park")


def _team(base: Path) -> tuple[DataFolder, MemoryKeyring]:
    now = clock.now()
    shared = base / "Dropbox" / "Sales team"
    shared.mkdir(parents=True)
    lead = DataFolder(base / "lead").ensure()
    store = open_store(lead.book)
    Book(store).set_me("Lee Lead", "UTC", now)
    globex = Book(store).add_whale("Globex", now, deal_size=900_000).value
    keyring = MemoryKeyring()
    lead_sync = Sync(store, TeamKeys(keyring), lead.root)
    code = lead_sync.create_team(shared, "Lee Lead on studio")
    reps: list[tuple[Store, Sync]] = []
    for name in REPS:
        rep_store = open_store(base / name / "book.sqlite")
        rep_sync = Sync(rep_store, TeamKeys(MemoryKeyring()), base / name)
        rep_sync.join_team(shared, code, f"{name} on laptop")
        Book(rep_store).set_me(name, "UTC", now)
        for n, size in enumerate((250_000, 1_200_000, 480_000)):
            Book(rep_store).add_whale(f"{name.split()[0]}'s whale {n + 1}", now, deal_size=size)
        reps.append((rep_store, rep_sync))
    lead_sync.sync()
    for _, rep_sync in reps:
        rep_sync.sync()
    for book_store, note, later in (
        (store, "Lee: the CFO signs in March", 0),
        (reps[0][0], "Ana: procurement wants a pilot first", 5),
    ):
        workspace = Workspace(book_store)
        page = workspace.page(globex)
        at = now + timedelta(seconds=later)
        workspace.save_definition(globex, replace(page.definition, notes=note), at)
    reps[0][1].sync()
    for rep_store, _ in reps:
        rep_store.close()
    store.close()
    return lead, keyring


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    base = Path(tempfile.mkdtemp())
    os.environ["HOME"] = str(base)  # the folder then reads ~/Dropbox/Sales team
    lead, keyring = _team(base)
    app = application(["warroom"])
    runner = OperationRunner()
    window = MainWindow(runner, lead, clock.local_zone(), first_run=False, keyring=lambda: keyring)
    window.resize(1500, 900)
    window.show()
    runner.open(lambda: open_book(lead))

    def status() -> None:
        window.show_section("Whales")
        window.team_sync.show_status()
        QTimer.singleShot(600, versions)

    def versions() -> None:
        dialog = window.team_sync.dialog
        assert dialog is not None
        dialog.move(window.x() + 420, window.y() + 220)
        picture = window.grab()
        from PySide6.QtGui import QPainter

        painter = QPainter(picture)
        painter.drawPixmap(420, 220, dialog.grab())
        painter.end()
        picture.save(str(out / "team-sync.png"))
        window.team_sync.review_conflicts()
        QTimer.singleShot(800, done)

    def done() -> None:
        conflicts = window.team_sync.conflicts_dialog
        assert conflicts is not None
        conflicts.grab().save(str(out / "two-versions.png"))
        app.quit()

    QTimer.singleShot(3000, status)
    app.exec()
    runner.shutdown()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
