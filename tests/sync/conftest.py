"""Replicas of a team: each its own book, clock and keyring, sharing one folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

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
            share_clock_ms=lambda _folder: self.clock_ms() if self.cloud else self.world.now_ms,
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


class Team:
    def __init__(self, base: Path) -> None:
        self.base = base
        self.shared = base / "Dropbox" / "Sales"
        self.shared.mkdir(parents=True)
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


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    made = Team(tmp_path)
    yield made
    made.close()
