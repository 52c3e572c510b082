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
from warroom.ui.models.whales import WhalesModel

NOW = datetime.now(UTC)
TOUCHES = [name for name, _ in WhalesModel.COLUMNS].index("Touches")


def _touches(whales, whale_id):  # type: ignore[no-untyped-def]
    return whales.model.index(whales.model.row_of(whale_id), TOUCHES).data()


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


def test_a_touch_on_a_3000_whale_book_rereads_its_whale_alone(
    qtbot, home: DataFolder, open_window, runner, keyboard, monkeypatch
) -> None:
    """Pass: Ctrl+L, C, Enter on a selected whale of a 3,000-whale book brings its row up to
    date (one more touch) without reading the whole list or the book's events again; Ctrl+Z
    does the same; the rest of the rows stay as they were."""
    from warroom.services import decay as decay_service
    from warroom.store import queries

    _team_book(home, whales=3000, touches_each=10)
    window = open_window(home)
    window.show_section("Whales")
    qtbot.waitUntil(lambda: runner.idle and window.whales.model.total == 3000)
    keyboard.press("Ctrl+F")
    keyboard.press("Down")
    whales = window.whales
    qtbot.waitUntil(lambda: whales.page is not None and whales.page.page is not None)
    qtbot.waitUntil(lambda: runner.idle)
    whale_id = whales.current_whale()
    assert whale_id is not None
    row = whales.model.row_of(whale_id)
    assert row is not None
    before = [whales.model.index(r, TOUCHES).data() for r in range(whales.model.rowCount())]
    whole: list[str] = []
    real_summaries, real_inputs = queries.whale_summaries, decay_service.heat_inputs

    def summaries(session, owner_id=None, figures=None, whale_ids=None, **how):  # type: ignore[no-untyped-def]
        if whale_ids is None:
            whole.append("list")
        return real_summaries(session, owner_id, figures, whale_ids, **how)

    def inputs(*args):  # type: ignore[no-untyped-def]
        whole.append("events")
        return real_inputs(*args)

    monkeypatch.setattr(queries, "whale_summaries", summaries)
    monkeypatch.setattr(decay_service, "heat_inputs", inputs)
    keyboard.press("Ctrl+L")
    actions = window.whale_actions
    qtbot.waitUntil(lambda: actions.dialog is not None and actions.dialog.isVisible())
    keyboard.press("C", "Return")
    qtbot.waitUntil(lambda: runner.idle and not actions.dialog.isVisible())
    qtbot.waitUntil(
        lambda: whales.model.index(whales.model.row_of(whale_id), TOUCHES).data() == "11"
    )
    after = [whales.model.index(r, TOUCHES).data() for r in range(whales.model.rowCount())]
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1
    assert whales.current_whale() == whale_id  # still selected
    keyboard.press("Ctrl+Z")
    qtbot.waitUntil(
        lambda: whales.model.index(whales.model.row_of(whale_id), TOUCHES).data() == "10"
    )
    qtbot.waitUntil(lambda: runner.idle)
    assert whole == []
