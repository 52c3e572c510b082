"""Finding a whale by part of its name, any case, with or without accents."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.names import closest, folded, matches

NAMES = {
    "1": "Alpine Ski House",
    "2": "Blue Yonder Airlines",
    "3": "Zürich Réassurance",
    "4": "Alpine Dairy",
}


def test_a_unique_prefix_finds_the_whale() -> None:
    assert matches("blue", NAMES) == ["2"]


def test_a_substring_finds_the_whale_when_no_name_starts_with_it() -> None:
    assert matches("yonder", NAMES) == ["2"]


def test_accents_and_case_do_not_matter() -> None:
    assert matches("zurich re", NAMES) == ["3"]
    assert matches("ZÜRICH", NAMES) == ["3"]


def test_a_shared_prefix_gives_every_candidate() -> None:
    assert matches("alpine", NAMES) == ["4", "1"]  # by name


def test_an_exact_name_wins_over_longer_ones() -> None:
    names = {"a": "Globex", "b": "Globex Europe"}
    assert matches("globex", names) == ["a"]


def test_nothing_found_offers_the_closest_names() -> None:
    assert matches("alpyne ski", NAMES) == []
    assert closest("alpyne ski hous", NAMES)[0] == "Alpine Ski House"


@given(st.text(min_size=1, max_size=30).filter(lambda t: folded(t)))
def test_every_name_finds_itself_in_any_case(name: str) -> None:
    names = {"x": name, "y": name + " Holdings"}
    assert matches(name.upper(), names)[0] == "x" or folded(name.upper()) != folded(name)
    assert matches(name, names)[0] == "x"


@given(st.text())
def test_folding_plain_ascii_quickly_folds_it_as_unicode_does(text: str) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.strip().casefold()).casefold()
    decomposed = unicodedata.normalize("NFKD", decomposed)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    assert folded(text) == bare.strip()


@given(st.text())
def test_folding_a_folded_text_changes_nothing(text: str) -> None:
    """Pass: 'ᴬ' folds to 'a', not to an 'A' that folds again (company names are compared
    folded, and must compare the same however often they are)."""
    assert folded(folded(text)) == folded(text)
