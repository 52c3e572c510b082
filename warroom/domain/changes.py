"""What an operation changed, so each view refreshes only what it shows."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Generic, TypeVar

_Ids = frozenset[str]
T = TypeVar("T")
ANY = "*"  # in an id set: some rows of this kind changed, which ones is not known
# Past this many rows of one table, an edit or a sync tells "some rows" (ANY): views reload
# whole rather than look up thousands of ids.
NAMED_ROWS = 1000

# The kind of data each table holds, as views name it in `Changes`.
KIND_OF_TABLE = {
    "reps": "reps",
    "whales": "whales",
    "deals": "deals",
    "deal_changes": "deals",
    "stakeholders": "stakeholders",
    "touches": "touches",
    "triggers": "triggers",
    "cadence_templates": "cadences",
    "cadence_steps": "cadences",
    "enrolments": "cadences",
    "enrolment_steps": "cadences",
    "reviews": "reviews",
    "settings": "settings",
    "tasks": "tasks",
    "today_swaps": "swaps",
    "meetings": "meetings",
    "day_plan_rows": "plans",
}


@dataclass(frozen=True)
class Changes:
    """Ids touched by one operation, by kind of data; `book` means the whole book was swapped."""

    reps: _Ids = field(default_factory=frozenset)
    whales: _Ids = field(default_factory=frozenset)
    deals: _Ids = field(default_factory=frozenset)
    stakeholders: _Ids = field(default_factory=frozenset)
    touches: _Ids = field(default_factory=frozenset)
    triggers: _Ids = field(default_factory=frozenset)
    cadences: _Ids = field(default_factory=frozenset)
    reviews: _Ids = field(default_factory=frozenset)
    tasks: _Ids = field(default_factory=frozenset)
    settings: _Ids = field(default_factory=frozenset)
    swaps: _Ids = field(default_factory=frozenset)
    meetings: _Ids = field(default_factory=frozenset)
    plans: _Ids = field(default_factory=frozenset)
    book: bool = False

    @classmethod
    def of_rows(cls, rows: Iterable[tuple[str, str]]) -> Changes:
        """The changes of (table, row id) pairs; a row id of ANY means "some rows"."""
        kinds: dict[str, set[str]] = {}
        for table, row_id in rows:
            kinds.setdefault(KIND_OF_TABLE[table], set()).add(row_id)
        return cls(**{kind: frozenset(ids) for kind, ids in kinds.items()})  # type: ignore[arg-type]

    @classmethod
    def of_tables(cls, ids: Mapping[str, Collection[str]]) -> Changes:
        """The changes of each table's row ids; a table with more than NAMED_ROWS of them
        is told as "some rows", its ids never looked at."""
        return cls.of_rows(
            (table, row_id)
            for table, row_ids in ids.items()
            if table in KIND_OF_TABLE
            for row_id in (row_ids if len(row_ids) <= NAMED_ROWS else (ANY,))
        )

    @classmethod
    def written(cls, rows: Iterable[tuple[str, str]]) -> Changes:
        """The (table, row id) pairs an edit wrote, told as of_tables tells them."""
        by_table: dict[str, set[str]] = {}
        for table, row_id in rows:
            by_table.setdefault(table, set()).add(row_id)
        return cls.of_tables(by_table)

    @classmethod
    def outside(cls, tables: Iterable[str]) -> Changes:
        """Tables another process (the command line, a sync) wrote: which rows is not known."""
        return cls.of_rows((table, ANY) for table in tables if table in KIND_OF_TABLE)

    def __or__(self, other: Changes) -> Changes:
        merged = {f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)}
        return Changes(**merged)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def touches_any(self, *kinds: str) -> bool:
        """True when the whole book changed or any of the named kinds did."""
        return self.book or any(getattr(self, kind) for kind in kinds)

    def concerns_whale(self, whale_id: str) -> bool:
        """True when this whale (or possibly it, or the whole book) changed."""
        return self.book or whale_id in self.whales or ANY in self.whales


@dataclass(frozen=True)
class Done(Generic[T]):
    """The result of one edit: its value and what it changed."""

    value: T
    changes: Changes
