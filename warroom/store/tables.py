"""Every table as plain JSON-ready rows, and back: the basis of export, import and restore."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Integer, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from warroom.domain.errors import BadInput
from warroom.store import bulk
from warroom.store.schema import TABLES, Stamped, UtcDateTime

JsonRow = dict[str, Any]
TABLE_NAMES: tuple[str, ...] = tuple(table.__tablename__ for table in TABLES)
_BY_NAME: dict[str, type[Stamped]] = {table.__tablename__: table for table in TABLES}


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decoder(column_type: Any) -> Callable[[Any], Any]:
    if isinstance(column_type, UtcDateTime):
        return lambda v: datetime.fromisoformat(v.replace("Z", "+00:00")).astimezone(UTC)
    if isinstance(column_type, Date):
        return date.fromisoformat
    if isinstance(column_type, Boolean):
        return bool
    if isinstance(column_type, Integer):
        return _integer
    return str


_SQLITE_INT = 2**63 - 1


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"{value!r} is not a whole number")
    number = int(value)
    if not -_SQLITE_INT <= number <= _SQLITE_INT:
        raise ValueError(f"{value} is out of range (too large to keep)")
    return number


def columns(table_name: str) -> list[str]:
    return [column.name for column in _BY_NAME[table_name].__table__.columns]


def dump(session: Session) -> dict[str, list[JsonRow]]:
    """Every row of every table (tombstones too, so deletes travel), ordered by id."""
    out: dict[str, list[JsonRow]] = {}
    for name, table in _BY_NAME.items():
        cols = table.__table__.columns
        rows = session.execute(select(*cols).order_by(table.id))
        out[name] = [{c.name: _to_json(v) for c, v in zip(cols, row, strict=True)} for row in rows]
    return out


def decode_row(table_name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON row as column values; KeyError/ValueError/TypeError on a malformed row."""
    table = _BY_NAME[table_name]
    out: dict[str, Any] = {}
    for column in table.__table__.columns:
        value = row.get(column.name)
        if value is None:
            if not column.nullable:
                raise ValueError(f"{column.name} is missing")
            out[column.name] = None
        else:
            try:
                out[column.name] = _decoder(column.type)(value)
            except (ValueError, TypeError) as exc:
                raise type(exc)(f"{column.name}: {exc}") from None
    return out


def existing(session: Session, table_name: str) -> dict[str, datetime]:
    """id -> updated_at of every row in a table."""
    table = _BY_NAME[table_name]
    return {row.id: row.updated_at for row in session.execute(select(table.id, table.updated_at))}


def upsert(session: Session, table_name: str, rows: Sequence[dict[str, Any]], update: bool) -> None:
    """Insert new rows; with `update`, overwrite existing ones (by id) with the given values.

    New rows go through the bulk path (an export of a team's book holds half a million
    touches: one ORM object each took most of a minute and gigabytes); the few newer versions
    of rows the book has go through the ORM, which records each changed field."""
    table = _BY_NAME[table_name]
    try:
        if update:
            for values in rows:
                session.merge(table(**values))
            session.flush()
        else:
            bulk.insert_new(session, table_name, list(rows), datetime.now(UTC))
    except (IntegrityError, sqlite3.IntegrityError) as exc:
        cause = exc.orig if isinstance(exc, IntegrityError) else exc
        raise BadInput(f"{table_name}: a row breaks a rule of the book ({cause})") from exc


def check_references(session: Session) -> None:
    """BadInput naming the first row that points at a record the book does not have."""
    row = session.connection().exec_driver_sql("PRAGMA foreign_key_check").first()
    if row is not None:
        table, rowid, parent = row[0], row[1], row[2]
        found = (
            session.connection()
            .exec_driver_sql(
                f"SELECT id FROM {table} WHERE rowid = ?",
                (rowid,),  # table comes from SQLite
            )
            .scalar()
        )
        raise BadInput(f"{table} row {found} refers to a missing {parent} record")
