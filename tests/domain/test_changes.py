from __future__ import annotations

from warroom.domain.changes import ANY, NAMED_ROWS, Changes


def test_changes_merge_and_say_what_kind_changed() -> None:
    merged = Changes(whales=frozenset({"a"})) | Changes(touches=frozenset({"t"}))
    assert merged.whales == {"a"} and merged.touches == {"t"}
    assert merged.touches_any("touches")
    assert not merged.touches_any("triggers")
    assert not Changes()
    assert Changes(book=True).touches_any("reviews")


def test_a_table_with_thousands_of_rows_written_is_told_as_some_rows() -> None:
    many = [("touches", f"t{n}") for n in range(NAMED_ROWS + 1)]
    changes = Changes.written([*many, ("whales", "w1"), ("whales", "w1"), ("enrolments", "e")])
    assert changes.touches == frozenset({ANY})
    assert changes.whales == frozenset({"w1"}) and changes.cadences == frozenset({"e"})
    assert Changes.of_tables({"touches": {"t1"}, "not ours": {"x"}}) == Changes(
        touches=frozenset({"t1"})
    )
