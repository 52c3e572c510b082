"""A throwaway PostgreSQL cluster for the team-server tests: initdb and pg_ctl on a temp folder.

Started once per test session on a free port, with its Unix socket in the same folder, and
stopped at the end. initdb and pg_ctl refuse to run as root, so as root they run as the
`postgres` user (`runuser`), on a folder that user owns. The cluster skips fsync: it holds
nothing worth keeping, and every test makes its own database.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# A role that must give a password over TCP, for the tests of passwords (others connect as
# the superuser, trusted on this throwaway cluster only).
REP, REP_PASSWORD = "rep", "s3cret-Pass"


class Unavailable(Exception):
    """PostgreSQL cannot run here; the message says why (the reason the tests are skipped)."""


@dataclass(frozen=True)
class Cluster:
    folder: Path
    port: int

    def url(self, database: str, user: str = "postgres", password: str = "") -> str:
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def admin(self, database: str = "postgres") -> str:
        """A libpq string over the Unix socket, as the superuser."""
        return f"host={self.folder} port={self.port} user=postgres dbname={database}"

    def new_database(self) -> str:
        """A fresh, empty database's name."""
        import psycopg

        name = f"team_{secrets.token_hex(6)}"
        with psycopg.connect(self.admin(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
            connection.execute(f'GRANT ALL ON DATABASE "{name}" TO {REP}')
        with psycopg.connect(self.admin(name), autocommit=True) as connection:
            connection.execute(f"GRANT ALL ON SCHEMA public TO {REP}")
        return name


def _bin_dir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise Unavailable(
        "PostgreSQL is not installed and could not be (scripts/postgres.sh installs the "
        "Debian package `postgresql` as root)"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(argv: list[str], as_user: str | None) -> None:
    command = ["runuser", "-u", as_user, "--", *argv] if as_user else argv
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise Unavailable(f"{Path(argv[0]).name} failed: {(done.stderr or done.stdout)[-400:]}")


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    binaries = _bin_dir()
    as_user = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no `postgres` user") from None
        as_user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="warroom-pg-"))
    if as_user:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data = folder / "data"
    port = _free_port()
    try:
        _run(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
            as_user,
        )
        # Trust the superuser (the tests' own set-up); every other role gives a password.
        (data / "pg_hba.conf").write_text(
            "local all postgres trust\n"
            "local all all scram-sha-256\n"
            "host all postgres 127.0.0.1/32 trust\n"
            "host all all 127.0.0.1/32 scram-sha-256\n"
        )
        options = (
            f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        _run(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(folder / "log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            as_user,
        )
        cluster = Cluster(folder, port)
        import psycopg

        with psycopg.connect(cluster.admin(), autocommit=True) as connection:
            connection.execute(f"CREATE ROLE {REP} LOGIN PASSWORD '{REP_PASSWORD}'")
        try:
            yield cluster
        finally:
            _run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], as_user)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
