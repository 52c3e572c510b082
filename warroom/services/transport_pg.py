"""The team server: a team's sealed segments in PostgreSQL, over plain SQL (psycopg 3).

Two tables, made by the lead's team-create; the server runs no code of ours:

    warroom_team       the team id, its keys' ids and checks (what team.json holds in a folder)
    warroom_segments   append-only: (team, device, seq) -> the sealed bytes, as in a folder

The server never sees a key or plaintext: a copy of the database is as unreadable as a copy
of the folder. Publishing is one INSERT that does nothing when the number is taken, so a
resend after a lost answer is harmless (the bytes are compared); a NOTIFY in the same
transaction tells listening laptops (see team_push). Readers ask by device and number above
what they applied, never by a serial id, which concurrent transactions commit out of order.
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors, sql
from psycopg.conninfo import make_conninfo
from psycopg.types.json import Jsonb

from warroom.domain.errors import BadInput
from warroom.services import segments
from warroom.services.segments import HEADER_BYTES, Step, SyncError, Team, team_from_json
from warroom.services.server_passwords import ServerPasswords, split_password
from warroom.services.team_keys import KeyringBackend

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS warroom_team (
        team text PRIMARY KEY,
        doc jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE TABLE IF NOT EXISTS warroom_segments (
        team text NOT NULL REFERENCES warroom_team (team),
        device text NOT NULL,
        seq integer NOT NULL CHECK (seq > 0),
        data bytea NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team, device, seq))""",
    # Sealed bytes do not compress: spare the server trying.
    "ALTER TABLE warroom_segments ALTER COLUMN data SET STORAGE EXTERNAL",
)
CONNECT_SECONDS = 10
READ_CHUNK = 32  # segments per query when reading: a round's worth, not a year's
LISTEN_POLL_SECONDS = 1.0
LISTEN_RETRY_SECONDS = 30.0


def channel(team: str) -> str:
    """The NOTIFY channel of a team (its id is 32 hex digits: a valid name as it is)."""
    return f"warroom_{team}"


class ServerTransport:
    """A team server: one connection, opened when first needed, reopened after a fault."""

    def __init__(self, url: str, password: str | None, keep: ServerPasswords | None = None) -> None:
        self.url = url
        self._password = password
        self._keep = keep  # where a password given in the URL goes once the server takes it
        self._connection: psycopg.Connection[tuple[Any, ...]] | None = None
        self._team: str | None = None

    @classmethod
    def open(cls, location: str, backend: KeyringBackend) -> ServerTransport:
        """A password given in the URL goes to the keyring once the server accepts it (a
        mistyped one never replaces a good one); else the keyring's is used, or none (libpq
        may find one in PGPASSWORD or ~/.pgpass)."""
        url, password = split_password(location)
        passwords = ServerPasswords(backend)
        if password:
            return cls(url, password, keep=passwords)
        return cls(url, passwords.get(url))

    @property
    def location(self) -> str:
        return self.url

    @property
    def place(self) -> str:
        return "the team server"

    @property
    def clock_name(self) -> str:
        return "the team server's clock"

    def connection(self) -> psycopg.Connection[tuple[Any, ...]]:
        if self._connection is None or self._connection.closed:
            # A password from the keyring joins the URL's own options (sslmode and the rest).
            with self._talking():
                where = (
                    make_conninfo(self.url, password=self._password) if self._password else self.url
                )
                self._connection = psycopg.connect(
                    where,
                    autocommit=True,
                    connect_timeout=CONNECT_SECONDS,
                    application_name="warroom",
                    # A server gone without a word (a laptop leaving the office network)
                    # is noticed in half a minute, not after the system's TCP timeout.
                    keepalives=1,
                    keepalives_idle=10,
                    keepalives_interval=5,
                    keepalives_count=3,
                    tcp_user_timeout=30_000,
                )
            if self._keep is not None and self._password:
                self._keep.set(self.url, self._password)
                self._keep = None
        return self._connection

    @contextmanager
    def _talking(self) -> Iterator[None]:
        """Every fault of the server as one SyncError saying what to do; the connection is
        dropped after one, so the next call starts afresh."""
        try:
            yield
        except psycopg.Error as exc:
            self.close()
            raise SyncError(_say(self.url, exc)) from exc

    def _team_id(self) -> str:
        if self._team is None:
            self._team = self.read_team().id
        return self._team

    def check_free(self) -> None:
        try:
            with self._talking():
                held = self.connection().execute("SELECT 1 FROM warroom_team").fetchone()
        except SyncError as exc:
            if isinstance(exc.__cause__, errors.UndefinedTable):
                return  # no tables yet: create_team makes them
            raise
        if held:
            raise BadInput(f"{self.url} already holds a team; join it with its recovery code")

    def create_team(self, team: Team) -> None:
        with self._talking():
            connection = self.connection()
            with connection.transaction():
                for statement in SCHEMA:
                    connection.execute(statement)
                connection.execute("LOCK TABLE warroom_team IN EXCLUSIVE MODE")
                if connection.execute("SELECT 1 FROM warroom_team").fetchone():
                    raise BadInput(
                        f"{self.url} already holds a team; join it with its recovery code"
                    )
                connection.execute(
                    "INSERT INTO warroom_team (team, doc) VALUES (%s, %s)",
                    (team.id, Jsonb(team.to_json())),
                )
        self._team = team.id

    def read_team(self) -> Team:
        not_a_team = SyncError(
            f"{self.url}: not a War Room team database (no team in it); the lead makes "
            "one with 'warroom team-create URL'"
        )
        try:
            with self._talking():
                rows = self.connection().execute("SELECT doc FROM warroom_team").fetchall()
        except SyncError as exc:
            if isinstance(exc.__cause__, errors.UndefinedTable):
                raise not_a_team from None
            raise
        if not rows:
            raise not_a_team
        if len(rows) > 1:
            raise SyncError(f"{self.url}: holds more than one team; a team has its own database")
        team = team_from_json(rows[0][0], f"{self.url} (warroom_team)")
        self._team = team.id
        return team

    def write_team(self, team: Team) -> None:
        with self._talking():
            self.connection().execute(
                "UPDATE warroom_team SET doc = %s WHERE team = %s", (Jsonb(team.to_json()), team.id)
            )

    def listing(self, me: str, after: dict[str, int]) -> dict[str, set[int]]:
        team = self._team_id()
        with self._talking():
            rows = (
                self.connection()
                .execute(
                    "SELECT s.device, s.seq FROM warroom_segments s"
                    " LEFT JOIN unnest(%s::text[], %s::int[]) AS h(device, after) USING (device)"
                    " WHERE s.team = %s AND s.device <> %s AND s.seq > coalesce(h.after, 0)",
                    (list(after), list(after.values()), team, me),
                )
                .fetchall()
            )
        found: dict[str, set[int]] = {}
        for device, seq in rows:
            found.setdefault(str(device), set()).add(int(seq))
        return found

    def own(self, device: str) -> dict[int, str]:
        # The row version (xmin) changes with any UPDATE of the bytes; asking for it and the
        # length reads no segment.
        team = self._team_id()
        with self._talking():
            rows = (
                self.connection()
                .execute(
                    "SELECT seq, xmin::text || ':' || octet_length(data) FROM warroom_segments"
                    " WHERE team = %s AND device = %s",
                    (team, device),
                )
                .fetchall()
            )
        return {int(seq): str(mark) for seq, mark in rows}

    def read(
        self, wanted: list[tuple[str, int]]
    ) -> Iterator[tuple[str, int, bytes | OSError | segments.BadSegment]]:
        team = self._team_id()
        for start in range(0, len(wanted), READ_CHUNK):
            chunk = wanted[start : start + READ_CHUNK]
            with self._talking():
                rows = (
                    self.connection()
                    .execute(
                        "SELECT s.data FROM unnest(%s::text[], %s::int[]) WITH ORDINALITY"
                        " AS w(device, seq, n) LEFT JOIN warroom_segments s"
                        " ON s.team = %s AND s.device = w.device AND s.seq = w.seq ORDER BY w.n",
                        ([d for d, _ in chunk], [s for _, s in chunk], team),
                    )
                    .fetchall()
                )
            for (device, seq), (data,) in zip(chunk, rows, strict=True):
                if data is None:
                    gone = FileNotFoundError(errno.ENOENT, "not on the team server")
                    yield device, seq, gone
                else:
                    yield device, seq, bytes(data)

    def resends_from(self, device: str, seq: int) -> int:
        team = self._team_id()
        with self._talking():
            row = (
                self.connection()
                .execute(
                    "SELECT substring(data FROM 1 FOR %s) FROM warroom_segments"
                    " WHERE team = %s AND device = %s AND seq = %s",
                    (HEADER_BYTES, team, device, seq),
                )
                .fetchone()
            )
        return segments.resends_in(bytes(row[0])) if row else 0

    def clock_ms(self, device: str) -> int:
        with self._talking():
            row = (
                self.connection()
                .execute("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint")
                .fetchone()
            )
        assert row is not None
        return int(row[0])

    def publish(self, device: str, seq: int, data: bytes, step: Step) -> None:
        """One INSERT and its NOTIFY, in one transaction. A connection lost on the way is
        tried once more on a new one: if the first did commit, its bytes are found equal."""
        try:
            self._insert(device, seq, data, step)
        except SyncError as exc:
            if not isinstance(exc.__cause__, psycopg.OperationalError):
                raise
            self._insert(device, seq, data, step)

    def _insert(self, device: str, seq: int, data: bytes, step: Step) -> None:
        team = self._team_id()
        with self._talking():
            connection = self.connection()
            with connection.transaction():
                step("write")
                inserted = connection.execute(
                    "INSERT INTO warroom_segments (team, device, seq, data)"
                    " VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING seq",
                    (team, device, seq, data),
                ).fetchone()
                if inserted is None:
                    there = connection.execute(
                        "SELECT data FROM warroom_segments"
                        " WHERE team = %s AND device = %s AND seq = %s",
                        (team, device, seq),
                    ).fetchone()
                    if there is not None and bytes(there[0]) == data:
                        return  # our own, sent before an answer was lost
                    raise SyncError(
                        f"{self.url}: segment {seq} of this laptop appeared while "
                        "publishing; another copy of this book is syncing as this laptop. "
                        "Sync again to sort it out."
                    )
                connection.execute("SELECT pg_notify(%s, %s)", (channel(team), f"{device}:{seq}"))
                step("flush")  # sent, not committed: a process killed here leaves nothing

    def listen(self, team: str, me: str, heard: Callable[[], None], stop: threading.Event) -> None:
        """Call `heard` each time another laptop publishes, until `stop` is set: for a thread
        of its own, on this transport's own connection. A lost connection is opened again
        after a pause; meanwhile the timed sync still runs."""
        while not stop.is_set():
            try:
                connection = self.connection()
                with self._talking():
                    connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel(team))))
                    while not stop.is_set():
                        # Woken at once by a notification; the timeout only checks `stop`.
                        for note in connection.notifies(timeout=LISTEN_POLL_SECONDS):
                            if not note.payload.startswith(f"{me}:"):
                                heard()
            except SyncError:
                stop.wait(LISTEN_RETRY_SECONDS)
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _say(url: str, exc: psycopg.Error) -> str:
    """One line a user can act on, for a fault of the server or the way to it."""
    # libpq's lines as one: each line a clause ("Connection refused; Is the server running").
    lines = [" ".join(line.split()) for line in str(exc).splitlines()]
    text = "; ".join(line for line in lines if line) or type(exc).__name__
    kept = "nothing on this laptop is lost; the next sync goes on from where this one stopped"
    if isinstance(exc, errors.DiskFull):
        return f"{url}: the team server is out of disk space; {kept}. Tell whoever runs it"
    if isinstance(exc, errors.InsufficientPrivilege):
        return f"{url}: the server refused ({text}); ask whoever runs it for the rights"
    if "password authentication failed" in text:
        return (
            f"{url}: the server refused the password; give the right one once in the URL "
            "(postgresql://USER:PASSWORD@HOST/DB), e.g. warroom sync URL: it is then kept with"
            " the team key"
        )
    if "no password supplied" in text:
        return (
            f"{url}: the server asks for a password; give it once in the URL "
            "(postgresql://USER:PASSWORD@HOST/DB), e.g. warroom sync URL: it is then kept with"
            " the team key"
        )
    if "does not exist" in text and "database" in text:
        return f"{url}: no such database on that server ({text})"
    if isinstance(exc, psycopg.ProgrammingError) and ("URI" in text or "conninfo" in text):
        return f"{url}: not a server address libpq understands ({text})"
    if isinstance(exc, psycopg.OperationalError):
        return f"{url}: cannot reach the team server ({text}); {kept}"
    return f"{url}: the team server failed ({text}); {kept}"
