"""A team on a PostgreSQL team server from the command line: create, join, sync, and every
fault one clear line with exit 2, nothing lost, the next sync going on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.postgres_cluster import REP, REP_PASSWORD, Cluster

from .conftest import Laptop


@pytest.fixture
def database(pg_cluster: Cluster) -> str:
    return pg_cluster.new_database()


def _one_line(code: int, err: str, words: str) -> None:
    assert code == 2, err
    assert words in err, err
    assert len(err.strip().splitlines()) == 1, err


def test_a_floor_shares_one_server_and_the_password_stays_in_the_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, pg_cluster: Cluster, database: str
) -> None:
    """Pass: the lead creates the team with the password in the URL; it is in the keyring
    and nowhere in the data folder or the output; a rep without it is told to give it, then
    joins; both laptops see both whales; sslmode passes through to libpq."""
    with_password = pg_cluster.url(database, REP, REP_PASSWORD) + "?sslmode=disable"
    bare = pg_cluster.url(database, REP) + "?sslmode=disable"
    lead = Laptop(tmp_path / "lead", monkeypatch, capsys)
    rep = Laptop(tmp_path / "rep", monkeypatch, capsys)
    lead.run("me", "Lee Lead")
    lead.run("add-whale", "Globex")
    code, out, err = lead.run("team-create", with_password, "--json")
    assert code == 0, err
    made = json.loads(out)
    assert made["shared"] == bare and REP_PASSWORD not in out
    assert REP_PASSWORD in lead.keyring.secrets.values()
    assert lead.run("sync")[0] == 0

    rep.run("me", "Rae Rep")
    _one_line(*rep.run("team-join", bare, "--code", made["recovery_code"])[::2], "password")
    code, out, err = rep.run("team-join", with_password, "--code", made["recovery_code"])
    assert code == 0 and "Joined" in out, err
    rep.run("add-whale", "Initech")
    assert rep.run("sync")[0] == 0  # the server it joined is remembered, the password kept
    assert lead.run("sync")[0] == 0
    assert lead.whales() == rep.whales() == ["Globex", "Initech"]
    for laptop in (lead, rep):
        assert REP_PASSWORD.encode() not in laptop.every_byte()

    needs_tls = pg_cluster.url(database, REP) + "?sslmode=require"
    _one_line(*lead.run("sync", needs_tls)[::2], "SSL")


def test_each_fault_of_the_server_is_one_line_and_the_next_sync_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, pg_cluster: Cluster, database: str
) -> None:
    """Pass: the server down, a wrong password, a database that is not a team's, and a full
    disk on the server each give one line and exit 2; the edit made meanwhile is published by
    the next sync and reaches the other laptop."""
    url = pg_cluster.url(database)
    lead = Laptop(tmp_path / "lead", monkeypatch, capsys)
    rep = Laptop(tmp_path / "rep", monkeypatch, capsys)
    lead.run("me", "Lee Lead")
    code = json.loads(lead.run("team-create", url, "--json")[1])["recovery_code"]
    rep.run("team-join", url, "--code", code)
    lead.run("add-whale", "Made while the server was down")

    down = f"postgresql://postgres@127.0.0.1:{_closed_port()}/{database}"
    _one_line(*lead.run("sync", down)[::2], "cannot reach the team server")
    newcomer = Laptop(tmp_path / "newcomer", monkeypatch, capsys)
    _one_line(*newcomer.run("team-create", down)[::2], "cannot reach the team server")
    _one_line(*newcomer.run("team-create", url)[::2], "already holds a team")
    assert newcomer.keyring.secrets == {}  # no key made for a team that was never created
    wrong = pg_cluster.url(database, REP, "not-the-password")
    _one_line(*lead.run("sync", wrong)[::2], "refused the password")
    elsewhere = pg_cluster.url(pg_cluster.new_database())
    _one_line(*lead.run("sync", elsewhere)[::2], "not a War Room team database")
    _one_line(*rep.run("team-join", elsewhere, "--code", code)[::2], "not a War Room team")
    with _disk_full(pg_cluster, database):
        _one_line(*lead.run("sync", url)[::2], "out of disk space")

    assert lead.run("sync", url)[0] == 0
    assert rep.run("sync")[0] == 0
    assert rep.whales() == ["Made while the server was down"]


def test_a_headless_machine_keeps_the_server_password_in_the_key_file(
    tmp_path: Path, pg_cluster: Cluster, database: str
) -> None:
    """Pass: the real `warroom` with no OS keyring keeps the server's password in the
    passphrase-wrapped key file (never readable there), and the next sync finds it."""
    home = tmp_path / "lead"
    env = {**os.environ, "WARROOM_HOME": str(home), "WARROOM_KEYRING": "file"}
    env["WARROOM_PASSPHRASE"] = "lead passphrase"

    def warroom(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "warroom", *argv],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    made = warroom("team-create", pg_cluster.url(database, REP, REP_PASSWORD))
    assert made.returncode == 0, made.stderr
    assert REP_PASSWORD not in made.stdout
    synced = warroom("sync")
    assert synced.returncode == 0, synced.stderr
    for path in home.rglob("*"):
        if path.is_file():
            assert REP_PASSWORD.encode() not in path.read_bytes(), path


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when this returns


class _disk_full:
    """The server refuses new rows with PostgreSQL's own "disk full" error (SQLSTATE 53100),
    as a full data volume does; a test-only trigger, dropped again on exit."""

    def __init__(self, cluster: Cluster, database: str) -> None:
        self.admin = cluster.admin(database)

    def _run(self, sql: str) -> None:
        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def __enter__(self) -> None:
        self._run(
            "CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " RAISE EXCEPTION 'could not extend file: No space left on device'"
            " USING ERRCODE = 'disk_full'; END $$;"
            " CREATE TRIGGER full_disk BEFORE INSERT ON warroom_segments"
            " FOR EACH ROW EXECUTE FUNCTION full_disk()"
        )

    def __exit__(self, *_exc: object) -> None:
        self._run("DROP TRIGGER full_disk ON warroom_segments; DROP FUNCTION full_disk()")


def test_team_move_takes_a_folder_team_to_the_server_and_reps_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, pg_cluster: Cluster, database: str
) -> None:
    """Pass: `warroom team-move URL` moves a folder team with its segments; a rep's plain
    `sync` says where the team went (exit 2, one line), `sync URL` once follows it, and
    both laptops end with both whales."""
    shared = tmp_path / "Dropbox"
    shared.mkdir()
    url = pg_cluster.url(database)
    lead = Laptop(tmp_path / "lead", monkeypatch, capsys)
    rep = Laptop(tmp_path / "rep", monkeypatch, capsys)
    lead.run("me", "Lee Lead")
    lead.run("add-whale", "Globex")
    code = json.loads(lead.run("team-create", str(shared), "--json")[1])["recovery_code"]
    lead.run("sync")
    rep.run("team-join", str(shared), "--code", code)
    rep.run("add-whale", "Initech")
    assert rep.run("sync")[0] == 0

    moved, out, err = lead.run("team-move", url)
    assert moved == 0, err
    assert "Moved" in out and f"warroom sync {url}" in out
    _one_line(*rep.run("sync")[::2], f"the team has moved to {url}")
    assert rep.run("sync", url)[0] == 0
    assert rep.run("sync")[0] == 0  # the server is remembered from now on
    assert lead.run("sync")[0] == 0
    assert lead.whales() == rep.whales() == ["Globex", "Initech"]


def test_an_address_that_is_neither_a_folder_nor_a_server_is_named_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    lead = Laptop(tmp_path / "lead", monkeypatch, capsys)
    lead.run("me", "Lena", "--zone", "UTC")
    for address in ("http://example.com/sales", "postgresql:/broken"):
        code, _, err = lead.run("team-create", address)
        assert code == 2 and "not at this address" in err, err
        assert "shared folder is not there" not in err
