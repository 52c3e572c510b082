"""Capture from real export files (tests/data/capture: an Outlook calendar with a time zone,
a recurring event with an exception, cancelled, declined, all-day and internal events; a
message; a mailbox with a newsletter, an auto-reply and a broken message; vCards), into a
book, and again; and the command line's answers."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.cli import main
from warroom.domain.errors import BadInput
from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.services.capture import Capture
from warroom.services.duplicates import Duplicates
from warroom.services.open_book import OpenBook
from warroom.store.db import open_store

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
FILES = Path(__file__).parent.parent / "data" / "capture"
READABLE = [FILES / "outlook.ics", FILES / "reply.eml", FILES / "mailbox.mbox"]


def test_a_preview_reads_every_kind_of_export_and_writes_nothing(book: Book, coho) -> None:
    """Pass: the weekly call's occurrences (less the one taken out, with the moved one at its
    new time), the budget review, the sent mail and the reply are touches; meetings after
    now are planned; the rest is skipped with why, unknown addresses counted, new people at
    Coho offered; the broken message is one line; the book is unchanged."""
    coho(book)
    preview = Capture(book).preview([*READABLE, FILES / "people.vcf"], NOW)
    plan = preview.plan
    kinds = sorted(t.kind for t in plan.touches)
    assert kinds.count("email_sent") == 1 and kinds.count("email_reply") == 2  # one from Tom
    steering = sorted(t.at for t in plan.touches if t.note.startswith("Weekly steering call"))
    assert len(steering) == 6  # 6 Oct to 17 Nov, less 20 Oct
    moved = [t for t in plan.touches if "(moved)" in t.note]
    assert moved[0].at == datetime(2026, 10, 28, 13, 0, tzinfo=UTC)  # 14:00 in Berlin
    budget = next(t for t in plan.touches if t.note.startswith("Budget review"))
    assert budget.at == datetime(2026, 11, 10, 14, 0, tzinfo=UTC)
    assert budget.stakeholder_id == "s-0"  # Rohan, by his +cal address
    assert len(plan.planned) == 6  # steering calls from 24 Nov on, and the walk-through
    whys = sorted(s.why for s in plan.skipped)
    assert whys == sorted(
        [
            "cancelled",
            "you declined it",
            "an all-day event naming no stakeholder",
            "only your own team",
            "a mailing list, newsletter or auto-reply",
            "a mailing list, newsletter or auto-reply",
        ]
    )
    assert plan.unmatched == {"liam@example.net": 1}
    assert {p.address for p in plan.new_people} == {
        "dana.whitfield@cohowineryholdings.com",
        "tom.baker@cohowineryholdings.com",
        "priya.nair@cohowineryholdings.com",
    }
    assert preview.problems == (f"{FILES / 'mailbox.mbox'}, message 4: skipped (it has no sender)",)
    priya = next(p for p in plan.new_people if p.address.startswith("priya"))
    assert (priya.name, priya.title) == ("Priya Nair", "Head of Operations")  # from her card
    assert _touches(book) == []


def test_capturing_again_adds_nothing_and_an_edit_or_deletion_stands(
    open_book: OpenBook, coho
) -> None:
    """Pass: the second capture of the same files (and of an overlapping one) adds nothing;
    a captured touch deleted in the app is not brought back, one edited keeps its edit;
    a meeting planned is logged as a touch once it has happened."""
    book = open_book.book
    coho(book)
    capture = Capture(book)
    first = open_book.apply(
        "Capture", lambda ob: capture.log(capture.preview(READABLE, NOW), NOW, add_people=True)
    ).value
    assert (first.added, first.planned, first.people) == (10, 6, 2)
    again = capture.preview([*READABLE, FILES / "truncated.ics"], NOW)
    assert again.plan.touches == () and again.plan.planned == ()
    assert again.plan.already_logged == 10 + 6
    touches = [t for t in _touches(book) if t.note.startswith("Weekly steering call")]
    gone, edited = touches[0], touches[1]
    book.workspace.set_touch_deleted(gone.id, True, NOW)
    from dataclasses import replace

    book.workspace.save_touch(replace(edited, note="Steering: they want a pilot"), NOW)
    capture.log(capture.preview(READABLE, NOW), NOW, add_people=True)
    notes = {t.id: t.note for t in _touches(book)}
    assert gone.id not in notes and notes[edited.id] == "Steering: they want a pilot"
    later = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    grown = capture.preview(READABLE, later).plan
    assert {t.at.date().isoformat() for t in grown.touches} == {"2026-11-24", "2026-12-01"}


def test_a_planned_meeting_done_by_hand_is_not_logged_again_when_it_is_captured_after(
    open_book: OpenBook, coho
) -> None:
    """Pass: the steering call of Tue 24 Nov, captured as a planned touch, is done by hand
    that morning (Space on Today, hours before it starts): the calendar captured again that
    evening counts it as logged and adds no second meeting (it logged two)."""
    book = open_book.book
    coho(book)
    capture = Capture(book)
    open_book.apply(
        "Capture", lambda ob: capture.log(capture.preview(READABLE, NOW), NOW, add_people=True)
    )
    morning = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 08:00 in New York
    book.log_touch("Coho", "meeting", morning, morning)
    evening = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    again = capture.preview(READABLE, evening)
    assert [t for t in again.plan.touches if t.at.date().isoformat() == "2026-11-24"] == []
    capture.log(again, evening, add_people=True)
    meetings = [
        t for t in _touches(book) if t.kind == "meeting" and t.occurred_at.date() == morning.date()
    ]
    assert len(meetings) == 1


def test_undo_takes_a_whole_capture_back(open_book: OpenBook, coho) -> None:
    book = open_book.book
    coho(book)
    capture = Capture(book)
    before = len(_touches(book))
    open_book.apply(
        "Capture", lambda ob: capture.log(capture.preview(READABLE, NOW), NOW, add_people=True)
    )
    assert len(_touches(book)) == before + 10
    open_book.undo(NOW)
    assert len(_touches(book)) == before
    assert not book.workspace.page(book.resolve_whale("Coho Winery Holdings")).stakeholders[4:]


def test_a_capture_taken_back_can_be_made_again(open_book: OpenBook, coho) -> None:
    """Pass: after Ctrl+Z on a capture its touches are 'deleted since captured' and skipped;
    asked for again, the same capture logs them all, new people too, as one more edit."""
    book = open_book.book
    coho(book)
    capture = Capture(book)
    before = len(_touches(book))
    open_book.apply(
        "Capture", lambda ob: capture.log(capture.preview(READABLE, NOW), NOW, add_people=False)
    )
    open_book.undo(NOW)
    preview = capture.preview(READABLE, NOW)
    assert len(preview.plan.deleted) == 9 + 6
    assert all(t.new_address for t in preview.plan.touches)  # only those not logged at all
    again = open_book.apply(
        "Capture",
        lambda ob: capture.log(preview, NOW, add_people=True, again=True),
    ).value
    assert (again.added, again.planned, again.people) == (10, 6, 2)
    assert len(_touches(book)) == before + 10
    assert capture.preview(READABLE, NOW).plan.already_logged == 10 + 6


def test_without_my_addresses_capture_says_how_to_set_them(book: Book) -> None:
    book.set_me("Elena Petrova", "America/New_York", NOW)
    with pytest.raises(BadInput, match="warroom me NAME --email"):
        Capture(book).preview(READABLE, NOW)


def _touches(book: Book):
    from warroom.store import queries

    with book.store.transaction() as session:
        return queries.touches(session)


def _home_with_coho(home: DataFolder, coho) -> None:
    store = open_store(home.ensure().book, at=NOW)
    try:
        coho(Book(store))
    finally:
        store.close()


def test_the_command_line_captures_previews_and_says_what_it_could_not_read(
    home: DataFolder, capsys: pytest.CaptureFixture[str], tmp_path: Path, coho
) -> None:
    """Pass: --dry-run --json has the issue's keys and writes nothing; a real run logs; a
    file that is nothing readable is one line and exit 2; `me --email` sets the addresses."""
    _home_with_coho(home, coho)
    files = [str(p) for p in READABLE] + ["--at", NOW.isoformat()]
    assert main(["capture", *files, "--dry-run", "--json", "--add-people"]) == 0
    out, err = capsys.readouterr()
    found = json.loads(out)
    assert found["dry_run"] and found["added"] == 10 and found["planned"] == 6
    assert found["already_logged"] == 0 and found["unmatched"][0]["address"] == "liam@example.net"
    first = found["touches"][0]
    assert set(first) >= {"whale", "stakeholder", "kind", "occurred_at", "source"}
    assert datetime.fromisoformat(first["occurred_at"]).utcoffset() is not None
    assert {s["why"] for s in found["skipped"]} >= {"cancelled", "you declined it"}
    assert err.count("\n") == 1 and "message 4" in err
    assert main(["capture", *files]) == 0
    capsys.readouterr()
    assert main(["capture", *files, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["added"] == 0 and again["already_logged"] == 9 + 6  # Tom waits
    junk = tmp_path / "notes.txt"
    shutil.copy(FILES / "notes.csv", junk)
    assert main(["capture", str(junk)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"warroom: {junk}: not a calendar (.ics), message (.eml), mailbox (.mbox) or vCard (.vcf)",
        "warroom: nothing could be read from 1 file",
    ]
    assert main(["me", "--email", "elena@ourco.example", "--email", "e.p@gmail.com", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["emails"] == ["elena@ourco.example", "e.p@gmail.com"]
    assert main(["me", "--email", "not-an-address"]) == 2
    assert "not an email address" in capsys.readouterr().err


def test_the_command_line_logs_again_what_was_deleted_only_when_asked(
    home: DataFolder, capsys: pytest.CaptureFixture[str], coho
) -> None:
    _home_with_coho(home, coho)
    files = [str(p) for p in READABLE] + ["--at", NOW.isoformat()]
    assert main(["capture", *files]) == 0
    store = open_store(home.book, at=NOW)
    try:
        book = Book(store)
        gone = next(t for t in _touches(book) if t.note.startswith("Weekly steering call"))
        book.workspace.set_touch_deleted(gone.id, True, NOW)
    finally:
        store.close()
    capsys.readouterr()
    assert main(["capture", *files, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 deleted in the app since it was captured" in out and "--again logs again" in out
    assert main(["capture", *files, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["added"] == 0 and found["deleted_since_captured"] == 1
    assert main(["capture", *files, "--again", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["added"] == 1 and found["deleted_since_captured"] == 0


TWO_PEOPLE = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:pilot-review@ourco.example
DTSTART:20261118T150000Z
DTEND:20261118T160000Z
SUMMARY:Pilot review
ORGANIZER:mailto:elena.petrova@ourco.example
ATTENDEE;PARTSTAT=ACCEPTED:mailto:rohan.kapoor@cohowineryholdings.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:ethan.brooks@cohowineryholdings.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:nadia.fox@cohowineryholdings.com
END:VEVENT
END:VCALENDAR
"""


def test_a_meeting_with_three_people_is_a_touch_with_each_of_them(
    open_book: OpenBook, coho, tmp_path: Path
) -> None:
    """Pass: one meeting with Rohan, Ethan and a new person (added) is one touch (its heat
    once) credited to all three: each has a meaningful touch in coverage, so Coho is no
    longer single-threaded (it was: only the first attendee counted); merging Ethan into
    Henrik credits Henrik with it."""
    from warroom.store import queries

    book = open_book.book
    coho_id = coho(book)
    path = tmp_path / "pilot.ics"
    path.write_text(TWO_PEOPLE.replace("\n", "\r\n"), encoding="utf-8")
    capture = Capture(book)
    logged = capture.log(capture.preview([path], NOW), NOW, add_people=True).value
    assert (logged.added, logged.people) == (1, 1)
    [touch] = _touches(book)
    with book.store.transaction() as session:
        people = queries.stakeholders_of(session, coho_id)
    nadia = next(p.id for p in people if p.email.startswith("nadia"))
    assert touch.stakeholder_id == "s-0" and touch.also_with == ("s-1", nadia)
    with book.store.transaction() as session:
        contacts = queries.contacts(session, NOW)
        assert {p: c.ever for p, c in contacts.items()} == {"s-0": 1, "s-1": 1, nadia: 1}
        assert queries.touches_with(session, "s-1")[0] == 1
    assert "single-threaded" not in book.coverage_gaps(NOW)[coho_id]
    Duplicates(book).merge_people("s-2", "s-1", NOW)  # Ethan was Henrik, written twice
    [touch] = _touches(book)
    assert touch.also_with == ("s-2", nadia)


def test_a_planned_meeting_done_from_today_is_with_its_people_and_title(
    open_book: OpenBook, coho, tmp_path: Path
) -> None:
    """Pass: the pilot review captured the day before it is a planned touch; Space on its
    Today row that morning logs the meeting with Rohan and Ethan, its title as the note and
    its event as the source (it logged a meeting with nobody, so coverage credited no one,
    and only the done-task rule kept the capture after it from logging it twice)."""
    from warroom.services.today import Today
    from warroom.store import queries

    book = open_book.book
    coho_id = coho(book)
    path = tmp_path / "pilot.ics"
    path.write_text(
        TWO_PEOPLE.replace("20261118T", "20261124T").replace("\n", "\r\n"), encoding="utf-8"
    )
    capture = Capture(book)
    day_before = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    logged = capture.log(capture.preview([path], day_before), day_before, add_people=False)
    assert logged.value.planned == 1, logged
    morning = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 08:00 in New York
    touch_id = Today(book).work(None, morning, coho_id).value
    [touch] = [t for t in _touches(book) if t.id == touch_id]
    assert (touch.kind, touch.stakeholder_id, touch.also_with) == ("meeting", "s-0", ("s-1",))
    assert touch.note.startswith("Pilot review (with Rohan Kapoor, Ethan Brooks")
    with book.store.transaction() as session:
        assert {p for p, c in queries.contacts(session, morning).items() if c.ever} == {
            "s-0",
            "s-1",
        }
    evening = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert capture.preview([path], evening).plan.touches == ()
