"""Undo in the store: what each flush wrote (the capture), and taking an edit back or putting
it back field by field.

The capture sees every ORM flush of the book, so no edit can forget to record itself. While an
edit is being recorded it notes each row the edit adds and each field it changes with the
value before and after. Taking the step back writes `before` only where the field still holds
`after`: a field a teammate (or the command line) changed since keeps their value. Writes go
through the ORM or the change log's own recorder, so an undo syncs like any other edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from warroom.domain.errors import BadInput
from warroom.domain.undo import Edit, FieldEdit, RowsAdded, Step
from warroom.store.bulk import sqlite_time
from warroom.store.changelog import ChangeLog
from warroom.store.schema import TABLES, Stamped, WhaleRow
from warroom.store.written import note_rows

_BY_NAME: dict[str, type[Stamped]] = {table.__tablename__: table for table in TABLES}
# Bookkeeping every write moves; an undo stamps them anew instead of restoring them.
_UNTRACKED = frozenset({"created_at", "updated_at"})
_FIELDS: dict[str, tuple[str, ...]] = {
    name: tuple(c.key for c in table.__table__.columns if c.key not in _UNTRACKED | {"id"})
    for name, table in _BY_NAME.items()
}
_CHUNK = 500


class Capture:
    """Listens to every flush of one open book."""

    def __init__(self) -> None:
        self._edits: list[Edit] | None = None
        self._added: set[tuple[str, str]] = set()

    @contextmanager
    def recording(self) -> Iterator[list[Edit]]:
        """Collect what the flushes inside write; the list is complete once the block ends."""
        assert self._edits is None, "edits do not nest"
        self._edits, self._added = [], set()
        try:
            yield self._edits
        finally:
            self._edits, self._added = None, set()

    def mark(self) -> int:
        """How much is recorded so far; `forget_after` drops what a rolled-back part added."""
        return len(self._edits) if self._edits is not None else 0

    def forget_after(self, mark: int) -> None:
        if self._edits is not None:
            del self._edits[mark:]

    def before_flush(self, session: Session, _flush: UOWTransaction, _instances: object) -> None:
        touched: set[str] = session.info.setdefault("touched", set())
        added: dict[str, list[str]] = {}
        changed: dict[str, list[str]] = {}
        for row in session.new:
            if isinstance(row, Stamped):
                touched.add(row.__tablename__)
                added.setdefault(row.__tablename__, []).append(row.id)
                if self._edits is not None:
                    self._edits.append(RowsAdded(row.__tablename__, (row.id,)))
                    self._added.add((row.__tablename__, row.id))
        for row in session.dirty:
            if isinstance(row, Stamped) and session.is_modified(row):
                touched.add(row.__tablename__)
                changed.setdefault(row.__tablename__, []).append(row.id)
                if self._edits is not None and (row.__tablename__, row.id) not in self._added:
                    self._edits.extend(_field_edits(session, row))
        for table, ids in added.items():
            note_rows(session, table, ids, before=False)
        for table, ids in changed.items():
            note_rows(session, table, ids, before=True)
        for row in session.deleted:
            if isinstance(row, Stamped):
                raise RuntimeError(f"rows of {row.__tablename__} are tombstoned, never deleted")

    def rows_added(self, session: Session, table: str, row_ids: list[str]) -> None:
        """Rows written outside the ORM (the bulk path)."""
        session.info.setdefault("touched", set()).add(table)
        note_rows(session, table, row_ids, before=False)
        if self._edits is not None:
            self._edits.append(RowsAdded(table, tuple(row_ids)))
            self._added.update((table, row_id) for row_id in row_ids)


def _field_edits(session: Session, row: Stamped) -> Iterator[FieldEdit]:
    state = inspect(row)
    for name in _FIELDS[row.__tablename__]:
        history = state.attrs[name].history
        if not history.has_changes():
            continue
        after = getattr(row, name)
        if history.deleted:
            before = history.deleted[0]
        else:
            # Set without being loaded first: read what the row holds before this flush.
            column = type(row).__table__.c[name]
            before = (
                session.connection()
                .execute(select(column).where(type(row).__table__.c.id == row.id))
                .scalar()
            )
        if before != after:
            yield FieldEdit(row.__tablename__, row.id, name, before, after)


# --- taking a step back, putting it back -----------------------------------------------------


def revert(session: Session, step: Step, log: ChangeLog, at: datetime) -> None:
    """Take the step back: fields it wrote return to their values before, rows it added are
    tombstoned. Raises BadInput (and writes nothing) when that would break a rule."""
    edits = [e for e in reversed(step.edits) if isinstance(e, FieldEdit)]
    kept = _set_fields(session, [(e, e.after, e.before) for e in edits], at)
    # A deal's change that stands (changed since, theirs kept) keeps its line of history:
    # it happened, and the change after it starts from it.
    deal_stood = any(edit.table == "deals" for edit in kept)
    for added in (e for e in reversed(step.edits) if isinstance(e, RowsAdded)):
        if not (deal_stood and added.table == "deal_changes"):
            _tombstone(session, added, log, at, deleted=True)
    _check_whale_names(session, step)


def reapply(session: Session, step: Step, log: ChangeLog, at: datetime) -> None:
    """Put a step taken back in place again."""
    for added in (e for e in step.edits if isinstance(e, RowsAdded)):
        _tombstone(session, added, log, at, deleted=False)
    edits = [e for e in step.edits if isinstance(e, FieldEdit)]
    _set_fields(session, [(e, e.before, e.after) for e in edits], at)
    _check_whale_names(session, step)


Move = tuple[FieldEdit, object, object]  # the edit, the value expected now, the one to write


def _set_fields(session: Session, moves: list[Move], at: datetime) -> list[FieldEdit]:
    """Write each field back; returns the edits left as they are (changed since)."""
    kept = []
    for edit, expected, wanted in moves:
        row = session.get(_BY_NAME[edit.table], edit.row_id)
        if row is None or getattr(row, edit.field) != expected:
            kept.append(edit)
            continue  # changed since by someone else: theirs stands
        setattr(row, edit.field, wanted)
        row.updated_at = at
    session.flush()
    return kept


def _tombstone(
    session: Session, added: RowsAdded, log: ChangeLog, at: datetime, *, deleted: bool
) -> None:
    """Rows in bulk (an import's thousands), logged for sync like the bulk insert path."""
    table = added.table
    connection = session.connection()
    stamp = sqlite_time(at)
    cursor = connection.connection.cursor()
    changed: list[str] = []
    try:
        for start in range(0, len(added.row_ids), _CHUNK):
            chunk = added.row_ids[start : start + _CHUNK]
            marks = ",".join("?" for _ in chunk)
            state = "IS NULL" if deleted else "IS NOT NULL"
            found = cursor.execute(
                f"SELECT id FROM {table} WHERE id IN ({marks}) AND deleted_at {state}",  # ours
                chunk,
            ).fetchall()
            ids = [row[0] for row in found]
            cursor.executemany(
                f"UPDATE {table} SET deleted_at = ?, updated_at = ? WHERE id = ?",
                [(stamp if deleted else None, stamp, row_id) for row_id in ids],
            )
            changed.extend(ids)
    finally:
        cursor.close()
    session.info.setdefault("touched", set()).add(table)
    note_rows(session, table, changed, before=False)
    if log.device is not None and changed:
        value = stamp if deleted else None
        log.record(
            connection,
            [(table, row_id, f, v) for row_id in changed for f, v in _stamps(value, stamp)],
        )
    session.expire_all()  # the ORM must not keep the old deleted_at of these rows


def _stamps(deleted_at: str | None, updated_at: str) -> Iterable[tuple[str, str | None]]:
    yield "deleted_at", deleted_at
    yield "updated_at", updated_at


def _check_whale_names(session: Session, step: Step) -> None:
    """A whale brought back must not share its name with a live one (names find whales)."""
    ids = {e.row_id for e in step.edits if isinstance(e, FieldEdit) and e.table == "whales"}
    for edit in step.edits:
        if isinstance(edit, RowsAdded) and edit.table == "whales":
            ids.update(edit.row_ids)
    for whale_id in ids:
        row = session.get(WhaleRow, whale_id)
        if row is None or row.deleted_at is not None:
            continue
        twins = session.scalars(
            select(WhaleRow.id).where(
                WhaleRow.deleted_at.is_(None),
                WhaleRow.id != whale_id,
                func.lower(WhaleRow.name) == row.name.lower(),
            )
        ).first()
        if twins is not None:
            raise BadInput(f"a whale named {row.name!r} is in the book again; rename it first")
