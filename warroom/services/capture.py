"""Capture: touches from calendar and mail exports, previewed, then logged in one transaction.

`preview` reads the files (services.capture_files) and plans what they would log
(domain.capture) without writing; `log` writes a preview's touches, planned touches and the
new people the rep accepted, as one edit (one undo step in the app). Capturing the same files
again adds nothing: each touch keeps its source, and a captured touch the rep edited or
deleted since stays as the rep left it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from warroom.domain.cadence import ENGAGING_KINDS
from warroom.domain.capture import Captured, Known, Plan, keys_of, plan
from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput
from warroom.domain.kinds import TOUCH_LABELS
from warroom.domain.records import Rep, others_with
from warroom.domain.text import clean_name
from warroom.domain.words import plural
from warroom.services.book import Book
from warroom.services.capture_files import Progress, read_files
from warroom.services.ids import new_id
from warroom.store import cadences as cadence_store
from warroom.store import captured, edits
from warroom.store import today as today_store
from warroom.store.db import Session

NO_ADDRESS = (
    "your own email addresses are not set, so capture cannot tell your side of a meeting or "
    "message: run 'warroom me NAME --email ADDRESS' or set them in File > Settings"
)


@dataclass(frozen=True)
class Preview:
    plan: Plan
    problems: tuple[str, ...]  # one line per file or message that could not be read
    files: int  # files asked for
    files_read: int  # of them, read at least in part
    whale_names: dict[str, str]
    stakeholder_names: dict[str, str]  # id -> name, of the stakeholders matched
    rep: Rep


@dataclass(frozen=True)
class Logged:
    added: int
    planned: int
    people: int


class Capture:
    def __init__(self, book: Book) -> None:
        self.book = book

    def preview(self, paths: list[Path], at: datetime, progress: Progress | None = None) -> Preview:
        """What capturing `paths` would log for this laptop's rep, as of `at`; nothing is
        written. BadInput when the rep or their addresses are not set."""
        rep = self.book.me()
        if rep is None:
            raise BadInput("say who you are first: 'warroom me NAME --email ADDRESS'")
        mine = keys_of(rep.email)
        if not mine:
            raise BadInput(NO_ADDRESS)
        found = read_files(paths, mine, ZoneInfo(rep.timezone), at, progress)
        sources = [m.source for m in found.meetings] + [m.source for m in found.messages]
        with self.book.store.transaction() as session:
            known = captured.known(session, mine, sources)
        planned = plan(found.meetings, found.messages, found.cards, known, at)
        return Preview(
            planned,
            tuple(found.problems),
            len(paths),
            found.files_read,
            dict(known.whale_names),
            {s.id: s.name for s in known.stakeholders.values()},
            rep,
        )

    def log(
        self, preview: Preview, at: datetime, *, add_people: bool, again: bool = False
    ) -> Done[Logged]:
        """Write what `preview` found: its touches and planned touches, (with `add_people`)
        the new people with theirs, and (with `again`) what was deleted in the app since it
        was captured. What was captured meanwhile (another window, a sync) is not written
        twice."""
        chosen = preview.plan.again() if again else preview.plan
        chosen = chosen if add_people else chosen.without_new_people()
        rep = preview.rep
        zone = ZoneInfo(rep.timezone)
        sources = [c.source for c in (*chosen.touches, *chosen.planned)]
        touches: set[str] = set()
        planned: set[str] = set()
        done_tasks: set[str] = set()
        whales: set[str] = set()
        cadences: set[str] = set()
        with self.book.store.transaction(write=True) as session:
            known = captured.known(session, keys_of(rep.email), sources)

            def held(rows: Mapping[tuple[str, str], bool], item: Captured) -> bool:
                """Whether a row holds it already; with `again`, only a live row counts."""
                live = rows.get((item.source, item.whale_id))
                return live is not None and (live or not again)

            people = _add_people(session, chosen, known, at)

            def with_whom(item: Captured) -> tuple[str | None, tuple[str, ...]]:
                """Its person and the others there, the new people among them as added."""
                stakeholder = item.stakeholder_id or people.get(item.new_address)
                added = (people.get(address) for address in item.also_new)
                return stakeholder, others_with(stakeholder, (*item.also_with, *added))

            for item in chosen.touches:
                if held(known.logged, item):
                    continue
                stakeholder, others = with_whom(item)
                touch_id = new_id()
                edits.add_touch(
                    session,
                    touch_id,
                    at,
                    whale_id=item.whale_id,
                    rep_id=rep.id,
                    stakeholder_id=stakeholder,
                    kind=item.kind,
                    occurred_at=item.at,
                    note=item.note,
                    source=item.source,
                    also_with=others,
                )
                touches.add(touch_id)
                whales.add(item.whale_id)
                # As a touch logged by hand: a reply or meeting ends the cadences of the
                # people in it, and it does the planned touch of its kind due by its day.
                if item.kind in ENGAGING_KINDS:
                    cadences |= cadence_store.engage(session, (stakeholder, *others), at)
                day = item.at.astimezone(zone).date()
                done_tasks |= today_store.complete_tasks(
                    session, item.whale_id, rep.id, item.kind, day, touch_id, at
                )
            for item in chosen.planned:
                if held(known.planned, item) or held(known.logged, item):
                    continue
                stakeholder, others = with_whom(item)
                task_id = new_id()
                edits.add_task(
                    session,
                    task_id,
                    at,
                    whale_id=item.whale_id,
                    rep_id=rep.id,
                    kind=item.kind,
                    due_on=item.at.astimezone(zone).date(),
                    note=item.note,
                    source=item.source,
                    stakeholder_id=stakeholder,
                    also_with=others,
                )
                planned.add(task_id)
                whales.add(item.whale_id)
        changes = Changes(
            touches=frozenset(touches),
            whales=frozenset(whales | {p.whale_id for p in chosen.new_people}),
            tasks=frozenset(planned | done_tasks),
            cadences=frozenset(cadences),
            stakeholders=frozenset(people.values()),
        )
        return Done(Logged(len(touches), len(planned), len(people)), changes)


def describe(
    preview: Preview,
    plan: Plan,
    *,
    dry_run: bool,
    not_added: str = "not added",
    again: str = "",
) -> list[str]:
    """What a capture logs (or would), in lines for the command line and the app's preview:
    each touch, the new people, addresses at no known whale, what was skipped and why."""
    zone = ZoneInfo(preview.rep.timezone)
    lines: list[str] = []
    verb = "Would log" if dry_run else "Logged"
    lines.append(
        f"{verb} {plural(len(plan.touches), 'touch', 'touches')} and "
        f"{plural(len(plan.planned), 'planned touch', 'planned touches')}; "
        f"{plan.already_logged} already logged."
    )
    for item in plan.touches + plan.planned:
        whale = preview.whale_names.get(item.whale_id, item.whale_id)
        when = item.at.astimezone(zone)
        kind = TOUCH_LABELS.get(item.kind, item.kind)
        what = f"planned: {kind.lower()}" if item.planned else kind
        lines.append(f"  {when:%Y-%m-%d %H:%M %Z}  {whale[:28]:<28} {what}: {item.note}")
    people = preview.plan.new_people
    if people:
        how = ("to be added" if dry_run else "added") if plan.new_people else not_added
        lines.append(f"{plural(len(people), 'new person', 'new people')} at whales, {how}:")
        for person in people:
            whale = preview.whale_names.get(person.whale_id, person.whale_id)
            lines.append(f"  {person.name} <{person.address}> at {whale}")
    if plan.unmatched:
        lines.append(f"{plural(len(plan.unmatched), 'address', 'addresses')} at no known whale:")
        for address, count in list(plan.unmatched.items())[:20]:
            lines.append(f"  {address} ({plural(count, 'time')})")
    if plan.skipped:
        reasons: dict[str, int] = {}
        for skipped in plan.skipped:
            reasons[skipped.why] = reasons.get(skipped.why, 0) + 1
        lines.append("Skipped: " + "; ".join(f"{n} {why}" for why, n in reasons.items()))
    if plan.deleted and again:
        lines.append(f"  ({again})")
    return lines


def _add_people(session: Session, chosen: Plan, known: Known, at: datetime) -> dict[str, str]:
    """The plan's new people as stakeholders at their whales: address -> new id. One who
    became a stakeholder meanwhile is not added twice."""
    added: dict[str, str] = {}
    for person in chosen.new_people:
        found = known.stakeholders.get(person.address)
        if found is not None:
            added[person.address] = found.id
            continue
        stakeholder_id = new_id()
        edits.add_stakeholder(
            session,
            stakeholder_id,
            person.whale_id,
            at,
            name=_name_of(person.name, person.address),
            title=_title_of(person.title),
            email=person.address,
        )
        added[person.address] = stakeholder_id
    return added


def _title_of(title: str) -> str:
    try:
        return clean_name(title, "a title") if title.strip() else ""
    except BadInput:
        return ""  # a card's title we cannot keep is left out, not the person


def _name_of(name: str, address: str) -> str:
    """The name a calendar or card gave, or one made from the address when it gave none
    fit to keep."""
    try:
        return clean_name(name, "a name")
    except BadInput:
        return clean_name(address.partition("@")[0].replace(".", " ").title() or address, "a name")
