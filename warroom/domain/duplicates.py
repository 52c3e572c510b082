"""Likely duplicates: one company written down twice (two reps offline, an import and a
hand-typed whale), or one person twice at a whale.

Whales are alike when they share a web domain, or their names are alike once case, accents,
punctuation and legal suffixes are gone (rapidfuzz's token-sort ratio at least NAME_ALIKE,
so "Contoso Health System" and "Contoso Health Systems, Inc." pair, and "Contoso Health" and
"Contoso Pharma" do not). People at one whale are alike when they share an email or a
profile, or have alike names (one person at two whales is a person who moved, or two whales
that are one: merging those whales folds the person too). Each pair suggests which to keep:
the one with more touches, then the one written down first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from warroom.domain.import_rows import normalize_company, normalize_domain, normalize_profile
from warroom.domain.names import folded

NAME_ALIKE = 90  # token-sort ratio, 0..100
_BLOCK = 4000  # whales compared all against all at once; more are blocked by first letter
_BIG_GROUP = 16  # whales of one group compared with the others only, not each other


class Entry(NamedTuple):
    """A whale or a person as duplicates sees it (a named tuple: a sales floor makes 165,000
    of them, five times faster than frozen dataclasses)."""

    id: str
    name: str
    touches: int
    created: str  # ISO time, to keep the first written among equals
    whale_id: str = ""  # a person's whale
    web_domain: str = ""
    email: str = ""
    profile_url: str = ""


@dataclass(frozen=True)
class Pair:
    keep: Entry
    other: Entry
    why: str
    score: int  # 100 for a shared domain, email or profile, else how alike the names are


def _keeper(a: Entry, b: Entry) -> tuple[Entry, Entry]:
    first = min((a, b), key=lambda e: (-e.touches, e.created, e.id))
    return (first, b if first is a else a)


def _pair(a: Entry, b: Entry, why: str, score: int) -> Pair:
    keep, other = _keeper(a, b)
    return Pair(keep, other, why, score)


def company_key(name: str) -> str:
    return folded(normalize_company(name))


def _alike(
    keys: Sequence[str], groups: Sequence[int] | None = None
) -> Iterable[tuple[int, int, int]]:
    """(i, j, score) for i < j whose keys are alike, and (given) in different `groups`.
    Past _BLOCK keys, only keys in the same block (block_of) are compared, so a sales
    floor's 30,000 whales are not 900 million comparisons."""
    # The token-sort ratio is the plain ratio of the words sorted: sorted once here, not
    # for each of millions of pairs (ten times faster on 3,000 whales).
    words = [" ".join(sorted(key.split())) for key in keys]
    group_of = np.asarray(range(len(keys)) if groups is None else groups)
    if len(keys) <= _BLOCK:
        yield from _all_against_all(words, np.arange(len(keys)), group_of)
        return
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, sorted_words in enumerate(words):
        blocks[block_of(sorted_words)].append(i)
    for members in blocks.values():
        yield from _all_against_all([words[m] for m in members], np.asarray(members), group_of)


def _all_against_all(
    keys: Sequence[str], ids: np.ndarray, group_of: np.ndarray
) -> Iterable[tuple[int, int, int]]:
    """Alike keys of different groups. A big group (a company imported five hundred times,
    on one web domain) is compared only with the keys after it, not with its own: its
    125,000 pairs within would be scored, then dropped."""
    if len(keys) < 2:
        return
    groups = group_of[ids]
    values, sizes = np.unique(groups, return_counts=True)
    big = [np.flatnonzero(groups == value) for value in values[sizes >= _BIG_GROUP].tolist()]
    rest = np.flatnonzero(~np.isin(groups, values[sizes >= _BIG_GROUP]))
    yield from _scored(keys, ids, groups, rest, rest)
    for n, members in enumerate(big):
        yield from _scored(keys, ids, groups, members, np.concatenate([rest, *big[n + 1 :]]))


def _scored(
    keys: Sequence[str], ids: np.ndarray, groups: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> Iterable[tuple[int, int, int]]:
    """(i, j, score), i < j, for the alike keys of `rows` against `cols` (positions in keys,
    ids and groups) in different groups; each pair once when rows and cols are the same."""
    if not len(rows) or not len(cols):
        return
    scores = process.cdist(
        [keys[k] for k in rows.tolist()],
        [keys[k] for k in cols.tolist()],
        scorer=fuzz.ratio,
        score_cutoff=NAME_ALIKE,
        dtype="uint8",
        workers=-1,
    )
    at_row, at_col = np.nonzero(scores >= NAME_ALIKE)
    row, col = rows[at_row], cols[at_col]
    wanted = (groups[row] != groups[col]) & (row != col)
    if rows is cols:
        wanted &= row < col
    found = zip(
        row[wanted].tolist(),
        col[wanted].tolist(),
        scores[at_row, at_col][wanted].tolist(),
        strict=True,
    )
    for a, b, score in found:
        if keys[a] and keys[b]:
            i, j = int(ids[a]), int(ids[b])
            yield min(i, j), max(i, j), int(score)


def block_of(sorted_words: str) -> str:
    """The block a name is compared in past _BLOCK names: the first letter of its first
    sorted word that starts with a letter. Numbers sort first, and blocking on them parted
    "Globex" from "Globex 2" (and put a sales floor's numbered copies in a few huge blocks)."""
    for word in sorted_words.split():
        if word[0].isalpha():
            return word[0]
    return sorted_words[:1]


class _Groups:
    """Which whales are joined already, by the pairs listed so far (union-find)."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def find(self, i: int) -> int:
        while self._parent[i] != i:
            self._parent[i] = self._parent[self._parent[i]]
            i = self._parent[i]
        return i

    def join(self, i: int, j: int) -> bool:
        """Join the groups of i and j; False when they were one already."""
        a, b = self.find(i), self.find(j)
        if a == b:
            return False
        self._parent[max(a, b)] = min(a, b)
        return True

    def of_each(self) -> list[int]:
        return [self.find(i) for i in range(len(self._parent))]


def whale_twins(whales: Sequence[Entry]) -> list[Pair]:
    """Pairs of whales likely to be one company, the surest first: for each group of alike
    whales, the fewest pairs that join it (merging each pair leaves one whale), not every
    pair of it. Whales sharing a web domain pair with the one of them to keep; alike names
    join what is still apart, the most alike first."""
    keyed = sorted(
        (
            Entry(w.id, w.name, w.touches, w.created, web_domain=normalize_domain(w.web_domain))
            for w in whales
        ),
        key=lambda w: w.id,  # the pairs chosen do not depend on the order given
    )
    groups = _Groups(len(keyed))
    found: list[Pair] = []
    by_domain: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(keyed):
        if entry.web_domain:
            by_domain[entry.web_domain].append(i)
    for domain, members in by_domain.items():
        keep = min(members, key=lambda i: (-keyed[i].touches, keyed[i].created, keyed[i].id))
        for other in members:
            if groups.join(keep, other):
                found.append(Pair(keyed[keep], keyed[other], f"same web domain {domain}", 100))
    keys = [company_key(w.name) for w in keyed]
    plain = [folded(w.name) for w in keyed]
    for i, j, score in sorted(_alike(keys, groups.of_each()), key=lambda t: (-t[2], t[0], t[1])):
        if not groups.join(i, j):
            continue
        if plain[i] == plain[j]:
            why = "same name"
        elif keys[i] == keys[j]:
            why = "same name but for punctuation or legal form"
        else:
            why = f"names alike ({score}%)"
        found.append(_pair(keyed[i], keyed[j], why, score))
    return sorted(found, key=lambda p: (-p.score, p.keep.name.lower(), p.other.id))


def people_twins(people: Sequence[Entry]) -> list[Pair]:
    """Pairs of people likely to be one person, the surest first."""
    whales = [p.whale_id for p in people]
    emails = [folded(p.email) for p in people]
    profiles = [normalize_profile(p.profile_url) if p.profile_url else "" for p in people]
    found: dict[tuple[int, int], tuple[str, int]] = {}
    for values, what in ((emails, "email"), (profiles, "profile")):
        # Counted first, in C: on a sales floor nearly every value is its person's alone.
        keys = list(zip(whales, values, strict=True))
        shared = {key for key, n in Counter(keys).items() if n > 1 and key[1]}
        sharing: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n, key in enumerate(keys):
            if key in shared:
                sharing[key].append(n)
        for (_, value), members in sharing.items():
            for a, b in combinations(members, 2):
                found.setdefault((a, b), (f"same {what} {value}", 100))
    at_whale: dict[str, list[int]] = defaultdict(list)
    for n, whale_id in enumerate(whales):
        at_whale[whale_id].append(n)
    candidates = [pair for group in at_whale.values() for pair in combinations(group, 2)]
    # The token-sort ratio of two names is the plain ratio of their words sorted: sorted
    # once per person, and the pairs of every whale scored in one call.
    words = [" ".join(sorted(folded(p.name).split())) for p in people]
    scores = process.cpdist(
        [words[a] for a, _ in candidates],
        [words[b] for _, b in candidates],
        scorer=fuzz.ratio,
        score_cutoff=NAME_ALIKE,
        dtype="float64",  # as token_sort_ratio gives it: 94.7 says 94%, as it always did
        workers=-1,
    )
    for at in np.flatnonzero(scores >= NAME_ALIKE).tolist():
        score = int(scores[at])
        why = "same name" if score == 100 else f"names alike ({score}%)"
        found.setdefault(candidates[at], (f"{why} at one whale", score))
    pairs = [_pair(people[a], people[b], why, score) for (a, b), (why, score) in found.items()]
    return sorted(pairs, key=lambda p: (-p.score, p.keep.name.lower(), p.other.id))


def same_person(a: Entry, b: Entry) -> bool:
    """When two whales merge, these two of their people become one."""
    return bool(
        (a.email and folded(a.email) == folded(b.email))
        or (a.profile_url and normalize_profile(a.profile_url) == normalize_profile(b.profile_url))
        or fuzz.token_sort_ratio(folded(a.name), folded(b.name)) >= NAME_ALIKE
    )
