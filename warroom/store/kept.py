"""Reads kept in the book itself, for the next process that opens it.

A command or a fresh start of the app reads a team's half million touches into heat's arrays
and the per-whale touch figures before it can answer: a second of the couple it has. Those
reads change only when their tables are written, so the first process to make one keeps it
in the book (`kept_reads`), stamped with the book's schema revision and the tables' write
counters (store.watch); the next one takes it back in milliseconds if the stamp still
matches. The book is the one place always consistent with itself: a restored backup brings
its own kept reads, a sync or another laptop's edit moves the counters.

Keeping is a courtesy: written on a connection of its own that never waits for the write lock
(a busy or read-only book keeps nothing), and a kept value that cannot be read back is read
afresh.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from sqlalchemy.orm import Session

from warroom.store.db import BUSY_TIMEOUT_MS, driver_rows
from warroom.store.watch import marks_in, read_driver


def stamp_of(session: Session, marks: tuple[int, ...]) -> str:
    """What a value read at these write counters is stamped with."""
    found = driver_rows(session, "SELECT version_num FROM alembic_version")
    revision = found[0][0] if found else ""
    return f"{revision} {marks}"


def kept(session: Session, name: str) -> tuple[str, bytes] | None:
    """The value kept under `name`, and the stamp it was kept at."""
    try:
        found = driver_rows(session, "SELECT marks, value FROM kept_reads WHERE name = ?", (name,))
    except sqlite3.OperationalError:
        return None  # a book opened as it is, below the revision that keeps reads
    return (str(found[0][0]), bytes(found[0][1])) if found else None


def marks_at(stamp: str, now: str) -> tuple[int, ...] | None:
    """The write counters a value stamped `stamp` was read at, if it was read under the same
    schema revision as `now` (another revision may read otherwise)."""
    revision, _, marks = stamp.partition(" ")
    if revision != now.partition(" ")[0]:
        return None
    try:
        return tuple(int(mark) for mark in marks.strip("()").split(",") if mark.strip())
    except ValueError:
        return None


def keep(session: Session, name: str, stamp: str, tables: Iterable[str], value: bytes) -> None:
    """Keep `value` under `name` if the tables' counters still give `stamp`; nothing when
    another process holds the write lock or the book cannot be written."""
    revision = stamp.partition(" ")[0]
    raw = session.connection().engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.execute("PRAGMA busy_timeout = 0")
        try:
            driver.execute("BEGIN IMMEDIATE")
            try:
                now = f"{revision} {marks_in(read_driver(driver), tables)}"
                if now == stamp:
                    driver.execute(
                        "INSERT OR REPLACE INTO kept_reads (name, marks, value) VALUES (?, ?, ?)",
                        (name, stamp, value),
                    )
                driver.execute("COMMIT")
            except BaseException:
                driver.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError:
            pass  # busy, or a read-only book: the next process reads afresh
        finally:
            driver.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    finally:
        raw.close()
