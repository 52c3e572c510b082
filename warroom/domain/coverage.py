"""Account coverage: who we really know at a whale, and the gaps a lead asks about in the
weekly review (Sales Navigator's relationship map, the seed's "the stakeholders, and people
who signed with us before").

A relationship's strength is read from the touches, not typed: how recently and how often
we had a meaningful touch with that person (0 to 5), shown beside the strength the rep
typed. The gaps: no champion, the economic buyer never met, single-threaded (one person or
none touched in RECENT_DAYS), a champion who left the account.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.domain.errors import BadInput
from warroom.domain.whales import Stakeholder

RECENT_DAYS = 90

NO_CHAMPION = "no champion"
BUYER_NEVER_MET = "economic buyer never met"
SINGLE_THREADED = "single-threaded"
CHAMPION_LEFT = "champion left"
GAPS = (CHAMPION_LEFT, NO_CHAMPION, BUYER_NEVER_MET, SINGLE_THREADED)


@dataclass(frozen=True)
class Contact:
    """Our meaningful touches with one stakeholder."""

    recent: int  # in the last RECENT_DAYS
    ever: int
    last_at: datetime | None


NONE = Contact(0, 0, None)


def strength(contact: Contact, at: datetime) -> int:
    """0 to 5: up to 3 for how recent the last meaningful touch is (two weeks, six, three
    months), up to 2 for how often in the last three months (twice, six times)."""
    if contact.last_at is None:
        return 0
    days = (at - contact.last_at) / timedelta(days=1)
    recency = 3 if days <= 14 else 2 if days <= 45 else 1 if days <= RECENT_DAYS else 0
    frequency = 2 if contact.recent >= 6 else 1 if contact.recent >= 2 else 0
    return recency + frequency


@dataclass(frozen=True)
class Coverage:
    gaps: tuple[str, ...]  # in GAPS' order
    strength: Mapping[str, int]  # stakeholder id -> 0..5 from the touches

    @property
    def words(self) -> str:
        return gap_words(self.gaps)


def gap_words(gaps: Sequence[str]) -> str:
    """What a list or a slide says of a whale's gaps."""
    return "; ".join(gaps) if gaps else "covered"


def coverage(
    people: Sequence[Stakeholder], contacts: Mapping[str, Contact], at: datetime
) -> Coverage:
    """The gaps at one whale, from its stakeholders and our touches with each."""
    present = [p for p in people if p.left_on is None]
    return Coverage(
        gaps_of(
            champion_left=any(p.role == "champion" and p.left_on is not None for p in people),
            has_champion=any(p.role == "champion" for p in present),
            buyer_met=any(
                p.role == "economic_buyer" and contacts.get(p.id, NONE).ever for p in people
            ),
            touched_lately=sum(1 for p in present if contacts.get(p.id, NONE).recent),
        ),
        {p.id: strength(contacts.get(p.id, NONE), at) for p in people},
    )


def gaps_of(
    *, champion_left: bool, has_champion: bool, buyer_met: bool, touched_lately: int
) -> tuple[str, ...]:
    """The gaps, in GAPS' order, from what is known of a whale's people: a champion who left,
    one still there, an economic buyer ever met, and how many still there we touched in
    RECENT_DAYS. The whale list reads these four in SQL (queries.coverage_gaps)."""
    found = (
        (CHAMPION_LEFT, champion_left),
        (NO_CHAMPION, not has_champion),
        (BUYER_NEVER_MET, not buyer_met),
        (SINGLE_THREADED, touched_lately <= 1),
    )
    return tuple(gap for gap, present in found if present)


def moved_in_note(person: Stakeholder, old_whale: str, touches: int, last: datetime | None) -> str:
    """What a 'champion moved in' trigger says: who, from where, and what we did together."""
    together = (
        f"{touches} touch{'es' if touches != 1 else ''} together, the last on {last:%Y-%m-%d}"
        if last is not None
        else "no touches logged together yet"
    )
    return f"{person.name} ({person.title or person.role} at {old_whale}) is now here: {together}."


def org_chart(people: Sequence[Stakeholder]) -> list[tuple[Stakeholder, int]]:
    """Everyone once, each under the one they report to (depth 0 at the top), in name
    order among peers; someone who reports to a person not listed (or round in a circle)
    stands at the top."""
    by_id = {p.id: p for p in people}
    children: dict[str | None, list[Stakeholder]] = {}
    for person in people:
        boss = person.reports_to_id if person.reports_to_id in by_id else None
        children.setdefault(boss, []).append(person)
    placed: list[tuple[Stakeholder, int]] = []
    seen: set[str] = set()

    def place(person: Stakeholder, depth: int) -> None:
        if person.id in seen:
            return
        seen.add(person.id)
        placed.append((person, depth))
        for report in sorted(children.get(person.id, []), key=lambda p: p.name.lower()):
            place(report, depth + 1)

    for top in sorted(children.get(None, []), key=lambda p: p.name.lower()):
        place(top, 0)
    for person in sorted(people, key=lambda p: p.name.lower()):  # a circle: break it at the top
        place(person, 0)
    return placed


def chart_lines(chart: Sequence[tuple[Stakeholder, int]]) -> list[tuple[Stakeholder, str]]:
    """The org chart drawn as text, each person with the lines that hang them under their
    boss ("├─ ", "│  └─ "), as `tree` draws folders; `chart` is org_chart's order."""
    last = []
    for i, (_, depth) in enumerate(chart):
        # The last of its siblings: the chart climbs above it before any later peer.
        peer = next((d for _, d in chart[i + 1 :] if d <= depth), None)
        last.append(peer != depth)
    drawn: list[tuple[Stakeholder, str]] = []
    ancestors: list[bool] = []  # per depth above: was that ancestor the last of its siblings
    gap = "\u00a0"  # no-break spaces: a PDF's text layout would fold plain ones into one
    for (person, depth), is_last in zip(chart, last, strict=True):
        del ancestors[depth:]
        lines = "".join(gap * 3 if done else "│" + gap * 2 for done in ancestors[1:])
        if depth:
            lines += ("└─" if is_last else "├─") + gap
        drawn.append((person, lines))
        ancestors.append(is_last)
    return drawn


def check_reports_to(person: Stakeholder, colleagues: Sequence[Stakeholder]) -> None:
    """BadInput when `person` would report, through their boss and theirs, back to
    themselves: an org chart has a top."""
    bosses = {p.id: p.reports_to_id for p in colleagues if p.id != person.id}
    names = {p.id: p.name for p in colleagues}
    seen: list[str] = []
    boss = person.reports_to_id
    while boss is not None and boss not in seen:
        if boss == person.id:
            chain = " → ".join(names.get(b, "?") for b in seen)
            raise BadInput(
                f"{person.name} cannot report to {chain}: {names.get(seen[-1], '?')} "
                f"reports{' up' if len(seen) > 1 else ''} to {person.name} already"
            )
        seen.append(boss)
        boss = bosses.get(boss)


def reports_of(person_id: str, colleagues: Sequence[Stakeholder]) -> set[str]:
    """Everyone who reports to `person_id`, directly or through others."""
    under: set[str] = set()
    frontier = {person_id}
    while frontier:
        frontier = {p.id for p in colleagues if p.reports_to_id in frontier} - under
        under |= frontier
    return under - {person_id}
