"""The written log names, for the commits between two sets of write counters, the whales and
touch reps they wrote; or says it cannot tell, and then whoever asked reads afresh."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import NOW
from warroom.services.book import Book
from warroom.store.db import Store
from warroom.store.schema import TouchRow
from warroom.store.watch import marks_in, read
from warroom.store.written import Since, since

TABLES = ("touches", "whales")


def _marks(store: Store) -> tuple[int, ...]:
    with store.transaction() as session:
        return marks_in(read(session.connection()), TABLES)


def _since(store: Store, before: tuple[int, ...]) -> Since | None:
    with store.transaction() as session:
        return since(session, TABLES, before, _marks(store))


def test_each_commit_names_its_whales_and_touch_reps(store: Store, book: Book) -> None:
    """Pass: two touches on two whales by two reps name both whales and both reps; a whale
    added names itself; nothing written names nothing."""
    bo = book.set_me("Bo", "UTC", NOW).value
    ana = book.set_me("Ana", "UTC", NOW).value
    acme = book.add_whale("Acme", NOW).value
    globex = book.add_whale("Globex", NOW).value
    start = _marks(store)
    assert _since(store, start) == Since(frozenset(), frozenset())
    book.log_touch(acme, "meeting", NOW, NOW)
    book.log_touch(globex, "email_sent", NOW, NOW, rep="Bo")
    assert _since(store, start) == Since(frozenset({acme, globex}), frozenset({ana.id, bo.id}))
    later = _marks(store)
    initech = book.add_whale("Initech", NOW).value
    assert _since(store, later) == Since(frozenset({initech}), frozenset())


def test_a_touch_moved_to_another_whale_names_both(store: Store, book: Book) -> None:
    """Pass: the owners are read before the write as well as at the commit."""
    book.set_me("Ana", "UTC", NOW)
    acme = book.add_whale("Acme", NOW).value
    globex = book.add_whale("Globex", NOW).value
    touch = book.log_touch(acme, "meeting", NOW, NOW).value
    start = _marks(store)
    with store.transaction(write=True) as session:
        row = session.get_one(TouchRow, touch.id)
        row.whale_id = globex
    found = _since(store, start)
    assert found is not None and found.whales == {acme, globex}


def test_the_log_cannot_tell_when_a_commit_is_missing_or_unnamed(store: Store, book: Book) -> None:
    """Pass: a commit no longer logged, or logged without its whales (too many rows to
    name), or a counter that went back (a restored book), gives None."""
    book.set_me("Ana", "UTC", NOW)
    acme = book.add_whale("Acme", NOW).value
    start = _marks(store)
    book.log_touch(acme, "meeting", NOW, NOW)
    book.log_touch(acme, "meeting", NOW, NOW)
    assert _since(store, start) is not None
    with sqlite3.connect(Path(store.path)) as raw:
        raw.execute(
            "UPDATE written_log SET whales = NULL WHERE seq = (SELECT max(seq) FROM written_log)"
        )
    assert _since(store, start) is None
    with sqlite3.connect(Path(store.path)) as raw:
        raw.execute("DELETE FROM written_log WHERE seq = (SELECT max(seq) FROM written_log)")
    assert _since(store, start) is None
    ahead = tuple(mark + 5 for mark in _marks(store))
    with store.transaction() as session:
        assert since(session, TABLES, ahead, _marks(store)) is None
