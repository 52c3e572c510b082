"""What was read from a few tables, kept until someone writes one of them.

A team lead's book holds half a million touches; reading their aggregates costs a good part of
a second, and Today, the whales list and the team table ask again on every refresh. The key
is the book's own per-table write counters (store.watch), which every writer moves in the
same transaction (this process, the command line, a sync elsewhere), so a kept value is never
older than the tables it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from warroom.store.watch import marks_of

V = TypeVar("V")
KEPT = 16  # values per memo: a few reps, a few moments of the same unchanged tables


class TableMemo(Generic[V]):
    def __init__(self, tables: Iterable[str]) -> None:
        self._tables = tuple(sorted(tables))
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
            self._values[key] = make()
        return self._values[key]
