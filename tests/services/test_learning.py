"""Closing deals with reviews, the trigger feed, and the team's journey on real books."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from warroom.cli import main
from warroom.domain.cadence import RUNNING
from warroom.domain.errors import BadInput, NotFound
from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.services.cadences import Cadences
from warroom.services.learning import Learning
from warroom.services.today import Today

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def _globex(book: Book) -> Learning:
    book.set_me("Avery", "UTC", NOW)
    book.add_whale("Globex", NOW, deal_size=900_000)
    return Learning(book)


def test_a_deal_cannot_close_without_a_primary_reason(book: Book) -> None:
    learning = _globex(book)
    with pytest.raises(BadInput, match="primary reason"):
        learning.close("Globex", "lost", NOW, primary=None)
    assert learning.closed_deals() == []
    with pytest.raises(BadInput, match="not one of"):
        learning.close("Globex", "lost", NOW, primary="bad luck")


def test_closing_with_a_review_records_the_lesson(book: Book) -> None:
    learning = _globex(book)
    learning.close(
        "Globex",
        "lost",
        NOW,
        primary="price",
        secondary=["competitor"],
        differently="Quantify the cost of doing nothing",
        quote="Too expensive",
    )
    [review] = learning.reviews()
    assert (review.whale, review.outcome, review.primary_reason) == ("Globex", "lost", "price")
    assert review.secondary_reasons == ("competitor",)
    with pytest.raises(NotFound, match="no open deal"):
        learning.close("Globex", "won", NOW, primary="product")


def test_a_deal_marked_to_review_is_waiting_until_reviewed(book: Book) -> None:
    learning = _globex(book)
    deal_id = learning.close("Globex", "no_decision", NOW, primary=None, to_review=True).value
    assert [d.deal_id for d in learning.to_review()] == [deal_id]
    learning.review(
        deal_id, NOW, primary="timing_or_do_nothing", secondary=[], differently="", quote=""
    )
    assert learning.to_review() == []


def test_closed_deals_feed_the_learned_half_life(book: Book) -> None:
    book.set_me("Avery", "UTC", NOW)
    learning = Learning(book)
    for i in range(8):
        book.add_whale(f"W{i}", NOW - timedelta(days=100), deal_size=300_000)
        book.log_touch(f"W{i}", "meeting", NOW - timedelta(days=60), NOW)
        learning.close(f"W{i}", "lost", NOW, primary="price")
    half_life = book.decay.book_heat(NOW).half_life
    assert half_life.learned and half_life.closed_deals == 8
    assert half_life.days == pytest.approx(60 * 0.6931471805599453, rel=0.01)


def test_a_trigger_raises_heat_by_its_strength_and_shows_in_the_feed(book: Book) -> None:
    learning = _globex(book)
    book.add_trigger("Globex", "leadership_change", NOW - timedelta(days=1), NOW, note="New CFO")
    [item] = learning.feed(NOW)
    assert item.added == pytest.approx(0.30) and not item.answered
    assert book.whales(NOW - timedelta(days=1))[0].heat == pytest.approx(0.30)
    book.log_touch("Globex", "email_sent", NOW, NOW)
    assert learning.feed(NOW)[0].answered
    assert learning.feed(NOW, unanswered=True) == []


def test_a_trigger_is_edited_deleted_and_brought_back(book: Book) -> None:
    from dataclasses import replace

    learning = _globex(book)
    trigger = book.add_trigger("Globex", "other", NOW, NOW).value
    learning.save_trigger(replace(trigger, kind="m_and_a", note="Acquired Initech"), NOW)
    assert learning.feed(NOW)[0].trigger.kind == "m_and_a"
    learning.set_trigger_deleted(trigger.id, True, NOW)
    assert learning.feed(NOW) == []
    learning.set_trigger_deleted(trigger.id, False, NOW)
    assert len(learning.feed(NOW)) == 1


def test_the_team_journey_covers_every_rep(demo_book: Book) -> None:
    team = Learning(demo_book).team(NOW)
    assert len(team) == 6
    assert all(1 <= j.phase.number <= 5 and j.phase.reason for j in team)
    assert all(len(j.practice.pillars) == 5 for j in team)


def test_the_command_line_closes_reviews_and_lists(demo_home: DataFolder, capsys) -> None:
    assert main(["close", "Adatum Energy", "--outcome", "won"]) == 2
    assert "primary reason" in capsys.readouterr().err
    assert (
        main(
            [
                "close",
                "Adatum Energy",
                "--outcome",
                "won",
                "--reason",
                "story_and_insight",
                "--quote",
                "You knew our plants",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["reviews", "--json"]) == 0
    reviews = json.loads(capsys.readouterr().out)["reviews"]
    assert reviews[0]["whale"] == "Adatum Energy" and reviews[0]["outcome"] == "won"
    assert main(["triggers", "--json", "--unanswered", "--days", "14"]) == 0
    assert all(not t["answered"] for t in json.loads(capsys.readouterr().out))
    assert main(["team", "--json"]) == 0
    team = json.loads(capsys.readouterr().out)
    assert len(team) == 6 and {"phase", "pillars", "streak", "at_risk"} <= set(team[0])
    assert main(["triggers", "--kind", "gossip"]) == 2


def test_closing_a_deal_ends_its_cadences_and_takes_the_whale_off_todays_list(
    demo_book: Book,
) -> None:
    """Pass: a whale of mine with a cadence running is on a plan made afresh; closed won, its
    enrolments end as finished with the close as their reason (not given up), no step of it
    is due, and the plan made afresh leaves it out."""
    me = demo_book.me()
    assert me is not None
    cadences, today = Cadences(demo_book), Today(demo_book)
    running = [e for e in cadences.enrolments(rep=me.name) if e.status in RUNNING]
    whale_id = running[0].whale_id
    running = [e for e in running if e.whale_id == whale_id]
    today.rebuild(None, NOW)
    assert whale_id in {row.whale.id for row in today.today(None, NOW).rows}
    Learning(demo_book).close(whale_id, "won", NOW, primary="relationship")
    ended = [e for e in cadences.enrolments(whale=whale_id) if e.id in {r.id for r in running}]
    assert ended and {(e.status, e.stop_reason) for e in ended} == {
        ("finished", "the deal closed won")
    }
    assert whale_id not in {item.enrolment.whale_id for item in cadences.due(None, NOW)}
    today.rebuild(None, NOW)
    assert whale_id not in {row.whale.id for row in today.today(None, NOW).rows}


def test_one_reps_waiting_reviews_are_the_books_read_for_that_rep_alone(demo_book: Book) -> None:
    """Pass: each rep's closed deals waiting for review, read in SQL for that rep (Today
    counts them at every open; the whole book's took 0.6 s on a sales floor), are the
    unreviewed ones of the whole book's closed deals owned by that rep, newest first."""
    learning = Learning(demo_book)
    every = learning.closed_deals()
    assert any(not d.reviewed for d in every) and any(d.reviewed for d in every)
    for rep in demo_book.reps():
        expected = sorted(
            (d for d in every if not d.reviewed and d.owner_id == rep.id),
            key=lambda d: (d.closed_on, d.deal_id),
            reverse=True,
        )
        assert learning.to_review(rep.id) == expected
    assert {d.deal_id for d in learning.to_review()} == {d.deal_id for d in every if not d.reviewed}
