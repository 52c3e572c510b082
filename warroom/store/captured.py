"""What capture matches by: stakeholders' addresses, whales' web domains, and the sources of
touches and planned touches captured before (live or deleted)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy.orm import Session

from warroom.domain.capture import Known, Stakeholder, address_key
from warroom.store.db import driver_rows


def known(session: Session, mine: frozenset[str], sources: Iterable[str]) -> Known:
    """The book's side of the match, for a rep whose addresses are `mine` (address_key)."""
    people: dict[str, Stakeholder] = {}
    for row in driver_rows(
        session,
        "SELECT s.id, s.whale_id, s.name, s.email FROM stakeholders s"
        " JOIN whales w ON w.id = s.whale_id"
        " WHERE s.deleted_at IS NULL AND w.deleted_at IS NULL AND s.email != ''"
        " ORDER BY s.created_at, s.id",
    ):
        people.setdefault(address_key(row[3]), Stakeholder(row[0], row[1], row[2]))
    domains: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in driver_rows(
        session, "SELECT id, name, web_domain FROM whales WHERE deleted_at IS NULL ORDER BY id"
    ):
        names[row[0]] = row[1]
        domain = str(row[2]).strip().lower().removeprefix("www.")
        if domain:
            domains.setdefault(domain, row[0])
    wanted = json.dumps(sorted(set(sources)))
    logged, planned = (_sources(session, table, wanted) for table in ("touches", "tasks"))
    # A planned meeting the rep did from Today is logged: the touch that did it holds it,
    # though it has no source of its own (captured again after it, it was logged twice).
    for source, whale_id, deleted_at in driver_rows(
        session,
        "SELECT t.source, t.whale_id, d.deleted_at FROM tasks t"
        " JOIN touches d ON d.id = t.done_touch_id"
        " WHERE t.deleted_at IS NULL AND t.source IN (SELECT value FROM json_each(?))",
        [wanted],
    ):
        logged[(source, whale_id)] = logged.get((source, whale_id), False) or deleted_at is None
    return Known(people, domains, names, mine, logged, planned)


def _sources(session: Session, table: str, wanted: str) -> dict[tuple[str, str], bool]:
    """(source, whale id) -> whether a live row holds it (else only deleted ones do)."""
    found: dict[tuple[str, str], bool] = {}
    for source, whale_id, deleted_at in driver_rows(
        session,
        f"SELECT source, whale_id, deleted_at FROM {table}"
        " WHERE source IN (SELECT value FROM json_each(?))",
        [wanted],
    ):
        found[(source, whale_id)] = found.get((source, whale_id), False) or deleted_at is None
    return found
