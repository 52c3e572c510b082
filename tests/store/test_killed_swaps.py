"""kill -9 at 10 ms steps through a restore, a backup and the demo, each followed by a good
restore: the book always ends whole (integrity_check), with the good backup's contents, and
no staging file or partial copy is left behind.

A driver process imports the app once, then forks one child per step that runs the real
command line (`warroom restore FILE`, ...) and is sent SIGKILL a set time after it starts:
forking skips the second of imports each step would cost, and the child is a separate
process, killed as the OS kills one."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from warroom.paths import DataFolder

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL")

DATA = Path(__file__).parents[1] / "data"

DRIVER = """
import json, os, signal, sys, time
from warroom.cli import main
# Load now what the commands would load lazily, so each step's clock starts at the work.
import alembic.command, alembic.config, warroom.services.demo, warroom.services.backups

for line in sys.stdin:
    job = json.loads(line)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.environ["WARROOM_HOME"] = job["home"]
        with open(os.devnull, "w") as quiet:
            os.dup2(quiet.fileno(), 1)
            os.dup2(quiet.fileno(), 2)
        os._exit(main(job["argv"]))
    kill_at = job["kill_ms"]
    if kill_at is not None:
        time.sleep(max(0.0, kill_at / 1000 - (time.monotonic() - started)))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    finished = os.WIFEXITED(status)
    print(json.dumps({
        "finished": finished,
        "code": os.WEXITSTATUS(status) if finished else None,
        "ms": round((time.monotonic() - started) * 1000),
    }), flush=True)
"""


class Driver:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", DRIVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, home: Path, argv: list[str], kill_ms: int | None = None) -> dict[str, object]:
        assert self.process.stdin is not None and self.process.stdout is not None
        job = {"home": str(home), "argv": argv, "kill_ms": kill_ms}
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        result: dict[str, object] = json.loads(self.process.stdout.readline())
        return result

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


@pytest.fixture(scope="module")
def driver() -> Iterator[Driver]:
    made = Driver()
    yield made
    made.close()


def _integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def _whales(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM whales ORDER BY id")]


def _leftovers(folder: DataFolder) -> list[str]:
    names = [p.name for p in folder.root.iterdir()]
    if folder.backups.is_dir():
        names += [p.name for p in folder.backups.iterdir()]
    return [n for n in names if n.startswith(".") or ".part" in n or n.endswith("-journal")]


def _steps(total_ms: int, fine: int = 10) -> list[int]:
    return list(range(0, total_ms + fine, fine))


def _after_each_kill(driver: Driver, folder: DataFolder, good: Path) -> None:
    """The next start restores the good backup: it works, and leaves a whole book."""
    result = driver.run(folder.root, ["restore", str(good)])
    assert result["code"] == 0, result
    assert _integrity(folder.book) == "ok"
    assert _whales(folder.book) == _whales(good)
    assert _leftovers(folder) == []
    for kept in folder.backups.glob("*.sqlite"):
        assert _integrity(kept) == "ok", kept


def _kill_through(
    driver: Driver, folder: DataFolder, argv: list[str], good: Path, steps: list[int]
) -> int:
    kills = 0
    for kill_ms in steps:
        result = driver.run(folder.root, argv, kill_ms)
        _after_each_kill(driver, folder, good)
        if result["finished"]:
            assert result["code"] == 0, result
            break
        kills += 1
    else:
        # A slower run than the one timed (a busy machine) outlasted the last kill: it must
        # still end whole, run to its end.
        result = driver.run(folder.root, argv)
        _after_each_kill(driver, folder, good)
        assert result["finished"] and result["code"] == 0, result
    return kills


def _whole_run_ms(driver: Driver, folder: DataFolder, argv: list[str], good: Path) -> int:
    result = driver.run(folder.root, argv)
    assert result["code"] == 0, result
    _after_each_kill(driver, folder, good)
    return int(str(result["ms"]))


def test_restore_of_an_older_backup_killed_at_every_10_ms(
    driver: Driver, tmp_path: Path, demo_file: Path
) -> None:
    """Pass: a restore that upgrades an older backup, killed anywhere (the stale-WAL case of
    the fault run among them), never leaves a book a later restore would install damaged."""
    folder = DataFolder(tmp_path / "home").ensure()
    good = tmp_path / "good.sqlite"
    good.write_bytes(demo_file.read_bytes())
    older = tmp_path / "older.sqlite"
    older.write_bytes((DATA / "book-schema-0006.sqlite").read_bytes())
    driver.run(folder.root, ["restore", str(good)])
    total = _whole_run_ms(driver, folder, ["restore", str(older)], good)
    kills = _kill_through(driver, folder, ["restore", str(older)], good, _steps(total * 2))
    assert kills >= 5


def test_backup_killed_at_every_10_ms_leaves_no_partial_copy(
    driver: Driver, tmp_path: Path, demo_file: Path
) -> None:
    """Pass: a backup killed anywhere leaves either a whole backup or none, and its partial
    copy is cleared at the next start."""
    folder = DataFolder(tmp_path / "home").ensure()
    good = tmp_path / "good.sqlite"
    good.write_bytes(demo_file.read_bytes())
    driver.run(folder.root, ["restore", str(good)])
    total = _whole_run_ms(driver, folder, ["backup"], good)
    kills = _kill_through(driver, folder, ["backup"], good, _steps(total * 2))
    assert kills >= 3


def test_demo_killed_through_its_run_never_half_replaces_the_book(
    driver: Driver, tmp_path: Path, demo_file: Path
) -> None:
    """Pass: `warroom demo --force` killed anywhere leaves the old book or the demo, whole.
    Filling the demo takes seconds inside its private staging folder, so the kills come
    every 10 ms through its first 200 ms (the backup), every 20 ms around its last 200 ms (the
    swap) and every 400 ms in between."""
    folder = DataFolder(tmp_path / "home").ensure()
    good = tmp_path / "good.sqlite"
    good.write_bytes(demo_file.read_bytes())
    driver.run(folder.root, ["restore", str(good)])
    argv = ["demo", "--force"]
    total = _whole_run_ms(driver, folder, argv, good)
    steps = sorted(
        set(_steps(200))
        | set(range(200, total - 300, 400))
        | {total - 200 + ms for ms in _steps(400, fine=20)}
    )
    kills = _kill_through(driver, folder, argv, good, steps)
    assert kills >= 10
