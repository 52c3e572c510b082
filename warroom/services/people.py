"""Who we know at a whale, from the command line: add or edit a stakeholder by name, who
they report to, and that they left the account (and where to). A champion who moves to
another whale of ours is news there: a "champion moved in" trigger, with what we did
together."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime

from warroom.domain.changes import Changes, Done
from warroom.domain.coverage import Coverage, coverage, moved_in_note
from warroom.domain.errors import Ambiguous, BadInput, NotFound
from warroom.domain.names import matches
from warroom.domain.whales import Stakeholder
from warroom.services.book import Book
from warroom.store import queries


@dataclass(frozen=True)
class PersonSaved:
    stakeholder: Stakeholder
    added: bool
    moved_in_trigger: str | None = None  # the trigger logged at the whale they moved to
    moved_to_whale: str | None = None
    changed: bool = True  # False: everything asked was so already, nothing written
    near: tuple[str, ...] = ()  # whales whose names hold the "now at" that is not a whale


@dataclass(frozen=True)
class PersonEdit:
    """What the command line asked to set; None leaves a field as it is."""

    title: str | None = None
    role: str | None = None
    email: str | None = None
    reports_to: str | None = None  # a stakeholder's name at the same whale ("" clears it)
    influence: int | None = None
    left: bool = False
    now_at: str | None = None


@dataclass(frozen=True)
class WhaleCoverage:
    whale_id: str
    whale: str
    people: tuple[Stakeholder, ...]
    coverage: Coverage


class People:
    def __init__(self, book: Book) -> None:
        self.book = book

    def coverage(
        self, at: datetime, whale_ids: Collection[str] | None = None
    ) -> list[WhaleCoverage]:
        """Every live whale's coverage as of `at` (or these whales'), the most gaps first."""
        with self.book.store.transaction() as session:
            whales = [(c.id, c.name) for c in queries.whale_choices(session)]
            if whale_ids is not None:
                whales = [(i, n) for i, n in whales if i in whale_ids]
                people = [p for i, _ in whales for p in queries.stakeholders_of(session, i)]
                contacts = {
                    k: v for i, _ in whales for k, v in queries.contacts(session, at, i).items()
                }
            else:
                people = queries.stakeholders_of(session)
                contacts = queries.contacts(session, at)
        by_whale: dict[str, list[Stakeholder]] = {}
        for person in people:
            by_whale.setdefault(person.whale_id, []).append(person)
        found = [
            WhaleCoverage(
                whale_id,
                name,
                tuple(by_whale.get(whale_id, [])),
                coverage(by_whale.get(whale_id, []), contacts, at),
            )
            for whale_id, name in whales
        ]
        return sorted(found, key=lambda w: (-len(w.coverage.gaps), w.whale.lower()))

    def gaps(self, at: datetime) -> list[tuple[str, tuple[str, ...]]]:
        """Every live whale's name and coverage gaps as of `at`, the most gaps first, as
        `coverage` lists them but without each person's strength: read in SQL
        (queries.coverage_gaps), where `coverage` reads every person of the book."""
        with self.book.store.transaction() as session:
            names = {c.id: c.name for c in queries.whale_choices(session)}
            found = queries.coverage_gaps(session, at)
        listed = [(names[whale_id], gaps) for whale_id, gaps in found.items()]
        return sorted(listed, key=lambda w: (-len(w[1]), w[0].lower()))

    def save(self, whale: str, name: str, change: PersonEdit, at: datetime) -> Done[PersonSaved]:
        """Add the stakeholder `name` at `whale`, or change the one of that name."""
        if change.now_at is not None and not change.left:
            raise BadInput("--now-at says where someone went: give it with --left")
        whale_id = self.book.resolve_whale(whale)
        with self.book.store.transaction(write=True) as session:
            whale = queries.whale_name(session, whale_id)
            if change.now_at is not None and change.now_at.strip().lower() == whale.lower():
                raise BadInput(f"{name} is at {whale} already: --now-at says where they went")
            people = queries.stakeholders_of(session, whale_id)
            found = [p for p in people if p.name.strip().lower() == name.strip().lower()]
            if len(found) > 1:
                raise Ambiguous(f"two stakeholders at {whale} are named {name!r}")
            person = (
                found[0]
                if found
                else Stakeholder("", whale_id, name, "", "influencer", 3, 1, "", "", False, "")
            )
            boss = person.reports_to_id
            if change.reports_to is not None:
                boss = (
                    _boss(people, person, change.reports_to, whale) if change.reports_to else None
                )
            person = replace(
                person,
                title=person.title if change.title is None else change.title,
                role=person.role if change.role is None else change.role,
                email=person.email if change.email is None else change.email,
                influence=person.influence if change.influence is None else change.influence,
                reports_to_id=boss,
                left_on=at.date() if change.left and person.left_on is None else person.left_on,
                now_at=person.now_at if change.now_at is None else change.now_at.strip(),
            )
            if found and person == found[0]:
                return Done(PersonSaved(person, added=False, changed=False), Changes())
            done = self.book.workspace.save_stakeholder(person, at)
            saved = done.value.stakeholder
            changes = done.changes
            trigger_id = moved_to = None
            near: tuple[str, ...] = ()
            if change.left and saved.now_at:
                moved = self.moved_in(saved, at)
                if moved is not None:
                    trigger_id, moved_to, moved_changes = moved
                    changes |= moved_changes
                else:
                    # Not one of our whales by its full name: perhaps one by part of it.
                    choices = {c.id: c.name for c in queries.whale_choices(session)}
                    near = tuple(
                        choices[i] for i in matches(saved.now_at, choices) if i != whale_id
                    )
        return Done(PersonSaved(saved, not found, trigger_id, moved_to, near=near), changes)

    def moved_in(self, person: Stakeholder, at: datetime) -> tuple[str, str, Changes] | None:
        """A champion_moved_in trigger at the whale `person` went to (now_at), if it is one
        of ours: its id, that whale's name, and what changed."""
        left_whale = person.whale_id
        with self.book.store.transaction() as session:
            named = queries.whale_ids_named(session, person.now_at)
            if len(named) != 1 or named[0][0] == left_whale:
                return None
            count, last = queries.touches_with(session, person.id)
            old = queries.whale_name(session, left_whale)
        note = moved_in_note(person, old, count, last)
        done = self.book.add_trigger(named[0][0], "champion_moved_in", at, at, note=note)
        return done.value.id, named[0][1], done.changes


def _boss(people: list[Stakeholder], person: Stakeholder, name: str, whale: str) -> str:
    """The one `name` names at the whale: the full name, or enough of it, as for whales."""
    found = matches(name, {p.id: p.name for p in people})
    if not found:
        raise NotFound(f"no stakeholder named {name!r} at {whale} to report to")
    if len(found) > 1:
        named = ", ".join(sorted(p.name for p in people if p.id in found))
        raise Ambiguous(f"{name!r} could be {named}: say more of the name")
    if found[0] == person.id and person.id:
        raise BadInput(f"{person.name} cannot report to themselves")
    return found[0]
