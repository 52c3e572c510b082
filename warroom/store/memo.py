"""What was read from a few tables, kept until someone writes one of them.

A team lead's book holds half a million touches; reading their aggregates costs a good part of
a second, and Today, the whales list and the team table ask again on every refresh. The key
is the book's own per-table write counters (store.watch), which every writer moves in the
same transaction (this process, the command line, a sync elsewhere), so a kept value is never
older than the tables it came from. When they moved, the written log (store.written) says
which whales the writes since were about, and the value is carried over them by re-reading
only those.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from warroom.store import kept
from warroom.store.watch import marks_of
from warroom.store.written import Since, since

V = TypeVar("V")
KEPT = 16  # values per memo: a few reps, a few moments of the same unchanged tables


@dataclass(frozen=True)
class Keeping(Generic[V]):
    """How a memo's values are also kept in the book for the next process (store.kept):
    under `name`, as bytes. Never pickle: a book may come from someone else."""

    name: str
    dump: Callable[[V], bytes]
    load: Callable[[bytes], V]


class TableMemo(Generic[V]):
    def __init__(self, tables: Iterable[str], keeping: Keeping[V] | None = None) -> None:
        self._tables = tuple(sorted(tables))
        self._keeping = keeping
        self._marks: tuple[int, ...] | None = None
        self._values: dict[Hashable, V] = {}
        # The values kept at the counters before they last moved, to carry over the move.
        self._earlier: tuple[tuple[int, ...], dict[Hashable, V]] | None = None

    def get(
        self,
        session: Session,
        key: Hashable,
        make: Callable[[], V],
        carry: Callable[[V, Since], V | None] | None = None,
    ) -> V:
        """The value under `key` as the tables are now: kept, or carried over the writes
        since it was kept by `carry` (given what they wrote, it re-reads only those whales'
        rows; None to read afresh), or made by `make`. A touch on a sales floor's book then
        re-reads one whale, not five million touches."""
        marks = marks_of(session, self._tables)
        if marks is None:
            return make()  # this transaction's own writes are in the tables
        self._move_to(marks)
        if key not in self._values:
            found = self._read(session, key, marks, carry)
            if found is None:
                found = make()
                self._keep(session, key, marks, found)
            self._hold(key, found)
        return self._values[key]

    def find(
        self, session: Session, key: Hashable, carry: Callable[[V, Since], V | None]
    ) -> V | None:
        """The value under `key` if it is kept (or can be carried), never made nor held: a
        value kept for yesterday may spare reading a year again for today, and `carry` may
        carry it for today's use only."""
        marks = marks_of(session, self._tables)
        if marks is None:
            return None
        self._move_to(marks)
        if key in self._values:
            return self._values[key]
        return self._read(session, key, marks, carry)

    def _move_to(self, marks: tuple[int, ...]) -> None:
        if marks != self._marks:
            if self._marks is not None and self._values:
                self._earlier = (self._marks, self._values)
            self._marks, self._values = marks, {}

    def _hold(self, key: Hashable, value: V) -> None:
        if len(self._values) >= KEPT:
            del self._values[next(iter(self._values))]
        self._values[key] = value

    def _carried(
        self,
        session: Session,
        value: V,
        was: tuple[int, ...],
        marks: tuple[int, ...],
        carry: Callable[[V, Since], V | None] | None,
    ) -> V | None:
        if carry is None:
            return None
        written = since(session, self._tables, was, marks)
        return None if written is None else carry(value, written)

    def _read(
        self,
        session: Session,
        key: Hashable,
        marks: tuple[int, ...],
        carry: Callable[[V, Since], V | None] | None,
    ) -> V | None:
        """The value kept here or in the book, as it is or carried; None if neither."""
        if self._earlier is not None and key in self._earlier[1]:
            was, values = self._earlier
            carried = self._carried(session, values[key], was, marks, carry)
            if carried is not None:
                return carried
        keeping = self._keeping
        if keeping is None:
            return None
        stamp = kept.stamp_of(session, marks)
        found = kept.kept(session, self._name(keeping, key))
        if found is None:
            return None
        return self._from_kept(session, keeping, found, stamp, marks, carry)

    def _keep(self, session: Session, key: Hashable, marks: tuple[int, ...], value: V) -> None:
        keeping = self._keeping
        if keeping is not None:
            stamp = kept.stamp_of(session, marks)
            kept.keep(session, self._name(keeping, key), stamp, self._tables, keeping.dump(value))

    @staticmethod
    def _name(keeping: Keeping[V], key: Hashable) -> str:
        return f"{keeping.name}:{hashlib.sha1(repr(key).encode()).hexdigest()}"

    def _from_kept(
        self,
        session: Session,
        keeping: Keeping[V],
        found: tuple[str, bytes],
        stamp: str,
        marks: tuple[int, ...],
        carry: Callable[[V, Since], V | None] | None,
    ) -> V | None:
        """The value kept in the book, as it is or carried over the writes since; None to
        read afresh. A carried value is not kept again: it is cheap to carry again, and
        writing a sales floor's arrays back costs more than the carrying saved."""
        was = kept.marks_at(found[0], stamp)
        if was is None or (was != marks and carry is None):
            return None
        try:
            value = keeping.load(found[1])
        except (ValueError, KeyError, TypeError, OSError):
            return None  # kept by a build that wrote it otherwise, or damaged: read afresh
        if was == marks:
            return value
        return self._carried(session, value, was, marks, carry)
