"""Field-level last-writer-wins, without a database: the rules every replica applies."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.hlc import ZERO, Hlc, parse
from warroom.domain.merge import ROW, Clocks, Write, land

FIELDS = ("name", "notes", "deleted_at", "updated_at")


def _stamp(wall: int, counter: int, device: str) -> str:
    return Hlc(wall, counter).stamp(device)


def _apply(writes: list[Write]) -> tuple[dict[str, Any] | None, Clocks | None]:
    row: dict[str, Any] | None = None
    clocks: Clocks | None = None
    pending = list(writes)
    # A field edit waits for the row's creation, as a segment waits for its rows.
    while pending:
        progressed = False
        for write in list(pending):
            if row is None and write.field != ROW:
                continue
            landed = land(row, clocks, write)
            row, clocks = landed.row, landed.clocks
            pending.remove(write)
            progressed = True
        if not progressed:
            break
    return row, clocks


writes_strategy = st.lists(
    st.tuples(
        st.sampled_from(FIELDS),
        st.one_of(st.none(), st.integers(0, 3)),
        st.integers(0, 5),  # wall
        st.integers(0, 2),  # counter
        st.sampled_from(["a" * 32, "b" * 32, "c" * 32]),
    ),
    max_size=30,
)


def _writes(spec: list[tuple[str, Any, int, int, str]]) -> list[Write]:
    base = {name: None for name in FIELDS}
    created = Write("whales", "w1", ROW, {**base, "name": "first"}, _stamp(0, 0, "a" * 32))
    seen: set[str] = {created.stamp}
    out = [created]
    for name, value, wall, counter, device in spec:
        stamp = _stamp(wall, counter + 1, device)
        if stamp in seen:
            continue  # a device never stamps two writes alike
        seen.add(stamp)
        out.append(Write("whales", "w1", name, value, stamp, created.stamp))
    return out


@given(writes_strategy, st.randoms())
def test_merge_is_order_free_and_idempotent(spec: list[Any], rng: random.Random) -> None:
    """Pass: the same writes in any order, with any of them repeated, give the same row."""
    writes = _writes(spec)
    expected = _apply(writes)[0]
    shuffled = writes + rng.sample(writes, k=min(len(writes), 5))
    rng.shuffle(shuffled)
    assert _apply(shuffled)[0] == expected


def test_equal_wall_clocks_resolve_by_device_everywhere() -> None:
    """Pass: two writes at the same millisecond and counter end with the higher device's value,
    whichever arrives first."""
    created = Write("whales", "w1", ROW, {"name": "x", "deleted_at": None}, _stamp(1, 0, "a" * 32))
    from_a = Write("whales", "w1", "name", "from a", _stamp(5, 0, "a" * 32), created.stamp)
    from_b = Write("whales", "w1", "name", "from b", _stamp(5, 0, "b" * 32), created.stamp)
    assert _apply([created, from_a, from_b])[0]["name"] == "from b"  # type: ignore[index]
    assert _apply([created, from_b, from_a])[0]["name"] == "from b"  # type: ignore[index]


def test_concurrent_loser_is_kept_and_a_seen_write_is_not() -> None:
    """Pass: a write the winner never saw is reported as a loser; one it saw and replaced is not."""
    created = Write("whales", "w1", ROW, {"name": "x", "deleted_at": None}, _stamp(1, 0, "a" * 32))
    first = land(None, None, created)
    ana = Write("whales", "w1", "name", "Ana's", _stamp(5, 0, "a" * 32), created.stamp)
    ben = Write("whales", "w1", "name", "Ben's", _stamp(6, 0, "b" * 32), created.stamp)
    after_ana = land(first.row, first.clocks, ana)
    after_ben = land(after_ana.row, after_ana.clocks, ben)
    assert after_ben.row["name"] == "Ben's"
    assert [(x.value, x.winner) for x in after_ben.losers] == [("Ana's", ben.stamp)]
    informed = Write("whales", "w1", "name", "Ben's, later", _stamp(7, 0, "b" * 32), ana.stamp)
    after_informed = land(after_ana.row, after_ana.clocks, informed)
    assert after_informed.losers == []


def test_an_edit_after_a_delete_keeps_the_row_and_a_later_delete_wins() -> None:
    """Pass: delete at t2 then edit at t3 leaves the row live; a delete at t4 deletes it."""
    created = Write("whales", "w1", ROW, {"name": "x", "deleted_at": None}, _stamp(1, 0, "a" * 32))
    delete = Write("whales", "w1", "deleted_at", "2026-11-23", _stamp(2, 0, "a" * 32), "")
    edit = Write("whales", "w1", "name", "y", _stamp(3, 0, "b" * 32), "")
    for order in ([created, delete, edit], [created, edit, delete]):
        row = _apply(order)[0]
        assert row == {"name": "y", "deleted_at": None}
    again = Write("whales", "w1", "deleted_at", "2026-11-24", _stamp(4, 0, "a" * 32), "")
    assert _apply([created, delete, edit, again])[0] == {"name": "y", "deleted_at": "2026-11-24"}


@given(st.lists(st.integers(-10_000, 10_000), min_size=1, max_size=50))
def test_the_clock_never_runs_backwards(walls: list[int]) -> None:
    """Pass: whatever the wall clock does (jumps back, repeats), each tick is later."""
    clock = ZERO
    for wall in walls:
        following = clock.tick(wall)
        assert following > clock
        assert parse(following.stamp("d" * 32)) == following
        clock = following
