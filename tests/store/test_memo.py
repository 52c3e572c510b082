"""Values kept from a few tables last exactly until someone writes one of those tables."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from warroom.services.book import Book
from warroom.store.db import Store, open_store
from warroom.store.memo import TableMemo

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _counting(store: Store, memo: TableMemo[int], made: list[int]) -> int:
    with store.transaction() as session:

        def make() -> int:
            made.append(1)
            return len(made)

        return memo.get(session, "key", make)


def test_a_kept_value_lasts_until_its_tables_are_written(store: Store, book: Book) -> None:
    """Pass: asked twice, the touches are read once; a whale written does not matter to a
    memo of touches, a touch logged does, and so does one logged by another process."""
    book.set_me("Ana", "UTC", NOW)
    whale = book.add_whale("Acme", NOW).value
    memo: TableMemo[int] = TableMemo(("touches",))
    made: list[int] = []
    assert _counting(store, memo, made) == 1
    assert _counting(store, memo, made) == 1
    book.add_whale("Globex", NOW)
    assert _counting(store, memo, made) == 1
    book.log_touch(whale, "meeting", NOW, NOW)
    assert _counting(store, memo, made) == 2
    other = open_store(Path(store.path))
    try:
        Book(other).log_touch(whale, "email_sent", NOW, NOW)
    finally:
        other.close()
    assert _counting(store, memo, made) == 3
    assert _counting(store, memo, made) == 3


def test_a_transaction_that_wrote_the_tables_reads_them_afresh(store: Store, book: Book) -> None:
    """Pass: inside the transaction that logs a touch, the memo does not answer from before
    it (the write counters move only at commit)."""
    book.set_me("Ana", "UTC", NOW)
    whale = book.add_whale("Acme", NOW).value
    memo: TableMemo[int] = TableMemo(("touches",))
    made: list[int] = []
    _counting(store, memo, made)
    with store.transaction():
        book.log_touch(whale, "meeting", NOW, NOW)
        assert _counting(store, memo, made) == 2
        assert _counting(store, memo, made) == 3
    assert _counting(store, memo, made) == 4
