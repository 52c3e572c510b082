"""Which whales one commit of this process wrote: what kept per-whale reads (heat's inputs,
touch figures) must re-read to carry over it, instead of reading the whole book again."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from warroom.domain.changes import NAMED_ROWS
from warroom.domain.undo import Edit, FieldEdit
from warroom.store.db import driver_rows

# The tables whose rows belong to one whale by their whale_id (or are whales).
_OF_A_WHALE = ("touches", "triggers", "deals")


def whales_written(
    session: Session, edits: Sequence[Edit], tables: Iterable[str], watched: Iterable[str]
) -> frozenset[str] | None:
    """The whales whose rows of the `watched` tables the edits wrote; None when that cannot
    be told: a watched table was written without its rows recorded (a bulk path), or so many
    rows were written that reading the whole book again is as quick."""
    watched = set(watched)
    assert watched <= {"whales", *_OF_A_WHALE}, "only rows that belong to a whale"
    rows: dict[str, set[str]] = {}
    whales: set[str] = set()
    for edit in edits:
        if edit.table not in watched:
            continue
        ids = (edit.row_id,) if isinstance(edit, FieldEdit) else edit.row_ids
        rows.setdefault(edit.table, set()).update(ids)
        if isinstance(edit, FieldEdit) and edit.field == "whale_id":
            # A row moved to another whale: both whales' reads change.
            whales.update(str(v) for v in (edit.before, edit.after) if v is not None)
    if any(table not in rows for table in watched.intersection(tables)):
        return None
    if sum(len(ids) for ids in rows.values()) > NAMED_ROWS:
        return None
    whales |= rows.get("whales", set())
    for table in _OF_A_WHALE:
        if table in rows:
            whales |= owning_whales(session, table, rows[table])
    return frozenset(whales)


def owning_whales(session: Session, table: str, row_ids: Iterable[str]) -> set[str]:
    """The whales that rows of `table` (touches, deals, stakeholders, ...) belong to, live or
    tombstoned: a row just deleted still names its whale."""
    return {
        str(row[0])
        for row in driver_rows(
            session,
            f"SELECT DISTINCT whale_id FROM {table}"
            " WHERE id IN (SELECT value FROM json_each(?)) AND whale_id IS NOT NULL",
            [json.dumps(sorted(row_ids))],
        )
    }
