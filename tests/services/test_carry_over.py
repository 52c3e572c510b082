"""What was read of the whole book (heat's inputs, touch figures) carries over this process's
own edits by re-reading only the whales they wrote, and equals reading the book afresh."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import NOW
from warroom.domain.kinds import TOUCH_KINDS, TRIGGER_KINDS
from warroom.services import decay as decay_service
from warroom.services.book import Book
from warroom.services.open_book import OpenBook
from warroom.store import queries
from warroom.store.db import open_store

# An edit is (what, which whale by position, how many days ago, which kind by position).
EDITS = st.lists(
    st.tuples(
        st.sampled_from(
            ["touch", "trigger", "forget touch", "deal size", "undo", "redo", "outside", "whale"]
        ),
        st.integers(0, 59),
        st.integers(0, 400),
        st.integers(0, 50),
    ),
    min_size=1,
    max_size=8,
)


def _edit(opened: OpenBook, path: Path, whales: list[str], step: tuple[str, int, int, int]) -> None:
    what, which, days_ago, kind = step
    whale = whales[which % len(whales)]
    when = NOW - timedelta(days=days_ago)
    book = opened.book
    if what == "touch":
        touch_kind = sorted(TOUCH_KINDS)[kind % len(TOUCH_KINDS)]
        opened.apply("Log", lambda b: b.book.log_touch(whale, touch_kind, when, NOW))
    elif what == "trigger":
        trigger_kind = sorted(TRIGGER_KINDS)[kind % len(TRIGGER_KINDS)]
        opened.apply("Trigger", lambda b: b.book.add_trigger(whale, trigger_kind, when, NOW))
    elif what == "forget touch":
        touches = opened.workspace.page(whale).timeline
        if touches:
            touch = touches[kind % len(touches)]
            opened.apply("Forget", lambda b: b.workspace.set_touch_deleted(touch.id, True, NOW))
    elif what == "deal size":
        definition = opened.workspace.page(whale).definition
        bigger = replace(definition, deal_size=definition.deal_size + 1000)
        opened.apply("Size", lambda b: b.workspace.save_definition(whale, bigger, NOW))
    elif what == "whale":
        opened.apply("Add", lambda b: b.book.add_whale(f"New whale {kind}-{days_ago}", NOW))
    elif what == "undo" and opened.undo_state.undo:
        opened.undo(NOW)
    elif what == "redo" and opened.undo_state.redo:
        opened.redo(NOW)
    elif what == "outside":
        other = open_store(path)  # the command line, meanwhile
        try:
            Book(other).log_touch(whale, "meeting", when, NOW)
        finally:
            other.close()
    del book


def _fresh(path: Path) -> tuple[Any, queries.TouchFigures]:
    with sqlite3.connect(path) as raw:
        raw.execute("DELETE FROM kept_reads")  # read from the tables, not from a kept value
    other = open_store(path)
    try:
        book = Book(other)
        return book.decay.book_heat(NOW), book.touch_figures()
    finally:
        other.close()


def _same_heat(carried: Any, fresh: Any) -> None:
    assert carried.half_life.days == pytest.approx(fresh.half_life.days, rel=1e-12)
    assert carried.half_life.learned == fresh.half_life.learned
    assert carried.heat.keys() == fresh.heat.keys()
    for whale_id, heat in fresh.heat.items():
        # Events of one whale on the same day may be summed in another order.
        assert carried.heat[whale_id] == pytest.approx(heat, rel=1e-9, abs=1e-12)
    assert carried.last_flare_at == fresh.last_flare_at


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_carried_reads_equal_fresh_reads(demo_file: Path, edits: list[Any]) -> None:
    """Pass: after any run of edits, undos, redos and the command line's writes, the open
    book's heat (half-life, every whale's heat and last flare) and touch figures equal what a
    fresh process reads from the tables."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.sqlite"
        shutil.copy(demo_file, path)
        opened = OpenBook(open_store(path, at=NOW))
        try:
            whales = [w.id for w in opened.book.whales(NOW)]
            for step in edits:
                _edit(opened, path, whales, step)
                carried = opened.decay.book_heat(NOW), opened.book.touch_figures()
                fresh = _fresh(path)
                _same_heat(carried[0], fresh[0])
                assert carried[1] == fresh[1]
        finally:
            opened.close()


def test_a_touch_rereads_its_whale_not_the_book(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass: once heat has been read, logging a touch and undoing it read no event of the
    whole book again; another process's write does (only this process's edits are known)."""
    path = tmp_path / "book.sqlite"
    shutil.copy(demo_file, path)
    opened = OpenBook(open_store(path, at=NOW))
    try:
        whale = opened.book.whales(NOW)[3].id
        opened.decay.book_heat(NOW)
        opened.book.touch_figures()
        reads: list[str] = []
        real_inputs, real_figures = decay_service.heat_inputs, queries.touch_figures

        def inputs(*args: Any) -> Any:
            reads.append("heat inputs")
            return real_inputs(*args)

        def figures(session: Any, owner_id: Any = None, whale_ids: Any = None) -> Any:
            if whale_ids is None:
                reads.append("touch figures")
            return real_figures(session, owner_id, whale_ids)

        monkeypatch.setattr(decay_service, "heat_inputs", inputs)
        monkeypatch.setattr(queries, "touch_figures", figures)
        opened.apply("Log", lambda b: b.book.log_touch(whale, "meeting", NOW, NOW))
        before = opened.decay.book_heat(NOW).heat[whale]
        opened.book.touch_figures()
        opened.undo(NOW)
        after = opened.decay.book_heat(NOW).heat[whale]
        opened.book.touch_figures()
        assert reads == []
        assert before > after
        other = open_store(path)
        try:
            Book(other).log_touch(whale, "meeting", NOW, NOW)
        finally:
            other.close()
        opened.decay.book_heat(NOW)
        opened.book.touch_figures()
        assert sorted(reads) == ["heat inputs", "touch figures"]
    finally:
        opened.close()


def test_the_whales_an_edit_changed_are_found_from_the_rows_it_names(
    demo_file: Path, tmp_path: Path
) -> None:
    """Pass: a touch or a person names its whale; "some whales" (another process's write),
    reps or settings mean every row may have changed (None: reload the list whole)."""
    from warroom.domain.changes import ANY, Changes

    path = tmp_path / "book.sqlite"
    shutil.copy(demo_file, path)
    opened = OpenBook(open_store(path, at=NOW))
    try:
        whale = opened.book.whales(NOW)[3].id
        touch = opened.workspace.page(whale).timeline[0]
        book = opened.book
        assert book.whales_changed(Changes(touches=frozenset({touch.id}))) == {whale}
        assert book.whales_changed(Changes(whales=frozenset({"w1"}))) == {"w1"}
        assert book.whales_changed(Changes(whales=frozenset({ANY}))) is None
        assert book.whales_changed(Changes(touches=frozenset({ANY}))) is None
        assert book.whales_changed(Changes(reps=frozenset({"r"}))) is None
        assert book.whales_changed(Changes(book=True)) is None
    finally:
        opened.close()
