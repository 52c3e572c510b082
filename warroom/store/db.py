"""Opening a book: refuse what is not ours, back up before upgrading, then WAL and foreign keys."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from warroom.domain.errors import BadInput, BookBusy, NotABook, ReadOnly
from warroom.store.changelog import ChangeLog, state
from warroom.store.locks import FileLock, hold_open
from warroom.store.undoing import Capture
from warroom.store.watch import WriteMarks, transaction_began

__all__ = [
    "Connection",
    "Session",
    "Store",
    "book_revision",
    "copy_book",
    "open_store",
    "replace_book",
    "schema_revisions",
]

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_HEADER = b"SQLite format 3\x00"
_OUR_TABLES = {"alembic_version", "whales", "touches", "reps"}


def _alembic_config() -> Any:
    # Alembic costs ~130 ms to import; it is loaded only to create or upgrade a book.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def schema_revisions() -> list[str]:
    """Every migration revision, oldest first; the last is the head.

    Revisions are numbered in their file names (0001_..., 0002_...) and form one line, so
    the names tell the order without loading Alembic; a test checks they agree with it.
    """
    return sorted(path.name.split("_", 1)[0] for path in (MIGRATIONS / "versions").glob("*.py"))


def book_revision(path: Path) -> str:
    """The schema revision of a book file, read without modifying it; NotABook if it is not one."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise NotABook(f"{path}: cannot be read ({exc.strerror})") from exc
    if header != SQLITE_HEADER:
        raise NotABook(f"{path}: not a War Room book (not a SQLite database); it was left as is")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            check = ("ok",) if _checked(path) else conn.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise NotABook(
                    f"{path}: the book is damaged ({check[0] if check else '?'}); "
                    "restore a backup with 'warroom restore FILE'"
                )
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            if not tables >= _OUR_TABLES:
                raise NotABook(f"{path}: a SQLite database, but not a War Room book; left as is")
            try:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError:
                # Our tables' names, not their columns: somebody else's database.
                raise NotABook(
                    f"{path}: a SQLite database, but not a War Room book; left as is"
                ) from None
    except sqlite3.DatabaseError as exc:
        if not _writable(path):
            # SQLite cannot even read a WAL book without writing beside it; that is no damage.
            raise _read_only(path) from exc
        raise NotABook(
            f"{path}: the book is damaged ({exc}); restore a backup with 'warroom restore FILE'"
        ) from exc
    if row is None:
        raise NotABook(f"{path}: a War Room book with no schema version; left as is")
    return str(row[0])


def driver_rows(session: Session, sql: str, params: Sequence[object] = ()) -> Sequence[Any]:
    """The rows of one query straight through the driver's cursor: reads of a big book's
    history should not pay for SQLAlchemy's per-row result processing."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()


def _fingerprint(book: Path) -> str | None:
    """The book file's size and modification time, or None while a WAL beside it holds
    writes not yet in the file (another program has it open, or one was killed).

    An empty WAL holds none: a read-only connection (each command reads the rep's zone
    through one before it opens the book) cannot remove the WAL it made, and leaves it so."""
    try:
        if Path(f"{book}-wal").stat().st_size > 0:
            return None
    except FileNotFoundError:
        pass
    try:
        found = book.stat()
    except OSError:
        return None
    return f"{found.st_size} {found.st_mtime_ns}"


def _stamp(book: Path) -> Path:
    return book.with_name(f"{book.name}.checked")


def _checked(book: Path) -> bool:
    """Whether the file is exactly as War Room left it when it last closed it cleanly.

    Checking a whole book's pages costs a second per 500 MB on every command; a file no one
    has touched since our own clean close needs no second look, and any change from outside
    (a copy over it, a scribble, a killed writer's WAL) moves the fingerprint."""
    try:
        stamped = _stamp(book).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return False
    return stamped == _fingerprint(book)


def _stamp_checked(book: Path) -> None:
    fingerprint = _fingerprint(book)
    if fingerprint is None:
        return
    partial = _stamp(book).with_name(f".{book.name}.checked.part")
    with suppress(OSError):  # only a faster next open is lost
        partial.write_text(fingerprint, encoding="ascii")
        partial.replace(_stamp(book))


def copy_book(source: Path, target: Path) -> None:
    """A consistent copy of a live book, through SQLite's backup API (safe under WAL), made
    in a private staging folder beside `target` and renamed into place whole: a killed copy
    leaves no half-file under a real name, and the next start clears it away."""
    from warroom.store.staging import staging

    if target.parent.exists() and not target.parent.is_dir():
        raise BadInput(f"{target.parent}: not a folder, so the copy cannot go there")
    try:
        with staging(target.parent) as partial:
            _backup_pages(source, partial)
            partial.replace(target)
    except OSError as exc:
        raise BadInput(
            f"{target.parent}: the copy cannot be written there ({exc.strerror}); nothing "
            "was changed"
        ) from exc
    except sqlite3.Error as exc:  # the disk filled while SQLite wrote the copy's pages
        raise BadInput(
            f"{target.parent}: the copy cannot be written there ({exc}); nothing was changed"
        ) from exc


def _backup_pages(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


BUSY_TIMEOUT_MS = 5000  # how long a connection waits for another process's write lock


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens transactions lazily and behind SQLAlchemy's back; we take that over
    # (SQLAlchemy's documented recipe) so BEGIN is real and per-transaction pragmas hold.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


class Store:
    """An open book: the engine, one transaction at a time per thread, and the hooks that see
    every write (the sync change log, undo's capture, the write marks)."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        local: threading.local,
        at_head: bool,
        held: FileLock | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self._held = held
        self._local = local
        self.log = ChangeLog()
        self.capture = Capture()
        self.marks = WriteMarks()
        self._sessions = sessionmaker(
            engine, expire_on_commit=False, info={"log": self.log, "capture": self.capture}
        )
        event.listen(self._sessions, "before_flush", self.log.capture)
        event.listen(self._sessions, "before_flush", self.capture.before_flush)
        if at_head:
            event.listen(self._sessions, "before_commit", self.marks.before_commit)
            with engine.connect() as connection:
                self.log.device = state(connection, "device")
                self.marks.start(connection)

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on any error.

        Inside another transaction on the same thread it joins that one, so an edit made of
        several service calls commits or rolls back whole; the joined part runs in a
        savepoint, so an error caught around it (a dry run) takes back its writes alone.
        `write` begins with BEGIN IMMEDIATE, taking SQLite's write lock up front instead of
        failing halfway when another process writes at the same moment."""
        joined: Session | None = getattr(self._local, "session", None)
        if joined is not None:
            recorded = self.capture.mark()
            try:
                with joined.begin_nested():
                    yield joined
            except BaseException:
                self.capture.forget_after(recorded)
                raise
            return
        self._local.immediate = write
        try:
            with self._sessions.begin() as session:
                self._local.session = session
                try:
                    yield session
                finally:
                    self._local.session = None
        except OperationalError as exc:
            raise _user_error(self.path, exc) from exc
        finally:
            self._local.immediate = False

    @property
    def in_transaction(self) -> bool:
        return getattr(self._local, "session", None) is not None

    def outside_tables(self) -> set[str]:
        """Tables other processes wrote since this one last asked."""
        with self.engine.connect() as connection:
            return self.marks.take_outside(connection)

    def close(self) -> None:
        self.engine.dispose()
        # Our own writes go through SQLite's journal, so a book this program opened and
        # closed cleanly is as sound as it found it; the next open may skip its page check.
        _stamp_checked(self.path)
        if self._held is not None:
            self._held.release()


def _user_error(path: Path, error: OperationalError) -> Exception:
    """What the user can act on (another program writing, a read-only folder); else the
    error itself, a bug."""
    text = str(error.orig)
    if "locked" in text or "busy" in text:
        return BookBusy(
            f"{path}: another program kept writing to the book; nothing was written. Try "
            "again in a moment"
        )
    if "readonly" in text or "read-only" in text or not _writable(path):
        return _read_only(path)
    return error


def _writable(book: Path) -> bool:
    folder = book.parent
    return os.access(folder, os.W_OK) and (not book.exists() or os.access(book, os.W_OK))


def _read_only(book: Path) -> ReadOnly:
    return ReadOnly(
        f"{book}: the book is read-only here (the file or its folder cannot be written); "
        "nothing was written. Make the folder writable, or set WARROOM_HOME to another one"
    )


def _engine(path: Path, local: threading.local) -> Engine:
    def on_begin(connection: Connection) -> None:
        immediate = getattr(local, "immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        transaction_began(connection)
        # Rows carry no ORM relationships, so the unit of work may insert a child before its
        # parent; checking foreign keys at commit keeps them enforced all the same.
        connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")

    # hide_parameters: an error (and so the log) never quotes a note or a name.
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", on_begin)
    return engine


def _upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_store(
    path: Path,
    *,
    at: datetime | None = None,
    revision: str = "head",
    keep_backup: bool = True,
    hold: bool = True,
) -> Store:
    """Open (or create) the book at `path`, upgrading an older schema after a backup beside it.

    A file that is not a War Room book, is damaged, or is from a newer version raises NotABook
    and is never modified. `revision` other than head exists for upgrade tests; `keep_backup`
    is off only for a copy that is itself the backup. `hold` takes the open-book lock (shared)
    until the store closes; off only for a swap that holds it alone already.
    """
    held = hold_open(path) if hold else None
    try:
        return _open(path, at, revision, keep_backup, held)
    except OperationalError as exc:
        if held is not None:
            held.release()
        raise _user_error(path, exc) from exc
    except BaseException:
        if held is not None:
            held.release()
        raise


def _open(
    path: Path, at: datetime | None, revision: str, keep_backup: bool, held: FileLock | None
) -> Store:
    revisions = schema_revisions()
    fresh = not path.exists() or path.stat().st_size == 0
    current = ""
    if not fresh:
        current = book_revision(path)
        if current not in revisions:
            raise NotABook(f"{path}: made by a newer War Room (schema {current}); update the app")
        if revision == "head" and current != revisions[-1] and keep_backup:
            stamp = (at or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S")
            copy_book(path, path.with_name(f"{path.stem}.before-upgrade-{current}-{stamp}.sqlite"))
    path.parent.mkdir(parents=True, exist_ok=True)
    local = threading.local()
    engine = _engine(path, local)
    target = revisions[-1] if revision == "head" else revision
    if fresh or current != target:
        _upgrade(engine, revision)
    return Store(path, engine, local, target == revisions[-1], held)


def replace_book(book: Path, staged: Path) -> None:
    """Put a staged book in place of `book` in one rename, with no stale WAL left to replay."""
    with closing(sqlite3.connect(staged)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    if book.exists():
        # Reading the old book first rolls back a hot journal a killed writer left; what is
        # left of one after that (cut short before its header was written) is no one's.
        with closing(sqlite3.connect(book)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{book}{suffix}").unlink(missing_ok=True)
        Path(f"{staged}{suffix}").unlink(missing_ok=True)
    staged.replace(book)
