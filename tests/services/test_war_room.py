"""The war room's deck: moves since the last session, the slides' figures, meeting records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warroom.services.book import Book
from warroom.services.learning import Learning
from warroom.services.war_room import WarRoom

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_moves_since_the_last_session_read_like_a_pipeline_diff(book: Book) -> None:
    book.set_me("Avery", "UTC", NOW - timedelta(days=30))
    book.add_whale("Warm", NOW - timedelta(days=30), deal_size=1_000_000)
    book.add_whale("Cooling", NOW - timedelta(days=30), deal_size=2_000_000)
    book.log_touch("Cooling", "onsite", NOW - timedelta(days=10), NOW)  # 0.56 then, 0.48 now
    war_room = WarRoom(book)
    war_room.save_meeting(NOW - timedelta(days=7), "Agreed: on-site at Warm", NOW)
    book.log_touch("Warm", "meeting", NOW - timedelta(days=2), NOW)
    book.add_whale("Fresh", NOW, deal_size=500_000)
    deck = war_room.deck(NOW)
    assert deck.since_meeting and deck.since == NOW - timedelta(days=7)
    changes = {m.whale.name: m.change for m in deck.moves}
    assert changes == {"Fresh": "added", "Cooling": "sank", "Warm": "rose"}


def test_the_weekly_made_right_after_the_session_counts_from_the_one_before(
    book: Book,
) -> None:
    """Pass: a session held earlier on the rep's day (Tokyo's Monday, still Sunday in UTC) is
    this week's: the deck counts from last week's and reads this week's notes; the pipeline's
    default 'since' agrees. The next day, it is the last session."""
    from warroom.services.pipeline import Pipeline

    monday = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo
    book.set_me("Avery", "Asia/Tokyo", monday - timedelta(days=30))
    war_room = WarRoom(book)
    war_room.save_meeting(monday - timedelta(days=7), "Last week's", monday)
    this_week = monday - timedelta(hours=2)  # 10:00 in Tokyo; Sunday 01:00 in UTC
    war_room.save_meeting(this_week, "Agreed: on-site at Warm", monday)
    deck = war_room.deck(monday)
    assert deck.since_meeting and deck.since == monday - timedelta(days=7)
    assert deck.last_notes == "Agreed: on-site at Warm"
    assert Pipeline(book).since_last_session(monday) == monday - timedelta(days=7)
    tuesday = monday + timedelta(days=1)
    assert war_room.deck(tuesday).since == this_week


def test_without_a_meeting_the_deck_looks_back_a_week(book: Book) -> None:
    book.set_me("Avery", "UTC", NOW)
    deck = WarRoom(book).deck(NOW)
    assert not deck.since_meeting and deck.since == NOW - timedelta(days=7)


def test_the_demo_deck_fills_every_slide(demo_book: Book) -> None:
    deck = WarRoom(demo_book).deck(NOW)
    assert deck.moves and len(deck.top_ten) == 10 and deck.whales
    assert deck.triggers and len(deck.scoreboard) == 6 and len(deck.journey) == 6
    assert deck.follow_through and deck.lessons
    names = [
        (deck.rep_names.get(f.rep_id or "", "").lower(), f.template) for f in deck.follow_through
    ]
    assert names == sorted(names)  # by rep name, as the tables read
    waiting = Learning(demo_book).to_review()
    assert [d.closed_on for d in waiting] == sorted((d.closed_on for d in waiting), reverse=True)
    exact = WarRoom(demo_book).exact_deals([w.id for w in deck.top_ten])
    assert all(exact[w.id] for w in deck.top_ten)


def test_one_rep_at_a_time(demo_book: Book) -> None:
    rep = demo_book.reps()[0]
    deck = WarRoom(demo_book).deck(NOW, rep.id)
    assert deck.rep_name == rep.name
    assert all(w.owner_id == rep.id for w in deck.whales)
    assert [r.rep.id for r in deck.scoreboard] == [rep.id]


def test_the_decks_lessons_are_the_newest_reviews_of_its_rep_by_then(demo_book: Book) -> None:
    """Pass: read in SQL with a limit, the lessons are what filtering every review gives."""
    from warroom.services.learning import Learning

    every = Learning(demo_book).reviews()
    then = NOW - timedelta(days=40)
    for rep in [None, *(r.id for r in demo_book.reps())]:
        wanted = [r for r in every if rep in (None, r.owner_id) and r.reviewed_on <= then.date()]
        assert list(WarRoom(demo_book).deck(then, rep).lessons) == wanted[:12]
    assert len(every) > 12
