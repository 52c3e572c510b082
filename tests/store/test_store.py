from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warroom.domain.records import Touch
from warroom.services.book import Book
from warroom.store import bulk, queries
from warroom.store.db import Store

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_the_book_runs_in_wal_mode_with_foreign_keys(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_a_whale_and_its_touch_round_trip_with_utc_times(book: Book) -> None:
    book.set_me("Avery Chen", "Europe/Paris", NOW)
    whale_id = book.add_whale("Globex", NOW, deal_size=750_000, currency="eur").value
    occurred = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    touch = book.log_touch("globex", "meeting", occurred, NOW, note="Met the CFO").value
    [summary] = book.whales(NOW)
    assert summary.id == whale_id
    assert (summary.name, summary.deal_size, summary.currency) == ("Globex", 750_000, "EUR")
    assert summary.owner == "Avery Chen"
    assert summary.touch_count == 1
    assert summary.last_meaningful_at == occurred
    with book.store.transaction() as session:
        [stored] = queries.touches(session, whale_id)
    assert stored == touch
    assert stored.occurred_at.tzinfo is not None


def test_rows_carry_uuid_ids_and_utc_stamps(book: Book) -> None:
    whale_id = book.add_whale("Initech", NOW).value
    with sqlite3.connect(book.store.path) as conn:
        created, updated, deleted = conn.execute(
            "SELECT created_at, updated_at, deleted_at FROM whales WHERE id = ?", (whale_id,)
        ).fetchone()
    assert len(whale_id) == 36 and whale_id.count("-") == 4
    assert created == updated == "2026-11-23 15:00:00.000000"
    assert deleted is None


def test_tombstoned_whales_are_not_listed(book: Book) -> None:
    whale_id = book.add_whale("Hooli", NOW).value
    book.add_whale("Pied Piper", NOW)
    with sqlite3.connect(book.store.path) as conn:
        conn.execute("UPDATE whales SET deleted_at = updated_at WHERE id = ?", (whale_id,))
    assert [w.name for w in book.whales(NOW)] == ["Pied Piper"]


def test_the_bulk_path_stores_what_the_orm_would(book: Book, tmp_path: Path) -> None:
    book.set_me("Avery Chen", "UTC", NOW)
    whale_id = book.add_whale("Umbrella", NOW).value
    rep = book.me()
    assert rep is not None
    touches = [
        Touch(
            f"00000000-0000-4000-8000-{i:012d}",
            whale_id,
            rep.id,
            None,
            "email_sent" if i % 2 else "call_connected",
            NOW - timedelta(hours=i),
            f"n{i}",
        )
        for i in range(1, 1001)
    ]
    with book.store.transaction() as session:
        assert bulk.insert_touches(session, touches, NOW) == 1000
    with book.store.transaction() as session:
        stored = queries.touches(session, whale_id)
    assert sorted(stored, key=lambda t: t.id) == touches
    assert book.whales(NOW)[0].last_meaningful_at == NOW - timedelta(hours=2)


def test_a_failed_transaction_leaves_nothing(book: Book) -> None:
    try:
        with book.store.transaction() as session:
            from warroom.store import edits

            edits.add_whale(session, "11111111-1111-4111-8111-111111111111", "Half", NOW)
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    assert book.whales(NOW) == []


def test_foreign_keys_are_enforced_when_the_transaction_commits(book: Book) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    from warroom.store import edits

    with pytest.raises(IntegrityError), book.store.transaction() as session:
        edits.add_touch(
            session,
            "22222222-2222-4222-8222-222222222222",
            NOW,
            whale_id="no-such-whale",
            rep_id=None,
            stakeholder_id=None,
            kind="call_attempt",
            occurred_at=NOW,
            note="",
        )
    with book.store.transaction() as session:
        assert queries.touches(session) == []
