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
from warroom.domain.changes import NAMED_ROWS
from warroom.domain.kinds import TOUCH_KINDS, TRIGGER_KINDS
from warroom.domain.records import Touch
from warroom.services import decay as decay_service
from warroom.services.book import Book
from warroom.services.open_book import OpenBook
from warroom.store import queries
from warroom.store.bulk import insert_touches
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
        name = f"New whale {len(book.whales(NOW))}"
        opened.apply("Add", lambda b: b.book.add_whale(name, NOW))
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


def _read(opened: OpenBook, later: int) -> tuple[Any, queries.TouchFigures, Any]:
    """Heat, touch figures, and every rep's day counts `later` days on."""
    reps = opened.book.reps()
    return (
        opened.decay.book_heat(NOW),
        opened.book.touch_figures(),
        opened.today._histories(reps, NOW + timedelta(days=later)),
    )


def _fresh(path: Path, later: int, *, kept: bool) -> tuple[Any, queries.TouchFigures, Any]:
    """What another process reads: from the tables, or carrying what the book keeps."""
    if not kept:
        with sqlite3.connect(path) as raw:
            raw.execute("DELETE FROM kept_reads")
    other = OpenBook(open_store(path))
    try:
        return _read(other, later)
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
@given(edits=EDITS, later=st.lists(st.integers(0, 12), min_size=1, max_size=8))
def test_carried_reads_equal_fresh_reads(
    demo_file: Path, edits: list[Any], later: list[int]
) -> None:
    """Pass: after any run of edits, undos, redos and the command line's writes, the open
    book's heat (half-life, every whale's heat and last flare), touch figures and the reps'
    day counts (on a day some days on, carried from the days before) equal what a fresh
    process carries from the values kept in the book, and what one reads from the tables."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.sqlite"
        shutil.copy(demo_file, path)
        opened = OpenBook(open_store(path, at=NOW))
        try:
            whales = [w.id for w in opened.book.whales(NOW)]
            for n, step in enumerate(edits):
                days_on = later[n % len(later)]
                _edit(opened, path, whales, step)
                carried = _read(opened, days_on)
                for fresh in (_fresh(path, days_on, kept=True), _fresh(path, days_on, kept=False)):
                    _same_heat(carried[0], fresh[0])
                    assert carried[1:] == fresh[1:]
        finally:
            opened.close()


def test_a_touch_rereads_its_whale_not_the_book(
    demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass: once heat has been read, logging a touch and undoing it read no event of the
    whole book again, nor does another process's touch (the written log names its whale);
    a fresh process carries the values kept in the book over the touches since; a write too
    big to name its whales (an import's) reads the whole book again."""
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
        assert reads == []
        fresh = OpenBook(open_store(path, at=NOW))
        try:
            assert fresh.decay.book_heat(NOW) == opened.decay.book_heat(NOW)
            assert fresh.book.touch_figures() == opened.book.touch_figures()
        finally:
            fresh.close()
        assert reads == []
        many = [
            Touch(f"bulk-{n}", whale, None, None, "email_sent", NOW - timedelta(minutes=n), "")
            for n in range(NAMED_ROWS + 1)
        ]
        with opened.store.transaction(write=True) as session:
            insert_touches(session, many, NOW)
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


def test_a_reps_last_morning_touch_forgotten_leaves_no_day_counted(
    demo_file: Path, tmp_path: Path
) -> None:
    """Pass: a rep whose only morning touch is forgotten by another process has no made day
    left in the counts the open book carries, as a fresh read finds."""
    path = tmp_path / "book.sqlite"
    shutil.copy(demo_file, path)
    opened = OpenBook(open_store(path, at=NOW))
    try:
        opened.book.set_me("Newcomer", "UTC", NOW)
        newcomer = opened.book.me()
        assert newcomer is not None
        whale = opened.book.whales(NOW)[0].id
        morning = NOW.replace(hour=9) - timedelta(days=3)
        touch = opened.book.log_touch(whale, "meeting", morning, NOW).value
        assert opened.today._histories([newcomer], NOW)[newcomer.id][1]
        other = open_store(path)
        try:
            Book(other).workspace.set_touch_deleted(touch.id, True, NOW)
        finally:
            other.close()
        carried = opened.today._histories([newcomer], NOW)[newcomer.id]
        assert carried == _fresh(path, 0, kept=False)[2][newcomer.id]
        assert carried[1] == {}
    finally:
        opened.close()
