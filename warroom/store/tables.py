"""Every table as plain JSON-ready rows, and back: the basis of export, import and restore."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Integer, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from warroom.domain.errors import BadInput
from warroom.store import bulk
from warroom.store.schema import TABLES, Stamped, UtcDateTime

JsonRow = dict[str, Any]
DUMP_BATCH = 5_000
TABLE_NAMES: tuple[str, ...] = tuple(table.__tablename__ for table in TABLES)
_BY_NAME: dict[str, type[Stamped]] = {table.__tablename__: table for table in TABLES}


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _json_time(value: Any) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _decoder(column_type: Any) -> Callable[[Any], Any]:
    if isinstance(column_type, UtcDateTime):
        return _json_time
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
    return {name: list(dump_table(session, name)) for name in _BY_NAME}


def dump_table(session: Session, table_name: str) -> Iterator[JsonRow]:
    """Every row of one table (tombstones too), ordered by id, fetched a few thousand at a
    time: a team's book holds half a million touches."""
    table = _BY_NAME[table_name]
    cols = table.__table__.columns
    rows = session.execute(select(*cols).order_by(table.id).execution_options(yield_per=DUMP_BATCH))
    for row in rows:
        yield {c.name: _to_json(v) for c, v in zip(cols, row, strict=True)}


def decode_row(table_name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON row as column values; KeyError/ValueError/TypeError on a malformed row."""
    table = _BY_NAME[table_name]
    out: dict[str, Any] = {}
    for column in table.__table__.columns:
        value = row.get(column.name)
        if value is None and column.name not in row and scalar_default(column) is not None:
            # A column newer than the app that wrote the row: its default, as for a new row.
            value = scalar_default(column)
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


def _storer(column_type: Any) -> Callable[[Any], Any]:
    """A JSON value as SQLite stores it: decoded as decode_row decodes it, then written as
    the ORM would write it (times as naive UTC text, dates as ISO text, booleans as 0 or 1)."""
    if isinstance(column_type, UtcDateTime):
        return _stored_time
    if isinstance(column_type, Date):
        return lambda v: date.fromisoformat(v).isoformat()
    if isinstance(column_type, Boolean):
        return lambda v: int(bool(v))
    return _decoder(column_type)


def _stored_time(value: Any) -> str:
    """A time as SQLite stores it. Our own exports write UTC as `2026-12-01T09:30:00Z` (with
    `.ffffff` before the Z when there are microseconds): for those, checked by the C parser
    and then rearranged as text, a third of the general path's cost over the 1.6 million
    times of a team's export; any other spelling takes the general path."""
    if isinstance(value, str) and value.endswith("Z") and len(value) in (20, 27):
        datetime.fromisoformat(value[:-1])  # ValueError for a time that does not exist
        if value[4] == value[7] == "-" and value[10] == "T" and value[13] == value[16] == ":":
            return f"{value[:10]} {value[11:19]}.{value[20:26] or '000000'}"
    return bulk.sqlite_time(_json_time(value))


def absent_values(table_name: str) -> dict[str, Any]:
    """The columns a row may leave out, with the value it then has: those added since an
    older app wrote it (a default, or null). Their rows still merge and import."""
    return {
        c.name: scalar_default(c)
        for c in _BY_NAME[table_name].__table__.columns
        if c.nullable or scalar_default(c) is not None
    }


def scalar_default(column: Any) -> Any:
    default = column.default
    return default.arg if default is not None and default.is_scalar else None


def _stored_default(column: Any) -> Any:
    default = scalar_default(column)
    return None if default is None else _storer(column.type)(default)


# Per table: (column, may be null, JSON value -> stored value, stored value of a null).
_STORERS: dict[str, list[tuple[str, bool, Callable[[Any], Any], Any]]] = {
    name: [
        (c.name, bool(c.nullable), _storer(c.type), _stored_default(c))
        for c in table.__table__.columns
    ]
    for name, table in _BY_NAME.items()
}


def stored_row(table_name: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON row as SQLite stores it, for the bulk path: the checks of decode_row, and a
    null takes the column's default as a new ORM row would."""
    out: dict[str, Any] = {}
    # A row's times are often the same text (created and updated together): stored once.
    last_time: tuple[Any, str] = (None, "")
    for name, nullable, store, default in _STORERS[table_name]:
        value = row.get(name)
        if value is None:
            # Absent, a column newer than the app that wrote the row (a teammate's older
            # version, an older export) takes its default, as a new row would.
            if not nullable and (name in row or default is None):
                raise ValueError(f"{name} is missing")
            out[name] = default
        elif store is _stored_time and last_time[0] == value:
            out[name] = last_time[1]
        else:
            try:
                out[name] = store(value)
            except (ValueError, TypeError) as exc:
                raise type(exc)(f"{name}: {exc}") from None
            if store is _stored_time:
                last_time = (value, out[name])
    return out


def stored_versions(session: Session, table_name: str, ids: Sequence[str]) -> dict[str, str]:
    """id -> updated_at as stored, for those of `ids` the table has (at most a few thousand)."""
    marks = ", ".join("?" for _ in ids)
    found = session.connection().exec_driver_sql(
        f"SELECT id, updated_at FROM {_BY_NAME[table_name].__tablename__} WHERE id IN ({marks})",
        tuple(ids),
    )
    return {str(row_id): str(updated) for row_id, updated in found}


def count(session: Session, table_name: str) -> int:
    name = _BY_NAME[table_name].__tablename__
    found = session.connection().exec_driver_sql(f"SELECT count(*) FROM {name}").scalar()
    return int(found or 0)


def insert_stored(session: Session, table_name: str, rows: list[dict[str, Any]]) -> None:
    """Insert new rows, each whole and as SQLite stores it (stored_row), through the bulk path:
    an export of a team's book holds half a million touches, and one ORM object each took
    most of a minute and gigabytes."""
    with _kept_rules(table_name):
        bulk.insert_stored(session, table_name, rows)


def upsert(session: Session, table_name: str, rows: Sequence[dict[str, Any]]) -> None:
    """Overwrite rows the book has (by id) with the given decoded values, through the ORM,
    which records each changed field: the few newer versions an import brings."""
    table = _BY_NAME[table_name]
    with _kept_rules(table_name):
        for values in rows:
            session.merge(table(**values))
        session.flush()


@contextmanager
def _kept_rules(table_name: str) -> Iterator[None]:
    try:
        yield
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
