"""Reading what calendar and mail programs export: .ics calendars, .eml messages, .mbox
mailboxes and .vcf cards, into the plain records domain.capture plans with.

Each file that cannot be read, and each broken message in a mailbox, is one line in
`problems` ("FILE: why"); the rest is read. Calendars are expanded with their recurrences
and exceptions over a window around now; times without a zone (floating) are the rep's.
"""

from __future__ import annotations

import email
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.policy import default as email_policy
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import Any

from warroom.domain.capture import Meeting, Message, Person, address_key

# Meetings this far back and ahead are read; older history is not a touch worth logging now,
# and a plan further out than a quarter is not a plan.
PAST = timedelta(days=730)
AHEAD = timedelta(days=92)
ALL_DAY_HOUR = time(12, 0)  # an all-day event is a touch at noon of its day
# A message dated further ahead than a clock's error, or before mail was common, is not one
# this rep sent or got: its date is broken.
SLACK = timedelta(days=1)
OLDEST = timedelta(days=365 * 30)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CARD = re.compile(r"BEGIN:VCARD.*?END:VCARD", re.IGNORECASE | re.DOTALL)
_EVENT_BLOCK = re.compile(rb"BEGIN:VEVENT.*?END:VEVENT\r?\n?", re.IGNORECASE | re.DOTALL)
_ZONE_BLOCK = re.compile(rb"BEGIN:VTIMEZONE.*?END:VTIMEZONE\r?\n?", re.IGNORECASE | re.DOTALL)


@dataclass
class Found:
    meetings: list[Meeting] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    cards: list[Person] = field(default_factory=list)  # people from .vcf cards
    problems: list[str] = field(default_factory=list)
    files_read: int = 0


Progress = Callable[[int, int], bool]  # (done, total) -> carry on?


def read_files(
    paths: list[Path],
    mine: frozenset[str],
    zone: tzinfo,
    now: datetime,
    progress: Progress | None = None,
) -> Found:
    """Everything readable in `paths`; `mine` are the rep's addresses (as address_key), to
    know which invitations they declined. `progress` may stop the reading (returns False)."""
    found = Found()
    for number, path in enumerate(paths):
        if progress is not None and not progress(number, len(paths)):
            break
        try:
            if path.exists() and not path.is_file():
                # A folder, a pipe, a device: reading it could block or mean nothing.
                found.problems.append(f"{_plain(str(path))}: not a file")
                continue
            data = path.read_bytes()
        except OSError as exc:
            found.problems.append(f"{_plain(str(path))}: cannot be read ({exc.strerror or exc})")
            continue
        kind = _kind(path, data)
        if kind == "ics":
            read = _read_calendar(path, data, mine, zone, now, found)
        elif kind == "eml":
            read = _read_message(path, data, found, path.name, now)
        elif kind == "mbox":

            def going(number: int = number) -> bool:
                return progress is None or progress(number, len(paths))

            read = _read_mailbox(path, found, now, going)
        elif kind == "vcf":
            read = _read_cards(path, data, found)
        else:
            found.problems.append(
                f"{path}: not a calendar (.ics), message (.eml), mailbox (.mbox) or vCard (.vcf)"
            )
            read = False
        found.files_read += read
    found.problems = [_plain(problem) for problem in found.problems]  # a path may hold a break
    return found


def _kind(path: Path, data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \r\n\t").upper()
    if head.startswith(b"BEGIN:VCALENDAR"):
        return "ics"
    if head.startswith(b"BEGIN:VCARD"):
        return "vcf"
    if data.startswith(b"From "):
        return "mbox"
    suffix = path.suffix.lower()
    if suffix == ".eml" or any(
        line.split(b":", 1)[0].strip().lower() in (b"message-id", b"from", b"received")
        for line in data[:4096].splitlines()[:40]
        if b":" in line
    ):
        return "eml"
    return {".ics": "ics", ".vcf": "vcf", ".mbox": "mbox"}.get(suffix, "")


# --- calendars -------------------------------------------------------------------------------


def _read_calendar(
    path: Path, data: bytes, mine: frozenset[str], zone: tzinfo, now: datetime, found: Found
) -> bool:
    import icalendar

    whole = data.rstrip().upper().endswith(b"END:VCALENDAR") or not data.strip()
    if not whole:
        # Cut short (a copy that stopped, a full disk): read the events before the cut.
        last = data.upper().rfind(b"END:VEVENT")
        if last > 0:
            data = data[: last + len(b"END:VEVENT")] + b"\r\nEND:VCALENDAR\r\n"
    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except Exception as exc:  # the parser raises anything on a broken file
        calendars = _piece_by_piece(path, data, found)
        if not calendars:
            found.problems.append(f"{path}: not a readable calendar ({_first_line(exc)})")
            return False
    if not whole:
        found.problems.append(
            f"{path}: the calendar is cut short; the events before the cut are read"
        )
    if not any(True for calendar in calendars for _ in calendar.walk("VEVENT")):
        found.problems.append(f"{path}: no events in it")
    for calendar in calendars:
        for events in _series(calendar):
            _read_series(path, calendar, events, mine, zone, now, found)
    return True


def _piece_by_piece(path: Path, data: bytes, found: Found) -> list[Any]:
    """A calendar the parser refused whole (a broken time zone or alarm, say), read one
    event at a time with the time zones that can be read: each event that cannot be is a
    line of its own."""
    import icalendar

    zones = b"".join(
        block
        for block in _ZONE_BLOCK.findall(data)
        if _parses(b"BEGIN:VCALENDAR\r\n" + block + b"\r\nEND:VCALENDAR")
    )
    calendars = []
    for number, block in enumerate(_EVENT_BLOCK.findall(data), start=1):
        text = b"BEGIN:VCALENDAR\r\n" + zones + block + b"\r\nEND:VCALENDAR\r\n"
        try:
            calendars.append(icalendar.Calendar.from_ical(text))
        except Exception as exc:  # this event alone is broken
            found.problems.append(f"{path}, event {number}: skipped ({_first_line(exc)})")
    return calendars


def _parses(text: bytes) -> bool:
    import icalendar

    try:
        icalendar.Calendar.from_ical(text)
    except Exception:  # a broken block: left out
        return False
    return True


def _series(calendar: Any) -> list[list[Any]]:
    """The calendar's events grouped by UID: a series with its moved or cancelled
    occurrences, read (and failing) apart from the others."""
    groups: dict[str, list[Any]] = {}
    for event in calendar.walk("VEVENT"):
        groups.setdefault(str(event.get("UID", "")), []).append(event)
    return list(groups.values())


def _read_series(
    path: Path,
    calendar: Any,
    events: list[Any],
    mine: frozenset[str],
    zone: tzinfo,
    now: datetime,
    found: Found,
) -> None:
    import icalendar
    import recurring_ical_events

    uid = str(events[0].get("UID", ""))
    name = _plain(str(events[0].get("SUMMARY", "")).strip()) or "(no title)"
    label = f"event {name!r}"
    if not uid:
        found.problems.append(
            f"{path}: {label} skipped (it has no UID, so capturing again could not know it)"
        )
        return
    try:
        why = _too_often(events)
    except Exception as exc:  # a rule the parser could not read
        why = f"its repeat rule cannot be read: {_first_line(exc)}"
    if why:
        found.problems.append(f"{path}: {label} skipped ({why})")
        return
    series = icalendar.Calendar()
    for zone_part in calendar.walk("VTIMEZONE"):
        series.add_component(zone_part)
    for event in events:
        series.add_component(event)
    try:
        occurrences = recurring_ical_events.of(series).between(now - PAST, now + AHEAD)
    except Exception as exc:  # a broken date, rule or zone in this series only
        found.problems.append(f"{path}: {label} skipped ({_first_line(exc)})")
        return
    # A one-off event is known by its UID alone, so moving it does not make it new; an
    # occurrence of a series by its UID and the start it was planned at.
    repeats = any(e.get("RRULE") or e.get("RDATE") or e.get("RECURRENCE-ID") for e in events)
    for event in occurrences:
        try:
            found.meetings.append(_meeting(event, mine, zone, repeats))
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            found.problems.append(f"{path}: {label} skipped ({_first_line(exc)})")
            return


def _too_often(events: list[Any]) -> str:
    """Why a series repeats too often to be meetings (and too often to expand), if it does."""
    for event in events:
        rule = event.get("RRULE")
        if rule is None:
            continue
        rules = rule if isinstance(rule, list) else [rule]
        for one in rules:
            freq = str((one.get("FREQ") or [""])[0]).upper()
            interval = (one.get("INTERVAL") or [1])[0]
            if freq in ("SECONDLY", "MINUTELY", "HOURLY"):
                return f"it repeats {freq.lower()}: not a meeting series"
            if not isinstance(interval, int) or interval < 1:
                return f"it repeats at an interval of {interval!r}"
    return ""


def _meeting(event: Any, mine: frozenset[str], zone: tzinfo, repeats: bool) -> Meeting:
    start_value = event["DTSTART"].dt
    all_day = isinstance(start_value, date) and not isinstance(start_value, datetime)
    start = _moment(start_value, zone)
    uid = str(event["UID"])
    recurrence = event.get("RECURRENCE-ID")
    if repeats and recurrence is not None:
        source = f"{uid}#{_moment(recurrence.dt, zone).isoformat()}"
    else:
        source = uid
    people: list[Person] = []
    declined_by_me = False
    organizer = event.get("ORGANIZER")
    if organizer is not None:
        people.append(_person(organizer))
    attendees = event.get("ATTENDEE") or []
    for attendee in attendees if isinstance(attendees, list) else [attendees]:
        person = _person(attendee)
        declined = str(attendee.params.get("PARTSTAT", "")).upper() == "DECLINED"
        if declined and address_key(person.address) in mine:
            declined_by_me = True
        if not declined:
            people.append(person)
    return Meeting(
        source=source,
        start=start,
        title=_plain(str(event.get("SUMMARY", ""))) or "(no title)",
        people=tuple(dict.fromkeys(people)),
        all_day=all_day,
        cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
        declined_by_me=declined_by_me,
    )


def _moment(value: date | datetime, zone: tzinfo) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, ALL_DAY_HOUR, zone)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)  # floating


def _person(address: Any) -> Person:
    text = str(address)
    if text.lower().startswith("mailto:"):
        text = text[7:]
    name = _plain(str(getattr(address, "params", {}).get("CN", ""))).strip('"')
    return Person(text.strip(), name)


# --- mail ------------------------------------------------------------------------------------


def _read_mailbox(path: Path, found: Found, now: datetime, going: Callable[[], bool]) -> bool:
    """Each message of an mbox file, read line by line (never opened for writing, never
    whole in memory): a message starts at a "From " line after a blank one. `going` is
    asked every few hundred messages: a big mailbox can be cancelled midway."""
    read = False
    number = 0
    lines: list[bytes] = []
    stored: list[datetime | None] = [None]  # the "From " line's date, for a message with none

    def flush() -> None:
        nonlocal read, number
        if lines:
            number += 1
            text = b"".join(lines)
            which = f"message {number}"
            read |= _read_message(path, text, found, which, now, inside=True, stored=stored[0])
            lines.clear()

    try:
        with path.open("rb") as file:
            blank = True
            for line in file:
                if line.startswith(b"From ") and blank:
                    flush()
                    stored[0] = _from_line_date(line)
                    if number % 200 == 199 and not going():
                        break
                else:
                    lines.append(line[1:] if line.startswith(b">From ") else line)
                blank = line in (b"\n", b"\r\n")
            flush()
    except OSError as exc:
        found.problems.append(f"{path}: not a readable mailbox ({exc.strerror or exc})")
        return False
    if number == 0:
        found.problems.append(f"{path}: no messages in it")
    return read


def _read_message(
    path: Path,
    data: bytes,
    found: Found,
    which: str,
    now: datetime,
    inside: bool = False,
    stored: datetime | None = None,
) -> bool:
    where = f"{path}, {which}" if inside else str(path)
    try:
        message = email.message_from_bytes(data, policy=email_policy)
        assert isinstance(message, EmailMessage)
        if not message.keys():
            raise ValueError("not a mail message: it has no headers")
        found.messages.append(_message(message, data, now, stored))
    except Exception as exc:  # a broken header raises from deep in email
        found.problems.append(f"{where}: skipped ({_first_line(exc)})")
        return False
    return True


def _message(
    message: EmailMessage, data: bytes, now: datetime, stored: datetime | None = None
) -> Message:
    sent = message.get("Date")
    if not sent and stored is None:
        raise ValueError("it has no date")
    sent_at = parsedate_to_datetime(str(sent)) if sent else stored
    assert sent_at is not None
    if sent_at.tzinfo is None:
        raise ValueError(f"its date {_plain(str(sent))[:40]!r} has no zone")
    if sent_at > now + SLACK or sent_at < now - OLDEST:
        raise ValueError(f"it is dated {sent_at:%Y-%m-%d}: not a date it could have been sent")
    senders = _people(_raw(message, "from"))
    if not senders:
        raise ValueError("it has no sender")
    message_id = str(message.get("Message-ID", "")).strip().strip("<>")
    source = message_id or "sha1:" + hashlib.sha1(data).hexdigest()
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return Message(
        source=source,
        sent_at=sent_at,
        sender=senders[0],
        recipients=tuple(_people([*_raw(message, "to"), *_raw(message, "cc")])),
        subject=_plain(str(message.get("Subject", ""))) or "(no subject)",
        bulk=bool(message.get("List-Id"))
        or auto not in ("", "no")
        or precedence in ("bulk", "list", "junk"),
    )


def _raw(message: EmailMessage, name: str) -> list[str]:
    """A header's values as sent, encoded words decoded: the parsed form of an address
    header with a stray control character loses the address itself."""
    found = []
    for key, value in message.raw_items():
        if key.lower() == name:
            try:
                found.append(str(make_header(decode_header(str(value)))))
            except (ValueError, LookupError, UnicodeError):
                found.append(str(value))
    return found


def _from_line_date(line: bytes) -> datetime | None:
    """The time an mbox "From sender Mon Nov 16 10:00:00 2026" line says the message was
    stored (UTC, as mbox writers keep it); None when it says none that can be read."""
    words = line.decode("ascii", errors="replace").split()
    try:
        return datetime.strptime(" ".join(words[-5:]), "%a %b %d %H:%M:%S %Y").replace(tzinfo=UTC)
    except ValueError:
        return None


def _people(values: list[Any]) -> list[Person]:
    return [
        Person(_plain(address), _plain(name))
        for name, address in getaddresses([_CONTROL.sub(" ", str(v)) for v in values])
        if "@" in address
    ]


# --- cards -----------------------------------------------------------------------------------


def _read_cards(path: Path, data: bytes, found: Found) -> bool:
    """Each card on its own: one broken card is one line, the others are read."""
    import vobject

    text = data.decode("utf-8-sig", errors="replace")
    cards = [c for c in _CARD.findall(text)]
    if not cards:
        found.problems.append(f"{path}: no cards in it")
        return False
    read = False
    for number, raw in enumerate(cards, start=1):
        try:
            card = vobject.readOne(raw)
            name = _plain(str(getattr(getattr(card, "fn", None), "value", "")))
            title = _plain(str(getattr(getattr(card, "title", None), "value", "")))
            found.cards.extend(Person(line, name, title) for line in _emails(card))
            read = True
        except Exception as exc:  # vobject raises its own and Python's errors
            found.problems.append(f"{path}, card {number}: skipped ({_first_line(exc)})")
    return read


def _emails(card: Any) -> Iterator[str]:
    for line in card.contents.get("email", []):
        value = str(line.value).strip()
        if "@" in value:
            yield value


def _first_line(exc: BaseException) -> str:
    text = _plain(str(exc))
    return text[:100] if text else type(exc).__name__


def _plain(text: str) -> str:
    """One line of printable text: control characters (escapes that would drive a terminal,
    line breaks that would split a line) become spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())
