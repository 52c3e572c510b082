"""The pipeline in the war room's deck and the weekly report, and a deal's history through
the app's own edits (the definition, closing a deal)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from warroom.services.book import Book
from warroom.services.learning import Learning
from warroom.services.pipeline import Pipeline
from warroom.services.war_room import WarRoom

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_the_deck_shows_deals_pushed_since_the_session_and_flags_the_thrice_pushed(
    demo_book: Book,
) -> None:
    whale = next(w for w in demo_book.whales(NOW) if w.deal_size and w.stage != "closed")
    pipeline = Pipeline(demo_book)
    for number, close in enumerate(("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30")):
        at = NOW - timedelta(days=4 - number)
        pipeline.edit_deal(whale.name, at, close_on=date.fromisoformat(close))
    deck = WarRoom(demo_book).deck(NOW)
    (row,) = [m for m in deck.pipeline if m.whale_id == whale.id]
    assert (row.pushes, row.pushed_days, row.flagged) == (3, 89, True)


def test_a_definition_save_and_a_close_are_kept_in_the_deal_history(demo_book: Book) -> None:
    """Pass: the amount and stage changed on the whale page, and the close through the
    reviews, are each a history row with this laptop's rep."""
    me = demo_book.me()
    assert me is not None
    whale = next(w for w in demo_book.whales(NOW) if w.deal_size and w.stage != "closed")
    page = demo_book.workspace.page(whale.id)
    changed = replace(page.definition, deal_size=page.definition.deal_size + 100_000)
    demo_book.workspace.save_definition(whale.id, changed, NOW)
    Learning(demo_book).close(whale.name, "won", NOW + timedelta(hours=1), primary="product")
    story = Pipeline(demo_book).story(whale.name)
    fields = [(c.field, c.after, c.rep_id) for c in story.history]
    assert ("size", str(changed.deal_size), me.id) in fields
    assert ("stage", "closed", me.id) in fields


def test_the_deck_names_each_top_ten_whales_coverage(demo_book: Book) -> None:
    """Pass: every top-ten whale has its coverage words in the deck, and only they do."""
    deck = WarRoom(demo_book).deck(NOW)
    assert set(deck.gaps) == {w.id for w in deck.top_ten}
    assert all(words for words in deck.gaps.values())
