"""The command line where things go wrong around it: the app has the book open, a killed run
left files behind, the folder is read-only, the input is out of range. Each is one line and
exit 2, and nothing is lost."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.cli import main
from warroom.paths import DataFolder
from warroom.services.open_book import OpenBook
from warroom.services.team_keys import MemoryKeyring
from warroom.store.locks import FileLock

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), keyring=MemoryKeyring)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _one_line(err: str) -> bool:
    return err.count("\n") == 1 and err.startswith("warroom: ")


@pytest.fixture
def with_whale(home: DataFolder, capsys: pytest.CaptureFixture[str]) -> DataFolder:
    run(capsys, "me", "Avery Chen")
    run(capsys, "add-whale", "Globex")
    return home


def test_restore_is_refused_while_the_app_has_the_book_open_and_the_app_keeps_its_edits(
    with_whale: DataFolder, capsys, tmp_path: Path
) -> None:
    """Pass: `warroom restore` exits 2 naming the open app; the app's later edits are in the
    book when it closes; once it has closed, the same restore works."""
    assert run(capsys, "backup", "--out", str(tmp_path / "copies"))[0] == 0
    [backup] = (tmp_path / "copies").glob("*.sqlite")
    whale = json.loads(run(capsys, "whales", "--json")[1])[0]["id"]
    app = OpenBook.open(with_whale.book, NOW)
    try:
        code, _, err = run(capsys, "restore", str(backup))
        assert code == 2 and _one_line(err) and "another program has this book open" in err
        for number in range(60):
            note = f"after the refused restore {number}"
            app.apply(
                "Log", lambda b, n=note: b.book.log_touch(whale, "email_sent", NOW, NOW, note=n)
            )
    finally:
        app.close()
    with closing(sqlite3.connect(with_whale.book)) as conn:
        [(kept,)] = conn.execute("SELECT count(*) FROM touches WHERE note LIKE 'after the%'")
    assert kept == 60
    assert run(capsys, "restore", str(backup))[0] == 0


def test_leftovers_of_killed_runs_are_cleared_on_the_next_start(
    with_whale: DataFolder, capsys
) -> None:
    """Pass: a staging folder no program holds, the old fixed staging names, and a backup's
    partial copy are gone after any command; a staging folder in use is left alone."""
    folder = with_whale
    folder.backups.mkdir(parents=True, exist_ok=True)
    dead = folder.root / ".staging-dead"
    dead.mkdir()
    (dead / "book.sqlite").write_bytes(b"half a book")
    alive = folder.root / ".staging-alive"
    alive.mkdir()
    holder = FileLock(alive / "in-use.lock", "in use")
    old = [
        folder.root / ".book.sqlite.restoring-wal",
        folder.root / ".book.sqlite.demo",
        folder.backups / "book-2026-11-23T1500.sqlite.part",
        folder.backups / "book-2026-11-23T1500.sqlite.part-journal",
    ]
    for path in old:
        path.write_bytes(b"left by a killed run")
    assert run(capsys, "whales")[0] == 0
    assert not dead.exists() and not any(p.exists() for p in old)
    assert alive.exists()
    holder.release()
    shutil.rmtree(alive)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--out", "{folder}"], "that is a folder; give a file name"),
        (["backup", "--out", "/dev/null"], "not a folder"),
        (["streak", "--at", "9999-12-31"], "write a time between 1900 and 2199"),
        (["conflicts", "--take", "abc", "theirs"], "the number 'warroom conflicts' shows"),
        (["conflicts", "--take", "99", "theirs"], "no conflict #99 is waiting"),
        (["restore", "{fake}"], "a SQLite database, but not a War Room book"),
        (["import", "{huge}"], "deal"),
    ],
)
def test_bad_input_found_by_the_fault_run_is_exit_2_and_one_line(
    with_whale: DataFolder, capsys, tmp_path: Path, argv: list[str], message: str
) -> None:
    """Pass: each exits 2 with one line saying what to do; the book is as it was."""
    folder = tmp_path / "a folder"
    folder.mkdir()
    fake = tmp_path / "fake.sqlite"
    with closing(sqlite3.connect(fake)) as conn:
        conn.execute("CREATE TABLE whales (id TEXT)")
        conn.execute("CREATE TABLE touches (id TEXT)")
        conn.commit()
    huge = tmp_path / "huge.json"
    assert run(capsys, "export", "--out", str(huge))[0] == 0
    exported = json.loads(huge.read_text())
    exported["tables"]["deals"][0]["size"] = 10**30
    huge.write_text(json.dumps(exported))
    before = run(capsys, "whales", "--json")[1]
    places = {"{folder}": str(folder), "{fake}": str(fake), "{huge}": str(huge)}
    code, _, err = run(capsys, *(places.get(arg, arg) for arg in argv))
    assert code == 2 and _one_line(err) and message in err, err
    assert run(capsys, "whales", "--json")[1] == before


def _make_immutable(path: Path) -> None:
    if shutil.which("chattr") is None:
        pytest.skip("needs chattr to make a folder read-only for root")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr cannot mark files read-only here: {done.stderr!r}")


def _undo_immutable(path: Path) -> None:
    subprocess.run(["chattr", "-i", str(path)], check=False)


def test_a_read_only_book_is_named_read_only_not_damaged(with_whale: DataFolder, capsys) -> None:
    """Pass: add-whale, and even a listing (SQLite needs to write beside a book to read it),
    exit 2 saying the book is read-only and what to do, not "damaged … restore a backup";
    the book is unchanged."""
    before = run(capsys, "whales", "--json")[1]
    book = with_whale.book
    _make_immutable(book)
    _make_immutable(with_whale.root)
    try:
        code, _, err = run(capsys, "add-whale", "Initech")
        assert code == 2 and _one_line(err), err
        assert "read-only" in err and "restore" not in err
        code, _, err = run(capsys, "whales", "--json")
        assert code == 2 and _one_line(err) and "read-only" in err, err
    finally:
        _undo_immutable(with_whale.root)
        _undo_immutable(book)
    assert run(capsys, "whales", "--json")[1] == before
