"""How one synced write lands on a row: last writer wins per field, and losers are kept.

Every field of a row is a register ordered by its clock stamp (see `hlc`). A row's clocks map
field -> (stamp, prev): `prev` is the stamp the writer saw in that field when it wrote, so a
losing write that the winner never saw is a *concurrent* loser, a conflict the user reviews,
while a write the winner had seen and replaced is simply history. `*` is the whole-row write
that created the row; a field without an entry of its own still carries the `*` clock.

A row is deleted when its `deleted_at` holds a time, unless some other field was written
after that delete: an edit made after (or unaware of) a delete brings the row back.
Everything here is a pure function of the writes, so any order of the same writes ends equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

ROW = "*"
DELETED = "deleted_at"
# Bookkeeping every edit writes: it follows the winner and is never a conflict to review.
_BOOKKEEPING = frozenset({"created_at", "updated_at"})

Clock = tuple[str, str]  # (stamp, prev)
Clocks = dict[str, Clock]


class MissingRow(Exception):
    """An edit of a row this book does not have yet: its creation is in a file still to come."""


class Write(NamedTuple):
    """One change record: a field (or `*`, the whole row) of a row, written at `stamp`.
    A tuple, not a dataclass: a sync makes a million of them."""

    table: str
    row_id: str
    field: str
    value: Any  # for `*`: a mapping of column -> value
    stamp: str
    prev: str = ""


@dataclass(frozen=True)
class Loser:
    """A concurrent write that lost: kept so the user can choose it after all."""

    table: str
    row_id: str
    field: str
    value: Any
    stamp: str
    winner: str


@dataclass
class Landed:
    """A row after a write: its values, its clocks, and the concurrent writes that lost."""

    row: dict[str, Any]
    clocks: Clocks
    losers: list[Loser] = field(default_factory=list)


def clock_of(clocks: Mapping[str, Clock], name: str) -> Clock:
    return clocks.get(name) or clocks[ROW]


def decide(current: Clock | None, stamp: str, prev: str) -> tuple[bool, bool]:
    """(the new write wins, the two writes were concurrent)."""
    if current is None:
        return True, False
    current_stamp, current_prev = current
    if stamp == current_stamp:
        return False, False  # the same write again
    if stamp > current_stamp:
        return True, current_stamp > prev
    return False, stamp > current_prev


def land(row: Mapping[str, Any] | None, clocks: Mapping[str, Clock] | None, write: Write) -> Landed:
    """The row after `write`; MissingRow for a field edit of a row not here yet."""
    if row is None or clocks is None:
        if write.field != ROW:
            raise MissingRow(f"{write.table} {write.row_id}")
        return Landed(dict(write.value), {ROW: (write.stamp, write.prev)})
    values = dict(write.value) if write.field == ROW else {write.field: write.value}
    landed = Landed(dict(row), dict(clocks))
    for name, value in values.items():
        current = clock_of(landed.clocks, name)
        wins, concurrent = decide(current, write.stamp, write.prev)
        old = landed.row.get(name)
        if wins:
            landed.clocks[name] = (write.stamp, write.prev)
            landed.row[name] = value
            if concurrent and old != value and name not in _BOOKKEEPING:
                landed.losers.append(
                    Loser(write.table, write.row_id, name, old, current[0], write.stamp)
                )
        elif concurrent and old != value and name not in _BOOKKEEPING:
            landed.losers.append(
                Loser(write.table, write.row_id, name, value, write.stamp, current[0])
            )
    if landed.row.get(DELETED) is not None and edited_after_delete(landed.clocks):
        landed.row[DELETED] = None
    return landed


def edited_after_delete(clocks: Mapping[str, Clock]) -> bool:
    deleted = clock_of(clocks, DELETED)[0]
    return any(stamp > deleted for name, (stamp, _) in clocks.items() if name != DELETED)
