from __future__ import annotations

from warroom.domain.changes import Changes


def test_changes_merge_and_say_what_kind_changed() -> None:
    merged = Changes(whales=frozenset({"a"})) | Changes(touches=frozenset({"t"}))
    assert merged.whales == {"a"} and merged.touches == {"t"}
    assert merged.touches_any("touches")
    assert not merged.touches_any("triggers")
    assert not Changes()
    assert Changes(book=True).touches_any("reviews")
