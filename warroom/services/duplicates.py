"""Duplicates and merging: whales (and people) written down twice, found; one merged into the
other in one edit that moves every deal, person, touch, trigger, cadence and planned touch to
the kept one, folds the people both had, and deletes the other. Undo takes it back whole,
and a sync carries it as ordinary edits."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from warroom.domain.changes import Changes, Done
from warroom.domain.duplicates import Entry, Pair, people_twins, same_person, whale_twins
from warroom.domain.errors import BadInput, NotFound
from warroom.domain.words import plural
from warroom.services.book import Book
from warroom.store import whale_merge as store

DEAL = "deal"  # both whales have an open deal: the one that stays open
FIELD_LABELS = {
    DEAL: "Open deal",
    "name": "Name",
    "web_domain": "Web domain",
    "industry": "Industry",
    "owner_id": "Owner",
    "why_now": "Why now",
    "past_attempts": "Past attempts",
    "past_proposals": "Past proposals",
    "competitors": "Competitors",
    "notes": "Notes",
    "listening": "What we listen for",
}
_MOVED_NAMES = {  # table: a seller's word for one row, and for several
    "deals": ("deal", "deals"),
    "stakeholders": ("person", "people"),
    "touches": ("touch", "touches"),
    "triggers": ("trigger", "triggers"),
    "enrolments": ("cadence", "cadences"),
    "tasks": ("planned touch", "planned touches"),
}


@dataclass(frozen=True)
class Differing:
    """A field both whales have, with different values: the merge keeps one of them."""

    field: str
    label: str
    keep: str
    other: str


@dataclass(frozen=True)
class MergePlan:
    keep_id: str
    other_id: str
    keep: str
    other: str
    differing: tuple[Differing, ...]
    filled: tuple[str, ...]  # fields the kept whale has empty, taken from the other
    people: tuple[tuple[str, str], ...]  # (kept person, the other's same person) folded
    moves: dict[str, int]  # what moves, by table, by count

    def words(self, done: bool = False) -> str:
        return f"{self.other} into {self.keep}: {self.moves_words(done)}"

    def fields_named(self, names: Collection[str]) -> list[str]:
        """The differing fields these names (a field's name or its label, any case) mean;
        BadInput naming those that differ when one is not among them."""
        by_name = {}
        for d in self.differing:
            for said in (d.field, d.label, d.field.removesuffix("_id")):
                by_name[said.lower().replace("_", " ")] = d.field
        chosen: list[str] = []
        unknown: list[str] = []
        for name in names:
            field = by_name.get(name.strip().lower().replace("_", " "))
            (chosen if field else unknown).append(field or name)
        if unknown:
            known = ", ".join(d.label.lower() for d in self.differing) or "none differ"
            raise BadInput(f"cannot take {', '.join(unknown)} from the other ({known})")
        return chosen

    def moves_words(self, done: bool = False) -> str:
        moved = (
            ", ".join(plural(n, *_MOVED_NAMES[table]) for table, n in self.moves.items() if n)
            or "nothing"
        )
        said = f"{'moved' if done else 'moves'} {moved}"
        if self.people:
            one = len(self.people) == 1
            said += (
                f"; {plural(len(self.people), 'person', 'people')} at both whales"
                f" {'became' if done else 'becomes' if one else 'become'} one"
            )
        return said


@dataclass(frozen=True)
class PeoplePair:
    keep: Entry
    other: Entry

    def words(self) -> str:
        return (
            f"{self.other.name} into {self.keep.name}: their "
            f"{plural(self.other.touches, 'touch', 'touches')} and cadences follow"
        )


@dataclass(frozen=True)
class Found:
    whales: tuple[Pair, ...]
    people: tuple[Pair, ...]
    whale_names: dict[str, str]


class Duplicates:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.store = book.store

    def find(self) -> Found:
        counts = {whale: count for whale, (count, _, _) in self.book.touch_figures().items()}
        with self.store.transaction() as session:
            whales = store.whale_entries(session, counts)
            # Touches are counted only for the people paired (to say which to keep): the
            # same pairs, found again among just them.
            paired = people_twins(store.people_entries(session, counted=False))
            involved = sorted({entry.id for pair in paired for entry in (pair.keep, pair.other)})
            people = store.people_entries(session, person_ids=involved) if involved else []
        return Found(
            tuple(whale_twins(whales)),
            tuple(people_twins(people)),
            {w.id: w.name for w in whales},
        )

    def _shown(self, value: object, owners: dict[str, str]) -> str:
        if value is None:
            return ""
        return owners.get(str(value), str(value)) if owners else str(value)

    def plan(self, keep: str, other: str) -> MergePlan:
        keep_id, other_id = self.book.resolve_whale(keep), self.book.resolve_whale(other)
        if keep_id == other_id:
            raise BadInput("a whale cannot be merged into itself: name two whales")
        reps = {rep.id: rep.name for rep in self.book.reps()}
        with self.store.transaction() as session:
            kept, gone = store.whale_values(session, keep_id), store.whale_values(session, other_id)
            people = store.people_entries(session, [keep_id, other_id])
            counts = store.row_counts(session, other_id)
            deals = store.open_deals(session, keep_id), store.open_deals(session, other_id)
        differing, filled = [], []
        if deals[0] and deals[1]:
            # One whale, one open deal: the one not chosen is deleted (Ctrl+Z brings it back).
            words = [", ".join(_deal_words(deal) for deal in side) for side in deals]
            differing.append(Differing(DEAL, FIELD_LABELS[DEAL], *words))
        for name in store.WHALE_FIELDS:
            ours, theirs = kept[name], gone[name]
            if not theirs or ours == theirs:
                continue
            if not ours:
                filled.append(name)
                continue
            owners = reps if name == "owner_id" else {}
            differing.append(
                Differing(
                    name,
                    FIELD_LABELS[name],
                    self._shown(ours, owners),
                    self._shown(theirs, owners),
                )
            )
        return MergePlan(
            keep_id,
            other_id,
            str(kept["name"]),
            str(gone["name"]),
            tuple(differing),
            tuple(filled),
            tuple((a.name, b.name) for a, b in _folds(people, keep_id, other_id)),
            {table: counts.get(table, 0) for table in _MOVED_NAMES},
        )

    def merge(
        self, keep: str, other: str, at: datetime, take_other: Collection[str] = ()
    ) -> Done[MergePlan]:
        """Merge `other` into `keep`; the kept whale's values stand except its empty fields
        (taken from the other) and the fields named in `take_other`."""
        plan = self.plan(keep, other)
        take_other = plan.fields_named(take_other)
        keep_id, other_id = plan.keep_id, plan.other_id
        rows: list[tuple[str, str]] = [("whales", keep_id), ("whales", other_id)]
        with self.store.transaction(write=True) as session:
            gone = store.whale_values(session, other_id)
            # One whale keeps one open deal: the side not chosen loses its open ones (their
            # ids read now, before the moves make them the kept whale's).
            dropped: list[str] = []
            if any(d.field == DEAL for d in plan.differing):
                chosen, side = (other_id, keep_id) if DEAL in take_other else (keep_id, other_id)
                dropped = [deal.id for deal in store.open_deals(session, side)]
                # The deal that stays keeps what only the dropped one said (its close date,
                # its exact deal), as the kept whale takes the other's empty fields.
                staying = store.open_deals(session, chosen)[0].id
                for deal_id in dropped:
                    rows += store.fill_deal(session, staying, deal_id, at)
            people = store.people_entries(session, [keep_id, other_id])
            # Moves first, deletes last: a sync reads a row edited after its delete as
            # brought back, so nothing may write to a row once it is deleted.
            rows += store.move_whale_rows(session, other_id, keep_id, at)
            for kept_person, other_person in _folds(people, keep_id, other_id):
                rows += store.fold_person(session, other_person.id, kept_person.id, at)
            taken = {name: gone[name] for name in [*plan.filled, *take_other] if name != DEAL}
            store.merge_whale_fields(session, keep_id, other_id, taken, at)
            rows += store.delete_deals(session, dropped, at)
        return Done(plan, Changes.written(rows))

    def people_pair(self, keep_id: str, other_id: str) -> PeoplePair:
        """Two people to merge, checked: both known, at one whale."""
        if keep_id == other_id:
            raise BadInput("a person cannot be merged into themself: name two people")
        with self.store.transaction() as session:
            people = {
                p.id: p for p in store.people_entries(session, person_ids=[keep_id, other_id])
            }
        for person_id in (keep_id, other_id):
            if person_id not in people:
                raise NotFound(f"no stakeholder with the id {person_id!r}")
        keep, other = people[keep_id], people[other_id]
        if keep.whale_id != other.whale_id:
            # Their touches were at their own whales: the whales are one first, or not.
            raise BadInput(
                f"{keep.name} and {other.name} are at two whales:"
                " merge the whales first (warroom merge KEEP OTHER), or mark one as left"
            )
        return PeoplePair(keep, other)

    def merge_people(self, keep_id: str, other_id: str, at: datetime) -> Done[PeoplePair]:
        """One person written down twice becomes the first: the other's touches and
        cadences follow, the fields the first has empty fill, the other is deleted."""
        pair = self.people_pair(keep_id, other_id)
        with self.store.transaction(write=True) as session:
            rows = store.fold_person(session, other_id, keep_id, at)
        return Done(pair, Changes.written(rows))


def _deal_words(deal: store.OpenDeal) -> str:
    said = [f"{deal.size:,} {deal.currency}", deal.stage]
    if deal.close_on:
        said.append(f"closes {deal.close_on}")
    if deal.exact_deal:
        said.append("its exact deal written")
    return ", ".join(said)


def _folds(people: list[Entry], keep_id: str, other_id: str) -> list[tuple[Entry, Entry]]:
    """(kept person, other person) pairs that are one person: each of the other whale's
    people folds into the first alike person at the kept whale."""
    ours = [p for p in people if p.whale_id == keep_id]
    pairs = []
    for theirs in (p for p in people if p.whale_id == other_id):
        match = next((p for p in ours if same_person(p, theirs)), None)
        if match is not None:
            pairs.append((match, theirs))
    return pairs
