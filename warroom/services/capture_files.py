"""Reading what calendar and mail programs export: .ics calendars, .eml messages, .mbox
mailboxes and .vcf cards, into the plain records domain.capture plans with.

Each file that cannot be read, and each broken message in a mailbox, is one line in
`problems` ("FILE: why"); the rest is read. Calendars are expanded with their recurrences
and exceptions over a window around now; times without a zone (floating) are the rep's.
"""

from __future__ import annotations

import email
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
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
            data = path.read_bytes()
        except OSError as exc:
            found.problems.append(f"{path}: cannot be read ({exc.strerror or exc})")
            continue
        kind = _kind(path, data)
        if kind == "ics":
            read = _read_calendar(path, data, mine, zone, now, found)
        elif kind == "eml":
            read = _read_message(path, data, found, path.name)
        elif kind == "mbox":

            def going(number: int = number) -> bool:
                return progress is None or progress(number, len(paths))

            read = _read_mailbox(path, found, going)
        elif kind == "vcf":
            read = _read_cards(path, data, found)
        else:
            found.problems.append(
                f"{path}: not a calendar (.ics), message (.eml), mailbox (.mbox) or vCard (.vcf)"
            )
            read = False
        found.files_read += read
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
    import recurring_ical_events

    whole = data.rstrip().upper().endswith(b"END:VCALENDAR")
    if not whole:
        # Cut short (a copy that stopped, a full disk): read the events before the cut.
        last = data.upper().rfind(b"END:VEVENT")
        if last > 0:
            data = data[: last + len(b"END:VEVENT")] + b"\r\nEND:VCALENDAR\r\n"
    try:
        calendar = icalendar.Calendar.from_ical(data)
        occurrences = list(recurring_ical_events.of(calendar).between(now - PAST, now + AHEAD))
    except Exception as exc:  # the parsers raise anything on a broken file
        found.problems.append(f"{path}: not a readable calendar ({_first_line(exc)})")
        return False
    if not whole:
        found.problems.append(
            f"{path}: the calendar is cut short; the events before the cut are read"
        )
    for event in occurrences:
        if event.name != "VEVENT":
            continue
        try:
            found.meetings.append(_meeting(event, mine, zone))
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            uid = str(event.get("UID", "?"))
            found.problems.append(f"{path}: event {uid} skipped ({_first_line(exc)})")
    return True


def _meeting(event: Any, mine: frozenset[str], zone: tzinfo) -> Meeting:
    start_value = event["DTSTART"].dt
    all_day = isinstance(start_value, date) and not isinstance(start_value, datetime)
    start = _moment(start_value, zone)
    uid = str(event["UID"])
    recurrence = event.get("RECURRENCE-ID")
    source = uid if recurrence is None else f"{uid}#{_moment(recurrence.dt, zone).isoformat()}"
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
        title=str(event.get("SUMMARY", "")).strip() or "(no title)",
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
    name = str(getattr(address, "params", {}).get("CN", "")).strip().strip('"')
    return Person(text.strip(), name)


# --- mail ------------------------------------------------------------------------------------


def _read_mailbox(path: Path, found: Found, going: Callable[[], bool]) -> bool:
    """Each message of an mbox file, read line by line (never opened for writing, never
    whole in memory): a message starts at a "From " line after a blank one. `going` is
    asked every few hundred messages: a big mailbox can be cancelled midway."""
    read = False
    number = 0
    lines: list[bytes] = []

    def flush() -> None:
        nonlocal read, number
        if lines:
            number += 1
            read |= _read_message(path, b"".join(lines), found, f"message {number}", inside=True)
            lines.clear()

    try:
        with path.open("rb") as file:
            blank = True
            for line in file:
                if line.startswith(b"From ") and blank:
                    flush()
                    if number % 200 == 199 and not going():
                        break
                else:
                    lines.append(line[1:] if line.startswith(b">From ") else line)
                blank = line in (b"\n", b"\r\n")
            flush()
    except OSError as exc:
        found.problems.append(f"{path}: not a readable mailbox ({exc.strerror or exc})")
        return False
    return read


def _read_message(path: Path, data: bytes, found: Found, which: str, inside: bool = False) -> bool:
    where = f"{path}, {which}" if inside else str(path)
    try:
        message = email.message_from_bytes(data, policy=email_policy)
        assert isinstance(message, EmailMessage)
        found.messages.append(_message(message, data))
    except Exception as exc:  # a broken header raises from deep in email
        found.problems.append(f"{where}: skipped ({_first_line(exc)})")
        return False
    return True


def _message(message: EmailMessage, data: bytes) -> Message:
    sent = message.get("Date")
    if not sent:
        raise ValueError("it has no date")
    sent_at = parsedate_to_datetime(str(sent))
    if sent_at.tzinfo is None:
        raise ValueError(f"its date {sent!s} has no zone")
    senders = _people(message.get_all("From", []))
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
        recipients=tuple(_people([*message.get_all("To", []), *message.get_all("Cc", [])])),
        subject=str(message.get("Subject", "")).strip() or "(no subject)",
        bulk=bool(message.get("List-Id"))
        or auto not in ("", "no")
        or precedence in ("bulk", "list", "junk"),
    )


def _people(values: list[Any]) -> list[Person]:
    return [
        Person(address, name)
        for name, address in getaddresses([str(v) for v in values])
        if "@" in address
    ]


# --- cards -----------------------------------------------------------------------------------


def _read_cards(path: Path, data: bytes, found: Found) -> bool:
    import vobject

    try:
        text = data.decode("utf-8-sig", errors="replace")
        cards = list(vobject.readComponents(text))
    except Exception as exc:  # vobject raises its own and Python's errors
        found.problems.append(f"{path}: not a readable vCard file ({_first_line(exc)})")
        return False
    for card in cards:
        name = str(getattr(getattr(card, "fn", None), "value", "")).strip()
        for line in _emails(card):
            found.cards.append(Person(line, name))
    return True


def _emails(card: Any) -> Iterator[str]:
    for line in card.contents.get("email", []):
        value = str(line.value).strip()
        if "@" in value:
            yield value


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:100] if text else type(exc).__name__
