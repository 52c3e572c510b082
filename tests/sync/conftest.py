"""Replicas of a team: each its own book, clock and keyring, sharing one folder or one team
server; every test of a `team` runs over both transports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from warroom.services import segments
from warroom.services.book import Book
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.store import tables
from warroom.store.db import Store, open_store

START_MS = int(datetime(2026, 11, 23, 9, 0, tzinfo=UTC).timestamp() * 1000)


@dataclass
class World:
    """Real time for the share, and a wall clock every replica reads with its own skew."""

    now_ms: int = START_MS

    def advance(self, ms: int = 1000) -> None:
        self.now_ms += ms


@dataclass
class Replica:
    name: str
    root: Path
    world: World
    store: Store
    keyring: MemoryKeyring = field(default_factory=MemoryKeyring)
    skew_ms: int = 0
    # A cloud folder stamps files with the laptop's own clock; a file server with real time.
    cloud: bool = False
    time_server: bool | None = None  # what the system says of its clock (None: cannot ask)

    def clock_ms(self) -> int:
        return self.world.now_ms + self.skew_ms

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(self.clock_ms() / 1000, UTC)

    @property
    def book(self) -> Book:
        return Book(self.store)

    def sync_service(self, **options: Any) -> Sync:
        return Sync(
            self.store,
            TeamKeys(self.keyring),
            self.root,
            clock_ms=self.clock_ms,
            share_clock_ms=lambda _transport, _device: (
                self.clock_ms() if self.cloud else self.world.now_ms
            ),
            time_synced=lambda: self.time_server,
            **options,
        )

    def reopen(self) -> None:
        self.store.close()
        self.store = open_store(self.root / "book.sqlite", at=self.at)
        self.store.log.clock_ms = self.clock_ms


def canonical(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every synced table, row by row; a laptop's own settings are left out."""
    with store.transaction() as session:
        dump = tables.dump(session)
    dump["settings"] = [row for row in dump["settings"] if not row["id"].startswith("device.")]
    return dump


class FolderShare:
    """The segments in a shared folder, as a test reaches them behind the app's back."""

    kind = "folder"

    def __init__(self, shared: Path) -> None:
        self.shared = shared

    def path(self, device: str, seq: int) -> Path:
        return segments.team_folder(self.shared) / "devices" / device / segments.segment_name(seq)

    def seqs(self, device: str) -> list[int]:
        return sorted(segments.segments_of(self.path(device, 1).parent))

    def get(self, device: str, seq: int) -> bytes:
        return self.path(device, seq).read_bytes()

    def put(self, device: str, seq: int, data: bytes) -> None:
        self.path(device, seq).parent.mkdir(parents=True, exist_ok=True)
        self.path(device, seq).write_bytes(data)

    def remove(self, device: str, seq: int) -> None:
        self.path(device, seq).unlink()

    def everything(self) -> list[bytes]:
        """Every byte stored, as a thief copying the folder would get it."""
        root = segments.team_folder(self.shared)
        return [p.read_bytes() for p in root.rglob("*") if p.is_file()]


class ServerShare:
    """The segments on a team server, reached as its administrator would (plain SQL)."""

    kind = "postgres"

    def __init__(self, url: str) -> None:
        self.url = url

    def _sql(self, query: str, *args: object) -> list[tuple[Any, ...]]:
        with psycopg.connect(self.url, autocommit=True) as connection:
            cursor = connection.execute(query, args)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def seqs(self, device: str) -> list[int]:
        rows = self._sql("SELECT seq FROM warroom_segments WHERE device = %s ORDER BY seq", device)
        return [row[0] for row in rows]

    def get(self, device: str, seq: int) -> bytes:
        [(data,)] = self._sql(
            "SELECT data FROM warroom_segments WHERE device = %s AND seq = %s", device, seq
        )
        return bytes(data)

    def put(self, device: str, seq: int, data: bytes) -> None:
        self._sql(
            "INSERT INTO warroom_segments (team, device, seq, data)"
            " SELECT team, %s, %s, %s FROM warroom_team"
            " ON CONFLICT (team, device, seq) DO UPDATE SET data = excluded.data",
            device,
            seq,
            data,
        )

    def remove(self, device: str, seq: int) -> None:
        self._sql("DELETE FROM warroom_segments WHERE device = %s AND seq = %s", device, seq)

    def everything(self) -> list[bytes]:
        """Every table's rows as text and bytes, as a copy of the database would hold them."""
        rows = self._sql("SELECT doc::text FROM warroom_team")
        rows += self._sql("SELECT device, seq, data FROM warroom_segments")
        return [b"|".join(v if isinstance(v, bytes) else str(v).encode() for v in r) for r in rows]


Share = FolderShare | ServerShare


class Team:
    def __init__(self, base: Path, server: str | None = None) -> None:
        self.base = base
        self.shared: Path | str
        self.share: Share
        if server is None:
            self.shared = base / "Dropbox" / "Sales"
            self.shared.mkdir(parents=True)
            self.share = FolderShare(self.shared)
        else:
            self.shared = server
            self.share = ServerShare(server)
        self.world = World()
        self.replicas: list[Replica] = []
        self.code = ""

    def replica(self, name: str) -> Replica:
        root = self.base / name
        store = open_store(root / "book.sqlite", at=datetime.fromtimestamp(START_MS / 1000, UTC))
        replica = Replica(name, root, self.world, store)
        store.log.clock_ms = replica.clock_ms  # its edits are stamped by its own clock
        if not self.replicas:
            replica.book.set_me(name, "UTC", replica.at)
            self.code = replica.sync_service().create_team(self.shared, name)
        else:
            replica.sync_service().join_team(self.shared, self.code, name)
            replica.book.set_me(name, "UTC", replica.at)
        self.replicas.append(replica)
        return replica

    def sync_all(self, rounds: int = 2) -> None:
        for _ in range(rounds):
            for replica in self.replicas:
                self.world.advance(10)
                replica.sync_service().sync(self.shared)

    def close(self) -> None:
        for replica in self.replicas:
            replica.store.close()

    def device(self, replica: Replica) -> str:
        with replica.store.engine.connect() as connection:
            return str(
                connection.exec_driver_sql(
                    "SELECT value FROM sync_state WHERE key = 'device'"
                ).scalar()
            )


@pytest.fixture(params=["folder", "postgres"])
def transport(request: pytest.FixtureRequest) -> str | None:
    """None for a shared folder, else a new team server database's URL."""
    return None if request.param == "folder" else str(request.getfixturevalue("pg_url"))


@pytest.fixture
def team(tmp_path: Path, transport: str | None) -> Iterator[Team]:
    made = Team(tmp_path, transport)
    yield made
    made.close()
