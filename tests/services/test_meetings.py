"""War-room sessions kept as meetings: listed newest first with what moved between them, the
last one's notes on the next weekly, and the command line agreeing."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.conftest import NOW
from warroom.app import main
from warroom.paths import DataFolder
from warroom.services.open_book import OpenBook
from warroom.services.war_room import WarRoom


def test_sessions_list_what_moved_between_them_and_the_weekly_reads_the_last_notes(
    demo_home: DataFolder, capsys
) -> None:
    """Pass: two sessions a week apart are listed newest first; the later one's moves are the
    deck's moves as it stood at that session (since the earlier one); the next weekly deck
    carries the later session's notes; `warroom meetings --json` says the same."""
    book = OpenBook.open(demo_home.book, NOW)
    try:
        first, second = NOW - timedelta(days=14), NOW - timedelta(days=7)
        book.apply("S", lambda b: b.war_room.save_meeting(first, "Plan the Q1 push", first))
        book.apply("S", lambda b: b.war_room.save_meeting(second, "Chase Adatum", second))
        held = WarRoom(book.book).meetings(NOW)
        assert [m.notes for m in held] == ["Chase Adatum", "Plan the Q1 push"]
        assert held[0].since == first and held[1].since is None
        deck = WarRoom(book.book).deck(second)  # as it stood: since the session before
        moved = {(m.whale.id, m.change) for m in held[0].moves}
        dealt = {(m.whale.id, m.change) for m in deck.moves}
        # A deck asked of a past moment lists whales added since then too; the session's
        # record holds only the whales there were at the session.
        assert moved <= dealt and {change for _, change in dealt - moved} <= {"added"}
        assert WarRoom(book.book).deck(NOW).last_notes == "Chase Adatum"
        assert held[0].summary != "no change"
    finally:
        book.close()
    assert main(["meetings", "--json", "--at", NOW.isoformat()]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [m["notes"] for m in listed] == ["Chase Adatum", "Plan the Q1 push"]
    assert listed[0]["moved"] == held[0].moved
    assert main(["meetings", "--at", NOW.isoformat()]) == 0
    said = capsys.readouterr().out
    assert "Chase Adatum" in said and held[0].summary in said
