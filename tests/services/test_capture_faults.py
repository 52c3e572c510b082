"""Broken exports, from a fuzzing of the readers: each is a line naming the file (and the
event, message or card), the readable rest is read, nothing hangs, nothing escapes to the
terminal."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.domain.capture import address_key
from warroom.services.capture_files import read_files

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
MINE = frozenset({address_key("elena.petrova@ourco.example")})
GOOD = (
    "BEGIN:VEVENT\r\nUID:good-1\r\nSUMMARY:Good one\r\nDTSTART:20261110T150000Z\r\n"
    "ORGANIZER:mailto:elena.petrova@ourco.example\r\n"
    "ATTENDEE:mailto:rohan.kapoor@cohowineryholdings.com\r\nEND:VEVENT\r\n"
)


def _calendar(*events: str, zones: str = "") -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + zones + "".join(events) + "END:VCALENDAR\r\n"


def _read(tmp_path: Path, name: str, text: str | bytes):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return read_files([path], MINE, UTC, NOW)


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (
            "BEGIN:VEVENT\r\nUID:s\r\nSUMMARY:Every second\r\nDTSTART:20250101T100000Z\r\n"
            "RRULE:FREQ=SECONDLY\r\nEND:VEVENT\r\n",
            "repeats secondly",
        ),
        (
            "BEGIN:VEVENT\r\nUID:z\r\nSUMMARY:Zero\r\nDTSTART:20250101T100000Z\r\n"
            "RRULE:FREQ=DAILY;INTERVAL=0\r\nEND:VEVENT\r\n",
            "interval of 0",
        ),
        (
            "BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:Broken\r\nDTSTART:NOTADATE\r\nEND:VEVENT\r\n",
            "skipped",
        ),
        (
            "BEGIN:VEVENT\r\nUID:r\r\nSUMMARY:Rule\r\nDTSTART:20261101T100000Z\r\n"
            "RRULE:FREQ=BOGUS\r\nEND:VEVENT\r\n",
            "repeat rule cannot be read",
        ),
        ("BEGIN:VEVENT\r\nSUMMARY:No id\r\nDTSTART:20261101T100000Z\r\nEND:VEVENT\r\n", "no UID"),
    ],
)
def test_a_bad_event_is_one_line_and_the_good_one_is_read(
    tmp_path: Path, bad: str, why: str
) -> None:
    found = _read(tmp_path, "cal.ics", _calendar(bad, GOOD))
    assert [m.source for m in found.meetings] == ["good-1"]
    assert len(found.problems) == 1 and why in found.problems[0] and "cal.ics" in found.problems[0]


def test_a_broken_time_zone_or_alarm_costs_only_its_own_events(tmp_path: Path) -> None:
    zone = (
        "BEGIN:VTIMEZONE\r\nTZID:Broken\r\nBEGIN:STANDARD\r\nDTSTART:16011028T030000\r\n"
        "TZOFFSETFROM:+9999\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )
    alarm = (
        "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Alarm\r\nDTSTART:20261101T100000Z\r\n"
        "BEGIN:VALARM\r\nTRIGGER:garbage\r\nEND:VALARM\r\nEND:VEVENT\r\n"
    )
    found = _read(tmp_path, "cal.ics", _calendar(alarm, GOOD, zones=zone))
    assert [m.source for m in found.meetings] == ["good-1"]
    assert any("event 1: skipped" in p for p in found.problems)


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("empty.mbox", b"", "no messages in it"),
        ("empty.vcf", b"", "no cards in it"),
        ("junk.eml", bytes(range(256)) * 4, "skipped"),
        (
            "future.eml",
            b"From: a@b.example\r\nTo: elena.petrova@ourco.example\r\nMessage-ID: <x@y>\r\n"
            b"Date: Fri, 31 Dec 9999 10:00:00 +0000\r\nSubject: hi\r\n\r\nbody\r\n",
            "dated 9999-12-31",
        ),
    ],
)
def test_what_holds_nothing_readable_says_so(
    tmp_path: Path, name: str, text: bytes, said: str
) -> None:
    found = _read(tmp_path, name, text)
    assert found.files_read == 0 and len(found.problems) == 1 and said in found.problems[0]


def test_control_characters_never_reach_a_note_or_a_line(tmp_path: Path) -> None:
    """Pass: escapes and line breaks in a subject, a name or a file's name are spaces."""
    mail = (
        b"From: \x1b[31mRohan\x1b[0m <rohan.kapoor@cohowineryholdings.com>\r\n"
        b"To: elena.petrova@ourco.example\r\nMessage-ID: <c@d>\r\n"
        b"Date: Mon, 16 Nov 2026 10:00:00 +0000\r\n"
        b"Subject: =?utf-8?q?Hello=0Awarroom:_fake=07?=\r\n\r\nbody\r\n"
    )
    found = _read(tmp_path, "odd\nname.eml", mail)
    (message,) = found.messages
    assert "\n" not in message.subject and "\x07" not in message.subject
    assert "\x1b" not in message.sender.name
    broken = _read(tmp_path, "also\nodd.eml", b"\x00\x01")
    assert all("\n" not in line for line in broken.problems)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_named_like_a_calendar_is_not_read(tmp_path: Path) -> None:
    """Pass: reading it would block for ever; it is refused at once."""
    pipe = tmp_path / "x.ics"
    os.mkfifo(pipe)
    found = read_files([pipe], MINE, UTC, NOW)
    assert found.problems == [f"{pipe}: not a file"]


def test_a_mailbox_message_with_no_date_takes_its_from_lines(tmp_path: Path) -> None:
    """Pass: the mbox separator's date (when the message was stored) stands in for a
    missing Date header."""
    box = (
        b"From rohan.kapoor@cohowineryholdings.com Mon Nov 16 13:00:00 2026\n"
        b"From: Rohan Kapoor <rohan.kapoor@cohowineryholdings.com>\n"
        b"To: elena.petrova@ourco.example\nMessage-ID: <nd@x>\nSubject: No date\n\nHi\n"
    )
    found = _read(tmp_path, "box.mbox", box)
    (message,) = found.messages
    assert message.sent_at == datetime(2026, 11, 16, 13, 0, tzinfo=UTC) and not found.problems
