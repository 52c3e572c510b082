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
    st.text(st.sampled_from("abcdeklmnorstu "), min_size=3, max_size=14), min_size=2, max_size=25
)


@settings(max_examples=60, deadline=None)
@given(names=NAMES, order=st.randoms())
def test_pairs_do_not_depend_on_the_order_and_blocking_finds_the_same(names, order) -> None:  # type: ignore[no-untyped-def]
    """The same whales in any order give the same pairs; comparing block by block (a sales
    floor's book) finds what comparing all against all finds, for names sharing a first
    sorted letter."""
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
    same_letter = {
        (i, j)
        for i, j in full
        if " ".join(sorted(keys[i].split()))[:1] == " ".join(sorted(keys[j].split()))[:1]
    }
    assert same_letter <= blocked <= full
