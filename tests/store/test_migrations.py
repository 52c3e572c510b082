from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from warroom.domain.errors import NotABook
from warroom.services.book import Book
from warroom.store import queries
from warroom.store.db import book_revision, open_store, schema_revisions
from warroom.store.schema import Base

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parent.parent / "data"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrations_build_exactly_the_models_schema(tmp_path: Path) -> None:
    store = open_store(tmp_path / "book.sqlite")
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    assert diff == []
    assert book_revision(tmp_path / "book.sqlite") == schema_revisions()[-1]


@pytest.mark.parametrize(
    "fixture", sorted(FIXTURES.glob("book-schema-*.sqlite")), ids=lambda p: p.stem
)
def test_each_released_schema_upgrades_with_its_data(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    shutil.copy(fixture, path)
    old = book_revision(path)
    store = open_store(path, at=NOW)
    with store.transaction() as session:
        names = [w.name for w in queries.whale_summaries(session)]
    store.close()
    assert "Globex" in names
    assert book_revision(path) == schema_revisions()[-1]
    backups = list(tmp_path.glob("book.before-upgrade-*.sqlite"))
    if old != schema_revisions()[-1]:
        assert len(backups) == 1 and book_revision(backups[0]) == old
    else:
        assert backups == []


def test_upgrading_from_the_first_revision_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    first = schema_revisions()[0]
    open_store(path, revision=first).close()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO whales (id, name, web_domain, industry, why_now, past_attempts,"
            " past_proposals, competitors, notes, listening, top_ten, created_at, updated_at)"
            " VALUES ('w1', 'Globex', '', '', '', '', '', '', '', '', 0, ?, ?)",
            ("2026-01-01 00:00:00.000000", "2026-01-01 00:00:00.000000"),
        )
    store = open_store(path, at=NOW)
    with store.transaction() as session:
        assert [w.name for w in queries.whale_summaries(session)] == ["Globex"]
    store.close()


def test_a_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    path.write_text("shopping list: milk, eggs\n")
    before = _digest(path)
    with pytest.raises(NotABook, match="not a War Room book"):
        open_store(path)
    assert _digest(path) == before


def test_another_apps_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    before = _digest(path)
    with pytest.raises(NotABook, match="not a War Room book"):
        open_store(path)
    assert _digest(path) == before


def test_a_damaged_book_is_refused_and_left_alone(tmp_path: Path, demo_file: Path) -> None:
    path = tmp_path / "book.sqlite"
    shutil.copy(demo_file, path)
    data = bytearray(path.read_bytes())
    data[8192:16384] = b"\xde\xad\xbe\xef" * 2048  # scribble over whole pages
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(NotABook, match="damaged"):
        open_store(path)
    assert _digest(path) == before


def _page_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The page checks book_revision runs, seen through a trace on its connections."""
    from warroom.store import db

    seen: list[str] = []
    connect = sqlite3.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.set_trace_callback(lambda sql: seen.append(sql) if "quick_check" in sql else None)
        return conn

    monkeypatch.setattr(db.sqlite3, "connect", traced)
    return seen


def test_a_book_closed_cleanly_opens_without_a_page_check(
    tmp_path: Path, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass: the first open of a copied book checks its pages; after War Room closed it
    cleanly, the next open does not (a team book's check costs a second per command)."""
    path = tmp_path / "book.sqlite"
    shutil.copy(demo_file, path)
    checks = _page_checks(monkeypatch)
    open_store(path).close()
    assert len(checks) == 1
    open_store(path).close()
    assert len(checks) == 1


def test_a_book_damaged_after_a_clean_close_is_still_refused(
    tmp_path: Path, demo_file: Path
) -> None:
    """Pass: a scribble over a book War Room had closed cleanly moves its fingerprint, so the
    pages are checked again and the book is refused, untouched."""
    path = tmp_path / "book.sqlite"
    shutil.copy(demo_file, path)
    open_store(path).close()
    assert path.with_name("book.sqlite.checked").exists()
    data = bytearray(path.read_bytes())
    data[8192:16384] = b"\xde\xad\xbe\xef" * 2048
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises(NotABook, match="damaged"):
        open_store(path)
    assert _digest(path) == before


def test_a_truncated_book_is_refused(tmp_path: Path, demo_file: Path) -> None:
    path = tmp_path / "book.sqlite"
    path.write_bytes(demo_file.read_bytes()[:20000])
    before = _digest(path)
    with pytest.raises(NotABook):
        open_store(path)
    assert _digest(path) == before


def test_a_book_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    open_store(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NotABook, match="newer War Room"):
        open_store(path)


def test_revisions_read_from_file_names_agree_with_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from warroom.store.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    walked = [rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()]
    assert schema_revisions() == list(reversed(walked))


def test_opening_a_current_book_does_not_run_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warroom.store import db

    path = tmp_path / "book.sqlite"
    open_store(path).close()

    def refuse(*_args: object) -> None:
        raise AssertionError("upgrade ran on a current book")

    monkeypatch.setattr(db, "_upgrade", refuse)
    open_store(path).close()


def test_a_book_in_a_team_keeps_logging_its_edits_after_it_is_reopened(tmp_path: Path) -> None:
    """Pass: the 0006 fixture (a book that joined a team and synced) opens with its device,
    so a new edit lands in the change log at once."""
    path = tmp_path / "book.sqlite"
    shutil.copy(FIXTURES / "book-schema-0006.sqlite", path)
    store = open_store(path, at=NOW)
    assert store.log.device is not None
    with store.transaction() as session:
        before = session.connection().exec_driver_sql("SELECT count(*) FROM changes").scalar()
    Book(store).add_whale("Umbrella", NOW)
    with store.transaction() as session:
        after = session.connection().exec_driver_sql("SELECT count(*) FROM changes").scalar()
    store.close()
    assert after == before + 2  # the whale and its deal


def test_a_read_only_look_at_the_book_does_not_cost_the_next_open_a_page_check(
    tmp_path: Path, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass: a read-only connection (every command reads the rep's zone with one) leaves an
    empty WAL beside a book it cannot write; that holds no writes, so the book closed cleanly
    still opens without checking its pages (on a sales floor's book, 4.6 s a command)."""
    path = tmp_path / "book.sqlite"
    shutil.copy(demo_file, path)
    open_store(path).close()
    checks = _page_checks(monkeypatch)
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as look:
        look.execute("SELECT count(*) FROM reps").fetchone()
    assert path.with_name("book.sqlite-wal").exists()
    open_store(path).close()
    assert checks == []
