"""Two programs writing one book at once: every write waits its turn, none fails, none lands
twice. Each writer is its own process, as the app and the command line are."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from warroom.paths import DataFolder
from warroom.services.open_book import OpenBook

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)

WRITER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from warroom.services.open_book import OpenBook

book, whale, name, count, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
at = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
ob = OpenBook.open(Path(book), at)
while not Path(go).exists():  # start together, so the writes overlap
    time.sleep(0.005)
for number in range(count):
    note = f"{name}-{number}"
    ob.apply("Log a touch", lambda b: b.book.log_touch(whale, "email_sent", at, at, note=note))
ob.close()
"""


def _book_with_a_whale(home: DataFolder) -> tuple[Path, str]:
    path = home.ensure().book
    ob = OpenBook.open(path, NOW)
    ob.apply("Me", lambda b: b.book.set_me("Avery Chen", "UTC", NOW))
    whale = ob.apply("New whale", lambda b: b.book.add_whale("Globex", NOW)).value
    ob.close()
    return path, whale


def _log(app: OpenBook, whale: str, note: str) -> None:
    app.apply("Log a touch", lambda b: b.book.log_touch(whale, "email_sent", NOW, NOW, note=note))


def _notes(book: Path) -> list[str]:
    with closing(sqlite3.connect(book)) as conn:
        return [row[0] for row in conn.execute("SELECT note FROM touches WHERE note != ''")]


def test_four_processes_log_500_touches_each_and_all_2000_land_once(
    home: DataFolder, tmp_path: Path
) -> None:
    """Pass: no writer fails on "database is locked"; every touch is in the book, once."""
    book, whale = _book_with_a_whale(home)
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(book), whale, f"w{n}", "500", str(go)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    go.touch()
    for writer in writers:
        _, errors = writer.communicate(timeout=600)
        assert writer.returncode == 0, errors
    notes = _notes(book)
    assert len(notes) == 2000
    assert sorted(notes) == sorted(f"w{n}-{i}" for n in range(4) for i in range(500))


def test_the_command_line_writes_beside_the_open_app(home: DataFolder) -> None:
    """Pass: `warroom log-touch` run while the app (an open book in this process) logs
    touches exits 0 every time, and both sets of touches land."""
    book, whale = _book_with_a_whale(home)
    app = OpenBook.open(book, NOW)
    command_line: list[subprocess.CompletedProcess[str]] = []

    def run_command_line() -> None:
        for number in range(6):
            command_line.append(
                subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "warroom",
                        "log-touch",
                        "Globex",
                        "--kind",
                        "call_attempt",
                        "--note",
                        f"cli-{number}",
                        "--json",
                    ],
                    capture_output=True,
                    text=True,
                    timeout=120,
                )
            )

    worker = threading.Thread(target=run_command_line)
    worker.start()
    number = 0
    while worker.is_alive() or number < 50:
        _log(app, whale, f"app-{number}")
        number += 1
    worker.join()
    app.close()
    for done in command_line:
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["kind"] == "call_attempt"
    notes = _notes(book)
    assert sorted(n for n in notes if n.startswith("cli-")) == [f"cli-{i}" for i in range(6)]
    assert sorted(n for n in notes if n.startswith("app-")) == sorted(
        f"app-{i}" for i in range(number)
    )


def _warroom(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """The real command line, with the team key in a passphrase file (no keyring here)."""
    env = {
        **os.environ,
        "WARROOM_HOME": str(home),
        "WARROOM_KEYRING": "file",
        "WARROOM_PASSPHRASE": "a long passphrase",
    }
    return subprocess.run(
        [sys.executable, "-m", "warroom", *argv],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def test_syncs_run_while_the_app_logs_touches_and_every_touch_reaches_the_team(
    home: DataFolder, tmp_path: Path
) -> None:
    """Pass: `warroom sync` run again and again while the app writes exits 0 each time; after
    one more sync, a teammate has every touch the app logged."""
    book, whale = _book_with_a_whale(home)
    share = tmp_path / "share"
    share.mkdir()
    made = _warroom(home.root, "team-create", str(share), "--json")
    assert made.returncode == 0, made.stderr
    app = OpenBook.open(book, NOW)
    syncs: list[subprocess.CompletedProcess[str]] = []
    worker = threading.Thread(
        target=lambda: syncs.extend(_warroom(home.root, "sync") for _ in range(3))
    )
    worker.start()
    number = 0
    while worker.is_alive() or number < 50:
        _log(app, whale, f"app-{number}")
        number += 1
    worker.join()
    app.close()
    for done in syncs:
        assert done.returncode == 0, done.stderr
    assert _warroom(home.root, "sync").returncode == 0
    rep = tmp_path / "rep"
    code = json.loads(made.stdout)["recovery_code"]
    assert _warroom(rep, "team-join", str(share), "--code", code).returncode == 0
    assert _warroom(rep, "sync").returncode == 0
    assert sorted(n for n in _notes(rep / "book.sqlite") if n.startswith("app-")) == sorted(
        f"app-{i}" for i in range(number)
    )
