"""Likely duplicates: a shared web domain or alike names after normalization for whales;
a shared email or profile, or alike names, for people at one whale."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from warroom.domain import duplicates
from warroom.domain.duplicates import Entry, people_twins, same_person, whale_twins


def whale(i: str, name: str, domain: str = "", touches: int = 0) -> Entry:
    return Entry(i, name, touches, f"2026-01-0{i[-1]}", web_domain=domain)


def person(i: str, whale_id: str, name: str, email: str = "", url: str = "") -> Entry:
    return Entry(i, name, 0, "2026-01-01", whale_id=whale_id, email=email, profile_url=url)


def test_whales_pair_by_domain_and_by_names_alike_after_normalization() -> None:
    found = whale_twins(
        [
            whale("1", "Contoso Health Systems", touches=5),
            whale("2", "CONTOSO HEALTH SYSTEM, Inc.", touches=9),
            whale("3", "Contoso Pharmaceuticals"),
            whale("4", "Fabrikam", "https://www.fabrikam.com/about"),
            whale("5", "Fabrikam Residences", "fabrikam.com"),
            whale("6", "Zürich Ré"),
            whale("7", "zurich re AG"),
        ]
    )
    pairs = {(p.keep.id, p.other.id): p.why for p in found}
    assert pairs == {
        ("4", "5"): "same web domain fabrikam.com",
        ("6", "7"): "same name but for punctuation or legal form",
        ("2", "1"): "names alike (98%)",  # the one with more touches is kept
    }


def test_people_pair_at_one_whale_only() -> None:
    found = people_twins(
        [
            person("a", "w1", "Dana Reyes", "Dana@Globex.com"),
            person("b", "w1", "D. Reyes", "dana@globex.com"),
            person("c", "w1", "Jon Smith"),
            person("d", "w1", "John Smith"),
            person("e", "w2", "Dana Reyes", "dana@globex.com"),  # another whale: not a pair
            person("f", "w1", "Lee Park", url="https://www.linkedin.com/in/lee/"),
            person("g", "w1", "Lee P.", url="linkedin.com/in/lee"),
        ]
    )
    assert {(p.keep.id, p.other.id, p.why) for p in found} == {
        ("a", "b", "same email dana@globex.com"),
        ("f", "g", "same profile linkedin.com/in/lee"),
        ("c", "d", "names alike (94%) at one whale"),
    }
    assert same_person(person("x", "w", "Ana", "ANA@x.com"), person("y", "v", "A.", "ana@x.com"))


NAMES = st.lists(
    st.text(st.sampled_from("abcdeklmnorstu 12"), min_size=3, max_size=14), min_size=2, max_size=25
)


@settings(max_examples=60, deadline=None)
@given(names=NAMES, order=st.randoms())
def test_pairs_do_not_depend_on_the_order_and_blocking_finds_the_same(names, order) -> None:  # type: ignore[no-untyped-def]
    """The same whales in any order give the same pairs; comparing block by block (a sales
    floor's book) finds what comparing all against all finds, for names in one block."""
    whales = [whale(f"w{i:03}", name) for i, name in enumerate(names)]
    found = {(p.keep.id, p.other.id) for p in whale_twins(whales)}
    shuffled = list(whales)
    order.shuffle(shuffled)
    assert {(p.keep.id, p.other.id) for p in whale_twins(shuffled)} == found
    keys = [duplicates.company_key(w.name) for w in whales]
    full = {(i, j) for i, j, _ in duplicates._alike(keys)}
    saved = duplicates._BLOCK
    duplicates._BLOCK = 1
    try:
        blocked = {(min(i, j), max(i, j)) for i, j, _ in duplicates._alike(keys)}
    finally:
        duplicates._BLOCK = saved

    def block(key: str) -> str:
        return duplicates.block_of(" ".join(sorted(key.split())))

    same_block = {(i, j) for i, j in full if block(keys[i]) == block(keys[j])}
    assert same_block <= blocked <= full


def test_numbered_names_block_with_their_name_not_their_number() -> None:
    assert duplicates.block_of("2 globex") == duplicates.block_of("globex") == "g"
    assert duplicates.block_of("3m") == "3"


def test_a_company_written_down_many_times_is_the_fewest_pairs_that_join_it() -> None:
    """Pass: six whales on one domain pair five times with the one to keep (not fifteen
    pairs), and four alike names with no domain are three pairs that join all four."""
    same_domain = [whale(f"d{i}", f"Globex {i}", "globex.com", touches=i) for i in range(6)]
    alike = [whale(f"n{i}", f"Initech Holdings {i}") for i in range(4)]
    found = whale_twins([*same_domain, *alike])
    on_domain = [p for p in found if p.why == "same web domain globex.com"]
    assert {p.keep.id for p in on_domain} == {"d5"} and len(on_domain) == 5
    named = [p for p in found if p.keep.id.startswith("n")]
    assert len(named) == 3 and {p.other.id for p in named} | {p.keep.id for p in named} == {
        f"n{i}" for i in range(4)
    }


@settings(max_examples=60, deadline=None)
@given(
    names=NAMES,
    domains=st.lists(st.sampled_from(["", "", "a.com", "b.com"]), min_size=25, max_size=25),
)
def test_the_pairs_join_exactly_what_is_alike_without_a_pair_too_many(names, domains) -> None:  # type: ignore[no-untyped-def]
    """The pairs form a forest (each pair joins two groups not yet joined) whose groups are
    those the alike relation (a shared domain, alike names) makes."""
    whales = [whale(f"w{i:03}", name, domains[i]) for i, name in enumerate(names)]
    index = {w.id: i for i, w in enumerate(whales)}
    keys = [duplicates.company_key(w.name) for w in whales]
    related = duplicates._Groups(len(whales))
    for i, j, _ in duplicates._alike(keys):
        related.join(i, j)
    for i, a in enumerate(whales):
        for j, b in enumerate(whales):
            if a.web_domain and a.web_domain == b.web_domain:
                related.join(i, j)
    listed = duplicates._Groups(len(whales))
    for pair in whale_twins(whales):
        assert listed.join(index[pair.keep.id], index[pair.other.id])
    assert listed.of_each() == related.of_each()


def _people_pairs_one_by_one(people: list[Entry]) -> set[tuple[str, str, str, int]]:
    """The people's pairs found the plain way: every two people at a whale, one at a time."""
    from itertools import combinations

    from rapidfuzz import fuzz

    from warroom.domain.import_rows import normalize_profile
    from warroom.domain.names import folded

    found: dict[frozenset[str], tuple[str, str, str, int]] = {}
    for a, b in combinations(people, 2):
        if a.whale_id != b.whale_id:
            continue
        ids = frozenset((a.id, b.id))
        keep, other = duplicates._keeper(a, b)
        if a.email and folded(a.email) == folded(b.email):
            found[ids] = (keep.id, other.id, f"same email {folded(a.email)}", 100)
        elif a.profile_url and normalize_profile(a.profile_url) == normalize_profile(b.profile_url):
            found[ids] = (
                keep.id,
                other.id,
                f"same profile {normalize_profile(a.profile_url)}",
                100,
            )
        else:
            score = int(fuzz.token_sort_ratio(folded(a.name), folded(b.name)))
            if score >= duplicates.NAME_ALIKE:
                why = "same name" if score == 100 else f"names alike ({score}%)"
                found[ids] = (keep.id, other.id, f"{why} at one whale", score)
    return set(found.values())


@settings(max_examples=80, deadline=None)
@given(
    people=st.lists(
        st.tuples(
            st.sampled_from(["w1", "w2", "w3"]),
            st.text(st.sampled_from("abcdeklmnoÉé .12"), min_size=1, max_size=14),
            st.sampled_from(["", "", "a@x.com", "A@X.com", "b@x.com"]),
            st.sampled_from(["", "", "linkedin.com/in/a", "https://www.linkedin.com/in/a/"]),
            st.integers(0, 3),
        ),
        max_size=20,
    )
)
def test_people_pairs_are_those_found_one_pair_at_a_time(people) -> None:  # type: ignore[no-untyped-def]
    entries = [
        Entry(f"p{n:02}", name, touches, "2026-01-01", whale_id=w, email=email, profile_url=url)
        for n, (w, name, email, url, touches) in enumerate(people)
    ]
    found = {(p.keep.id, p.other.id, p.why, p.score) for p in people_twins(entries)}
    assert found == _people_pairs_one_by_one(entries)


@settings(max_examples=60, deadline=None)
@given(names=NAMES, groups=st.lists(st.integers(0, 3), min_size=25, max_size=25))
def test_big_groups_are_compared_only_with_the_others(names, groups) -> None:  # type: ignore[no-untyped-def]
    """Comparing a big group's whales only with other groups' finds every alike pair across
    groups that comparing all against all finds."""
    keys = [duplicates.company_key(name) for name in names]
    group_of = groups[: len(keys)]
    every = {(i, j, s) for i, j, s in duplicates._alike(keys) if group_of[i] != group_of[j]}
    saved = duplicates._BIG_GROUP
    duplicates._BIG_GROUP = 2
    try:
        assert set(duplicates._alike(keys, group_of)) == every
    finally:
        duplicates._BIG_GROUP = saved
