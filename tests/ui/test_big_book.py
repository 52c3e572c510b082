"""A team lead's book opens without loading its history: no touch becomes an ORM object."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from warroom.domain.records import Touch
from warroom.paths import DataFolder
from warroom.services.open_book import OpenBook
from warroom.store import bulk
from warroom.store.schema import TouchRow
from warroom.ui.actions import SECTIONS

NOW = datetime.now(UTC)
KINDS = ("call_attempt", "email_sent", "meeting", "call_connected", "inmail_sent")


def _team_book(folder: DataFolder, whales: int, touches_each: int) -> None:
    book = OpenBook.open(folder.ensure().book, NOW)
    try:
        reps = [
            book.apply("Rep", lambda b, n=n: b.book.set_me(f"Rep {n}", "UTC", NOW)).value.id
            for n in range(6)
        ]
        with book.store.transaction(write=True) as session:
            ids = [str(uuid.uuid4()) for _ in range(whales)]
            bulk.insert_new(
                session,
                "whales",
                [
                    {"id": whale, "name": f"Whale {n:04d}", "owner_id": reps[n % 6]}
                    for n, whale in enumerate(ids)
                ],
                NOW,
            )
            bulk.insert_new(
                session,
                "deals",
                [
                    {"id": str(uuid.uuid4()), "whale_id": whale, "size": 500_000, "currency": "USD"}
                    for whale in ids
                ],
                NOW,
            )
            bulk.insert_touches(
                session,
                (
                    Touch(
                        str(uuid.uuid4()),
                        whale,
                        reps[n % 6],
                        None,
                        KINDS[(n + k) % len(KINDS)],
                        NOW - timedelta(hours=7 * k + n % 24),
                        "",
                    )
                    for n, whale in enumerate(ids)
                    for k in range(touches_each)
                ),
                NOW,
            )
    finally:
        book.close()


def test_opening_a_3000_whale_book_builds_no_orm_object_per_touch(
    qtbot, home: DataFolder, open_window, runner
) -> None:
    """Pass: from launch, through every section (Today, the whales, the ocean, cadences,
    triggers, reviews, the team's journey), SQLAlchemy loads no TouchRow: every read of the
    history aggregates in SQL or reads plain rows."""
    _team_book(home, whales=3000, touches_each=10)
    loaded: list[object] = []

    def count(target: object, _context: object) -> None:
        loaded.append(target)

    event.listen(TouchRow, "load", count)
    try:
        window = open_window(home)
        for section in SECTIONS:
            window.show_section(section)
            qtbot.waitUntil(lambda: runner.idle, timeout=20_000)
    finally:
        event.remove(TouchRow, "load", count)
    assert runner.idle and loaded == []
