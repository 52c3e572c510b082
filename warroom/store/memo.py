"""What was read from a few tables, kept until someone writes one of them.

A team lead's book holds half a million touches; reading their aggregates costs a good part of
a second, and Today, the whales list and the team table ask again on every refresh. The key
is the book's own per-table write counters (store.watch), which every writer moves in the
same transaction (this process, the command line, a sync elsewhere), so a kept value is never
older than the tables it came from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from warroom.store import kept
from warroom.store.watch import Written, marks_in, marks_of

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

    def get(self, session: Session, key: Hashable, make: Callable[[], V]) -> V:
        marks = marks_of(session, self._tables)
        if marks is None:
            return make()  # this transaction's own writes are in the tables
        if marks != self._marks:
            self._marks, self._values = marks, {}
        if key not in self._values:
            if len(self._values) >= KEPT:
                del self._values[next(iter(self._values))]
            self._values[key] = self._read(session, key, marks, make)
        return self._values[key]

    def carry_over(self, written: Written, update: Callable[[Hashable, V], V | None]) -> None:
        """Carry the kept values over a commit of this process: `update` gives a value's
        successor after it (re-reading only the rows the commit wrote), or None to read it
        afresh when next asked. One touch on a big book then re-reads one whale's rows, not
        half a million touches. Values kept before someone else's write are left to be
        re-read: the caller knows only this commit's rows."""
        if self._marks is None or not written.tables & set(self._tables):
            return
        if self._marks != marks_in(written.before, self._tables):
            return
        values = {}
        for key, value in self._values.items():
            carried = update(key, value)
            if carried is not None:
                values[key] = carried
        self._marks, self._values = marks_in(written.after, self._tables), values

    def _read(
        self, session: Session, key: Hashable, marks: tuple[int, ...], make: Callable[[], V]
    ) -> V:
        keeping = self._keeping
        if keeping is None:
            return make()
        name = f"{keeping.name}:{hashlib.sha1(repr(key).encode()).hexdigest()}"
        stamp = kept.stamp_of(session, marks)
        found = kept.kept(session, name, stamp)
        if found is not None:
            try:
                return keeping.load(found)
            except (ValueError, KeyError, TypeError, OSError):
                pass  # kept by a build that wrote it otherwise, or damaged: read afresh
        value = make()
        kept.keep(session, name, stamp, self._tables, keeping.dump(value))
        return value
