"""Capture: which meetings and messages from a rep's calendar and mail are touches, on which
whale, with whom, of which kind; and which were logged already.

Pure rules over what the readers found (services.capture_files) and what the book knows
(stakeholders' addresses, whales' web domains, the rep's own addresses); time comes in as an
argument. A participant is a stakeholder when their address matches (case-insensitively,
plus-addressing and Gmail's dots aside); an unknown address at a whale's web domain is
offered as a new stakeholder there, never added silently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from warroom.domain.errors import BadInput

GMAIL = frozenset({"gmail.com", "googlemail.com"})
ADDRESS_MAX = 320  # RFC 5321's longest path

# Why something was not captured, as the preview and `--json` say it.
CANCELLED = "cancelled"
DECLINED = "you declined it"
ALL_DAY = "an all-day event naming no stakeholder"
INTERNAL = "only your own team"
BULK = "a mailing list, newsletter or auto-reply"
NOT_MINE = "neither from you nor to you"
NO_WHALE = "no one from a whale"
DELETED = "deleted in the app since it was captured"
NO_DATE = "no date"


def address_key(address: str) -> str:
    """An address as it is matched: lower case, no '+tag', and for Gmail no dots."""
    local, at, domain = address.strip().strip("<>").lower().rpartition("@")
    if not at or not local:
        return address.strip().lower()
    local = local.split("+", 1)[0]
    if domain in GMAIL:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def domain_of(address: str) -> str:
    return address_key(address).rpartition("@")[2]


def addresses_in(text: str) -> tuple[str, ...]:
    """A rep's addresses as the book keeps them: one field, separated by commas."""
    return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())


def keys_of(field: str) -> frozenset[str]:
    """A rep's addresses (as the book keeps them) as they are matched."""
    return frozenset(address_key(a) for a in addresses_in(field))


def my_addresses(addresses: Iterable[str]) -> str:
    """A rep's addresses, each checked, as the one field the book keeps them in (none, to
    clear them, from a settings field left empty)."""
    return ", ".join(dict.fromkeys(check_address(a) for a in addresses))


def check_address(text: str) -> str:
    """One email address, trimmed; BadInput naming it when it is not one."""
    address = text.strip().strip("<>")
    if not address:
        raise BadInput("an email address is empty (write e.g. avery@ourco.com)")
    local, at, domain = address.rpartition("@")
    if not at or not local or "." not in domain or " " in address or "," in address:
        raise BadInput(f"{text[:80]!r} is not an email address (write e.g. avery@ourco.com)")
    if len(address) > ADDRESS_MAX:
        raise BadInput(f"an email address is at most {ADDRESS_MAX} characters")
    return address


@dataclass(frozen=True)
class Person:
    address: str
    name: str = ""
    title: str = ""  # from a card


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a calendar event."""

    source: str  # the event's UID, and its recurrence when it repeats
    start: datetime
    title: str
    people: tuple[Person, ...]  # organizer and attendees, those who declined left out
    all_day: bool = False
    cancelled: bool = False
    declined_by_me: bool = False


@dataclass(frozen=True)
class Message:
    source: str  # the Message-ID
    sent_at: datetime
    sender: Person
    recipients: tuple[Person, ...]  # To and Cc
    subject: str
    bulk: bool = False  # List-Id, Auto-Submitted or Precedence: bulk


@dataclass(frozen=True)
class Stakeholder:
    id: str
    whale_id: str
    name: str


@dataclass(frozen=True)
class Known:
    """What the book knows to match by."""

    stakeholders: Mapping[str, Stakeholder]  # by address_key
    whale_domains: Mapping[str, str]  # web domain -> whale id
    whale_names: Mapping[str, str]  # whale id -> name
    mine: frozenset[str]  # the rep's own addresses, as address_key
    logged: Mapping[tuple[str, str], bool]  # touches: (source, whale id) -> live, or deleted
    planned: Mapping[tuple[str, str], bool] = field(default_factory=dict)  # the same, tasks


@dataclass(frozen=True)
class Captured:
    """A touch (or, in the future, a planned touch) to log."""

    whale_id: str
    kind: str
    at: datetime
    source: str
    note: str
    stakeholder_id: str | None = None
    new_address: str = ""  # with a new person at the whale, when no stakeholder is known
    planned: bool = False
    # The other people at the whale met or written with it: stakeholders by id, and new
    # people by address (credited once added). A meeting with two of them is two threads.
    also_with: tuple[str, ...] = ()
    also_new: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewPerson:
    whale_id: str
    address: str
    name: str
    title: str = ""


@dataclass(frozen=True)
class Skipped:
    what: str  # "meeting 'Budget review' on 2026-11-03" or a message's subject and date
    why: str


@dataclass(frozen=True)
class Plan:
    touches: tuple[Captured, ...]  # past: logged as touches
    planned: tuple[Captured, ...]  # future meetings: planned touches
    already_logged: int
    new_people: tuple[NewPerson, ...]
    unmatched: Mapping[str, int]  # address at no known whale -> times seen
    skipped: tuple[Skipped, ...]
    # Captured before and deleted in the app since (by hand, or by undoing the capture):
    # skipped unless the rep asks for them again.
    deleted: tuple[Captured, ...] = ()

    def without_new_people(self) -> Plan:
        """The plan when the new people are not added: their touches wait for them."""
        return Plan(
            tuple(c for c in self.touches if not c.new_address),
            tuple(c for c in self.planned if not c.new_address),
            self.already_logged,
            (),
            self.unmatched,
            self.skipped,
            tuple(c for c in self.deleted if not c.new_address),
        )

    def again(self) -> Plan:
        """The plan with what was deleted since it was captured logged again: a capture taken
        back with Ctrl+Z, then made again (with the new people ticked, say)."""
        return Plan(
            self.touches + tuple(c for c in self.deleted if not c.planned),
            self.planned + tuple(c for c in self.deleted if c.planned),
            self.already_logged,
            self.new_people,
            self.unmatched,
            tuple(s for s in self.skipped if s.why != DELETED),
        )


_Said = tuple[str, str, str]  # an item's source, its title, and how a skip names it


@dataclass
class _Planning:
    known: Known
    now: datetime
    touches: list[Captured] = field(default_factory=list)
    planned: list[Captured] = field(default_factory=list)
    already: int = 0
    new_people: dict[str, NewPerson] = field(default_factory=dict)
    unmatched: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    deleted: list[Captured] = field(default_factory=list)
    seen: set[tuple[str, str]] = field(default_factory=set)

    def skip(self, what: str, why: str) -> None:
        self.skipped.append(Skipped(what, why))

    def by_whale(self, people: Iterable[Person]) -> dict[str, list[Person]] | None:
        """The outside people grouped by the whale they are at; None when everyone is on our
        side (internal). Unknown outsiders are counted as unmatched."""
        known = self.known
        ours = {domain_of(a) for a in known.mine}
        found: dict[str, list[Person]] = {}
        outside = False
        for person in people:
            key = address_key(person.address)
            if key in known.mine or domain_of(key) in ours:
                continue
            outside = True
            stakeholder = known.stakeholders.get(key)
            whale_id = (
                stakeholder.whale_id if stakeholder else known.whale_domains.get(domain_of(key))
            )
            if whale_id is None:
                self.unmatched[key] += 1
                continue
            found.setdefault(whale_id, []).append(person)
        return found if outside else None

    def whales_of(self, people: Iterable[Person], what: str) -> dict[str, list[Person]]:
        """by_whale, with a skip said for an item of our own team only or at no whale."""
        groups = self.by_whale(people)
        if groups is None:
            self.skip(what, INTERNAL)
        elif not groups:
            self.skip(what, NO_WHALE)
        return groups or {}

    def add(
        self, whale_id: str, people: list[Person], kind: str, at: datetime, said: _Said
    ) -> None:
        """One touch at a whale for an event or message, unless logged already; everyone at
        the whale not yet a stakeholder is offered as a new person there."""
        source, title, what = said
        key = (source, whale_id)
        if key in self.seen:
            return  # the same occurrence in two files, or the same message twice
        self.seen.add(key)
        stakeholders = self.known.stakeholders
        # Everyone at the whale not yet a stakeholder is offered, logged before or not: a
        # capture without them, then one with them, still adds them.
        strangers = [p for p in people if address_key(p.address) not in stakeholders]
        for person in strangers:
            address = address_key(person.address)
            name = person.name or address.partition("@")[0].replace(".", " ").title()
            self.new_people.setdefault(address, NewPerson(whale_id, address, name))
        # A meeting planned before it happened is logged as a touch once it has.
        live = self.known.logged.get(key)
        if live is None and at > self.now:
            live = self.known.planned.get(key)
        if live:
            self.already += 1
            return
        matched = [
            stakeholders[address_key(p.address)]
            for p in people
            if address_key(p.address) in stakeholders
        ]
        names = [s.name for s in matched] or [p.name or p.address for p in people]
        note = f"{title} (with {', '.join(dict.fromkeys(names))})"[:500]
        new_address = "" if matched else address_key(strangers[0].address)
        met = list(dict.fromkeys(s.id for s in matched))
        captured = Captured(
            whale_id,
            kind,
            at,
            source,
            note,
            met[0] if met else None,
            new_address,
            planned=at > self.now,
            also_with=tuple(met[1:]),
            also_new=tuple(
                dict.fromkeys(
                    address
                    for address in (address_key(p.address) for p in strangers)
                    if address != new_address
                )
            ),
        )
        if live is not None:  # only deleted rows hold it
            self.skip(what, DELETED)
            self.deleted.append(captured)
            return
        (self.planned if captured.planned else self.touches).append(captured)


def plan(
    meetings: Iterable[Meeting],
    messages: Iterable[Message],
    cards: Iterable[Person],
    known: Known,
    now: datetime,
) -> Plan:
    """What capturing these would log, given the book: see the module. A card (.vcf) at a
    whale's web domain, not yet a stakeholder, is offered as a new person there."""
    planning = _Planning(known, now)
    for meeting in meetings:
        _plan_meeting(planning, meeting)
    for message in messages:
        _plan_message(planning, message)
    for card in cards:
        key = address_key(card.address)
        whale_id = known.whale_domains.get(domain_of(key))
        if whale_id is not None and key not in known.stakeholders and key not in known.mine:
            name = card.name or key.partition("@")[0]
            offered = planning.new_people.get(key)
            if offered is None or not offered.title:  # a card says more than an invitation
                planning.new_people[key] = NewPerson(whale_id, key, name, card.title)
    return Plan(
        tuple(planning.touches),
        tuple(planning.planned),
        planning.already,
        tuple(planning.new_people.values()),
        dict(planning.unmatched.most_common()),
        tuple(planning.skipped),
        tuple(planning.deleted),
    )


def _plan_meeting(planning: _Planning, meeting: Meeting) -> None:
    what = f"meeting {meeting.title!r} on {meeting.start:%Y-%m-%d}"
    if meeting.cancelled:
        planning.skip(what, CANCELLED)
        return
    if meeting.declined_by_me:
        planning.skip(what, DECLINED)
        return
    known = planning.known
    if meeting.all_day:
        names = [s.name.lower() for s in known.stakeholders.values()]
        attending = any(address_key(p.address) in known.stakeholders for p in meeting.people)
        if not attending and not any(n and n in meeting.title.lower() for n in names):
            planning.skip(what, ALL_DAY)
            return
    groups = planning.whales_of(meeting.people, what)
    for whale_id, people in groups.items():
        said = (meeting.source, meeting.title, what)
        planning.add(whale_id, people, "meeting", meeting.start, said)


def _plan_message(planning: _Planning, message: Message) -> None:
    what = f"email {message.subject!r} of {message.sent_at:%Y-%m-%d}"
    if message.bulk:
        planning.skip(what, BULK)
        return
    mine = planning.known.mine
    if address_key(message.sender.address) in mine:
        kind, people = "email_sent", list(message.recipients)
    elif any(address_key(p.address) in mine for p in message.recipients):
        kind, people = "email_reply", [message.sender]
    else:
        planning.skip(what, NOT_MINE)
        return
    groups = planning.whales_of(people, what)
    # A message is past by nature: a clock ahead on the sender's side does not make it a plan.
    at = min(message.sent_at, planning.now)
    for whale_id, found in groups.items():
        planning.add(whale_id, found, kind, at, (message.source, message.subject, what))
