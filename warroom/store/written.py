"""Which whales (and which reps' touches) each commit wrote, in the book itself: what a kept
read of the whole book (heat's inputs, touch figures, the reps' day counts) must read again
to carry over writes made since, instead of reading five million touches afresh.

Every writing transaction notes the rows it writes of the tables that belong to a whale
(`note_rows`, from the ORM's flushes, the bulk path, undo and a sync's merge), and the commit
logs their whales and touch reps beside the write counters it moved (store.watch). Owners
are read before the write and at the commit, so a row moved to another whale names both. A
commit that wrote too many rows to name, or a table without its rows noted, logs "unknown":
whoever reads past it reads afresh. The log keeps the last LOG_KEPT commits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from warroom.domain.changes import NAMED_ROWS

# The tables whose rows belong to one whale by their whale_id (or are whales).
OF_A_WHALE = frozenset({"whales", "touches", "triggers", "deals"})
LOG_KEPT = 2000
_ROWS, _OWNERS = "written_rows", "written_owners"


@dataclass(frozen=True)
class Since:
    """What commits since some write counters wrote: the whales whose rows they wrote and
    the reps whose touches they wrote."""

    whales: frozenset[str]
    reps: frozenset[str]


def note_rows(session: Session, table: str, row_ids: Sequence[str], *, before: bool) -> None:
    """Note rows of `table` this transaction writes; `before` when they are not written yet,
    so that their owners now (a whale or rep they may be moved away from) are noted too."""
    if table not in OF_A_WHALE:
        return
    noted: dict[str, set[str] | None] = session.info.setdefault(_ROWS, {})
    rows = noted.setdefault(table, set())
    if rows is None:
        return
    rows.update(row_ids)
    if len(rows) > NAMED_ROWS:
        noted[table] = None
        return
    if before:
        whales, reps = _owners(session.connection(), table, row_ids)
        owners: tuple[set[str], set[str]] = session.info.setdefault(_OWNERS, (set(), set()))
        owners[0].update(whales)
        owners[1].update(reps)


def log_commit(session: Session, tables: Iterable[str], after: dict[str, int]) -> None:
    """Log the commit about to happen: the counters it moved `tables` to, and the owners of
    the rows it wrote (None when they cannot be told). A commit that wrote no whale's rows
    (a day's plan, a setting) is not logged: `since` never asks about its tables."""
    noted: dict[str, set[str] | None] = session.info.pop(_ROWS, {})
    whales, reps = session.info.pop(_OWNERS, (set(), set()))
    of_whales = OF_A_WHALE.intersection(tables)
    if not of_whales:
        return
    connection = session.connection()
    known = True
    for table in of_whales:
        rows = noted.get(table)
        if rows is None:
            known = False
            break
        found = _owners(connection, table, sorted(rows))
        whales |= found[0]
        reps |= found[1]
    connection.exec_driver_sql(
        "INSERT INTO written_log (marks, whales, reps) VALUES (?, ?, ?)",
        (
            json.dumps({table: after[table] for table in sorted(tables)}),
            json.dumps(sorted(whales)) if known else None,
            json.dumps(sorted(reps)) if known else None,
        ),
    )
    connection.exec_driver_sql(
        "DELETE FROM written_log WHERE seq <= last_insert_rowid() - ?", (LOG_KEPT,)
    )


def owning_whales(session: Session, table: str, row_ids: Iterable[str]) -> set[str]:
    """The whales rows of `table` (touches, deals, people, ...) belong to, live or tombstoned:
    a row just deleted still names its whale."""
    return _owners(session.connection(), table, sorted(row_ids))[0]


def _owners(
    connection: Connection, table: str, row_ids: Sequence[str]
) -> tuple[set[str], set[str]]:
    """The whales (and, for touches, the reps) rows of `table` belong to, live or tombstoned."""
    if not row_ids:
        return set(), set()
    ids = json.dumps(list(row_ids))
    if table == "whales":
        return set(row_ids), set()
    rep = "rep_id" if table == "touches" else "NULL"
    found = connection.exec_driver_sql(
        f"SELECT DISTINCT whale_id, {rep} FROM {table}"  # table and column are ours
        " WHERE id IN (SELECT value FROM json_each(?))",
        (ids,),
    ).all()
    return {str(w) for w, _ in found if w is not None}, {str(r) for _, r in found if r}


def since(
    session: Session, tables: Sequence[str], before: Sequence[int], now: Sequence[int]
) -> Since | None:
    """What the commits that moved the counters of `tables` (sorted) from `before` to `now`
    wrote; None when the log cannot tell: one of them is not logged (kept no longer, or
    written by a build before the log), wrote rows it could not name, or wrote a table whose
    rows do not belong to a whale."""
    moved = {t: (b, n) for t, b, n in zip(tables, before, now, strict=True) if n != b}
    if any(n < b or t not in OF_A_WHALE for t, (b, n) in moved.items()):
        return None
    if not moved:
        return Since(frozenset(), frozenset())
    if sum(n - b for b, n in moved.values()) > LOG_KEPT:
        return None  # more commits than the log keeps
    wanted = {(t, mark) for t, (b, n) in moved.items() for mark in range(b + 1, n + 1)}
    lowest = min(b for b, _ in moved.values())
    whales: set[str] = set()
    reps: set[str] = set()
    connection = session.connection()
    # A counter moves once per commit that writes its table: the commits wanted are the
    # ones whose marks for a moved table lie above `before`; read from the newest down.
    for marks_text, whales_text, reps_text in connection.exec_driver_sql(
        "SELECT marks, whales, reps FROM written_log ORDER BY seq DESC"
    ):
        marks: dict[str, int] = json.loads(marks_text)
        hits = {(t, marks[t]) for t in moved if (t, marks.get(t)) in wanted}
        if hits:
            if whales_text is None or reps_text is None:
                return None
            wanted -= hits
            whales.update(json.loads(whales_text))
            reps.update(json.loads(reps_text))
            if not wanted:
                return Since(frozenset(whales), frozenset(reps))
        if all(marks.get(t, lowest + 1) <= lowest for t in moved):
            break
    return None
