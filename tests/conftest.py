"""Shared fixtures: a temp data folder per test and demo books built once per run.

This file imports no Qt: the core tests also run in a venv without PySide6.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.postgres_cluster import Cluster, Unavailable, running_cluster

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from warroom.paths import DataFolder, resources_dir
from warroom.services.book import Book
from warroom.services.demo import create_demo_book
from warroom.services.open_book import OpenBook
from warroom.store import edits
from warroom.store.db import Store, open_store
from warroom.store.tables import dump

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _zone_put_back() -> Iterator[None]:
    """Opening a book makes its rep's zone this process's local time (clock.follow_zone):
    after each test the zone it began with is put back, in TZ and in the C library."""
    before = os.environ.get("TZ")
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> DataFolder:
    """An empty data folder that WARROOM_HOME points at."""
    root = tmp_path / "home"
    monkeypatch.setenv("WARROOM_HOME", str(root))
    monkeypatch.setenv("TZ", "UTC")
    return DataFolder(root)


@pytest.fixture
def store(home: DataFolder) -> Iterator[Store]:
    opened = open_store(home.ensure().book, at=NOW)
    yield opened
    opened.close()


@pytest.fixture
def book(store: Store) -> Book:
    return Book(store)


@pytest.fixture
def open_book(store: Store) -> OpenBook:
    return OpenBook(store)


_BOOKKEEPING = ("created_at", "updated_at", "deleted_at")
# Today's plan is written when Today is read (the day's first list, kept so rows hold still),
# not by an edit; undo takes back edits, so the plan is left out of the comparison.
_DERIVED = ("day_plan_rows",)


Dump = dict[str, list[dict[str, object]]]


def _canonical(store: Store) -> Dump:
    """The book as a user sees it: live rows only, without the times every write moves.
    Two books with equal canonical dumps show the same everywhere."""
    with store.transaction() as session:
        tables = dump(session)
    return {
        name: [
            {k: v for k, v in row.items() if k not in _BOOKKEEPING}
            for row in rows
            if row["deleted_at"] is None
        ]
        for name, rows in tables.items()
        if name not in _DERIVED
    }


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed-1 demo book as of TODAY, built once; tests copy it."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "book.sqlite"
    create_demo_book(
        path, folder / "backups", seed=1, today=TODAY, resources=resources_dir(), at=NOW
    )
    return path


@pytest.fixture
def demo_home(home: DataFolder, demo_file: Path) -> DataFolder:
    home.ensure()
    shutil.copy(demo_file, home.book)
    return home


@pytest.fixture
def demo_book(demo_home: DataFolder) -> Iterator[Book]:
    opened = open_store(demo_home.book, at=NOW)
    yield Book(opened)
    opened.close()


@pytest.fixture(scope="session")
def canonical() -> Callable[[Store], Dump]:
    """`canonical(store)`: the book's contents to compare before and after undo."""
    return _canonical


CAPTURE_NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


@pytest.fixture
def coho() -> Callable[[Book], str]:
    """`coho(book)`: the book of tests/data/capture's exports: Elena (New York) with her
    address, and Coho with its web domain and four stakeholders. Returns Coho's id."""
    return _coho


def _coho(book: Book) -> str:
    """Elena (New York) with her address, and Coho with its domain and four stakeholders."""
    book.set_me("Elena Petrova", "America/New_York", CAPTURE_NOW, ["elena.petrova@ourco.example"])
    whale_id = book.add_whale("Coho Winery Holdings", CAPTURE_NOW, deal_size=900_000).value
    with book.store.transaction(write=True) as session:
        from warroom.store.schema import WhaleRow

        session.get_one(WhaleRow, whale_id).web_domain = "cohowineryholdings.com"
        for number, name in enumerate(
            ("Rohan Kapoor", "Ethan Brooks", "Henrik Lund", "Leah Goldberg")
        ):
            first, last = name.lower().split()
            edits.add_stakeholder(
                session,
                f"s-{number}",
                whale_id,
                CAPTURE_NOW,
                name=name,
                email=f"{first}.{last}@cohowineryholdings.com",
            )
    return whale_id


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the whole run (see tests/postgres_cluster.py)."""
    with ExitStack() as stack:
        try:
            cluster = stack.enter_context(running_cluster())
        except Unavailable as exc:
            pytest.skip(f"PostgreSQL cannot run on this machine: {exc}")
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The URL of a new, empty database on the test cluster (a team server to be)."""
    return pg_cluster.url(pg_cluster.new_database())
