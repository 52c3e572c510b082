"""Values kept from a few tables last exactly until someone writes one of those tables."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.store.db import Store, open_store
from warroom.store.memo import Keeping, TableMemo

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


def _kept_counting(path: Path, made: list[int]) -> int:
    """A value read in a fresh process (a store and memo of its own), kept in the book."""
    keeping: Keeping[int] = Keeping("count", lambda n: str(n).encode(), lambda b: int(b))
    other = open_store(path)
    try:
        return _counting(other, TableMemo(("touches",), keeping), made)
    finally:
        other.close()


def test_a_read_kept_in_the_book_serves_the_next_process_until_its_tables_move(
    store: Store, book: Book
) -> None:
    """Pass: the first process to read keeps the value in the book; the next ones (fresh
    memos, as a new command would have) take it back without reading, until a touch is
    logged; a value kept by another revision, or damaged, is read afresh."""
    book.set_me("Ana", "UTC", NOW)
    whale = book.add_whale("Acme", NOW).value
    path = Path(store.path)
    made: list[int] = []
    assert _kept_counting(path, made) == 1
    assert _kept_counting(path, made) == 1
    assert len(made) == 1
    book.log_touch(whale, "meeting", NOW, NOW)
    assert _kept_counting(path, made) == 2
    assert _kept_counting(path, made) == 2
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE kept_reads SET value = x'ff00'")
    assert _kept_counting(path, made) == 3
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE kept_reads SET marks = '0001 (1,)'")
    assert _kept_counting(path, made) == 4


def test_a_busy_book_keeps_nothing_and_still_answers(store: Store, book: Book) -> None:
    """Pass: while another process holds the write lock, a read is made and answered, and
    nothing is kept (keeping never waits for the lock); once the lock is gone it is kept."""
    book.set_me("Ana", "UTC", NOW)
    path = Path(store.path)
    made: list[int] = []
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        assert _kept_counting(path, made) == 1
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM kept_reads").fetchone() == (0,)
    assert _kept_counting(path, made) == 2
    assert _kept_counting(path, made) == 2


def test_kept_heat_and_figures_are_exactly_what_reading_gives(demo_home: DataFolder) -> None:
    """Pass: on the demo book, heat, last flares and touch figures from a fresh process that
    takes the kept reads equal those of the process that read them from the touches."""
    results = []
    for _ in range(2):
        opened = open_store(demo_home.book, at=NOW)
        try:
            fresh = Book(opened)
            results.append((fresh.decay.book_heat(NOW), fresh.touch_figures(), fresh.whales(NOW)))
        finally:
            opened.close()
    with sqlite3.connect(demo_home.book) as raw:
        assert raw.execute("SELECT count(*) FROM kept_reads").fetchone()[0] >= 2
    assert results[0] == results[1]
