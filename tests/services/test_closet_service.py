"""The closet's three choices on a real book: each one undo step; a hold keeps a whale out
of Today's next plans until its day; closing as no decision writes its review."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warroom.domain.changes import Done
from warroom.domain.errors import BadInput, NotFound
from warroom.services.closet import REWARM, Closet
from warroom.services.open_book import OpenBook
from warroom.services.people import People, PersonEdit
from warroom.services.today import Today
from warroom.store.db import Store

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=200)  # every whale of the book is cold by then


def _book(open_book: OpenBook) -> list[str]:
    book = open_book.book
    book.set_me("Avery", "America/New_York", NOW)
    ids = [book.add_whale(f"Whale {i}", NOW, deal_size=1_000_000 + i).value for i in range(3)]
    for whale_id in ids:
        book.log_touch(whale_id, "meeting", NOW, NOW)
    return ids


def test_a_hold_leaves_the_closet_and_todays_plans_until_its_day(
    open_book: OpenBook, store: Store, canonical: object
) -> None:
    ids = _book(open_book)
    closet = Closet(open_book.book)
    rows = closet.report(LATER).rows
    assert [r.whale.id for r in rows] == ids[::-1]  # biggest first
    assert Today(open_book.book).today(None, LATER).rows[0].whale.id == ids[2]
    before = canonical(store)  # type: ignore[operator]
    until = LATER.date() + timedelta(days=30)
    open_book.apply("Hold", lambda ob: Closet(ob.book).hold(ids[2], until, "Budget", LATER))
    # Today's plan, made before the hold, holds still, and says the whale is on hold.
    [row] = [r for r in Today(open_book.book).today(None, LATER).rows if r.whale.id == ids[2]]
    assert row.held_until == until and row.why.endswith(f"on hold until {until:%d %b}")
    report = closet.report(LATER)
    assert [r.whale.id for r in report.rows] == ids[1::-1]
    assert [(h.whale, h.hold.reason) for h in report.holds] == [("Whale 2", "Budget")]
    for days in (1, 2, 29):
        plan = Today(open_book.book).today(None, LATER + timedelta(days=days)).rows
        assert ids[2] not in {r.whale.id for r in plan}
    back = Today(open_book.book).today(None, LATER + timedelta(days=31)).rows
    assert ids[2] in {r.whale.id for r in back}
    assert ids[2] in {r.whale.id for r in closet.report(LATER + timedelta(days=31)).rows}
    open_book.undo(LATER)
    assert canonical(store) == before  # type: ignore[operator]


def test_a_rewarm_enrols_everyone_there_once_and_adds_the_cadence(open_book: OpenBook) -> None:
    ids = _book(open_book)
    book = open_book.book
    with pytest.raises(BadInput, match="nobody to re-warm"):
        Closet(book).rewarm(ids[0], LATER)
    for name in ("Ana Ruiz", "Bo Chen"):
        People(book).save(ids[0], name, PersonEdit(title="CFO"), LATER)
    People(book).save(ids[0], "Cy Left", PersonEdit(left=True), LATER)
    done = open_book.apply("Re-warm", lambda ob: Closet(ob.book).rewarm(ids[0], LATER))
    assert len(done.value) == 2
    report = Closet(book).report(LATER)
    assert report.rewarming == ("Whale 0",)
    assert ids[0] not in {r.whale.id for r in report.rows}
    with pytest.raises(BadInput, match="in a cadence already"):
        Closet(book).rewarm(ids[0], LATER)
    open_book.undo(LATER)
    assert Closet(book).report(LATER).rewarming == ()
    assert REWARM not in {t.name for t in open_book.cadences.templates()}


def test_closing_as_no_decision_writes_the_review(open_book: OpenBook) -> None:
    """The closet's C closes through the reviews, as Ctrl+Shift+C does (no decision and
    timing offered first)."""

    def close(ob: OpenBook) -> Done[str]:
        return ob.learning.close(
            ids[1], "no_decision", LATER, primary="timing_or_do_nothing", differently="x"
        )

    ids = _book(open_book)
    open_book.apply("Close", close)
    closed = [d for d in open_book.learning.closed_deals() if d.whale_id == ids[1]]
    assert [(d.outcome, d.reviewed) for d in closed] == [("no_decision", True)]
    assert ids[1] not in {r.whale.id for r in Closet(open_book.book).report(LATER).rows}
    with pytest.raises(NotFound, match="no open deal"):
        close(open_book)
