"""The open book: one object owns the store, every use case over it, and the undo journal.

Like Anki's collection: the app hands each operation the book open *when it runs*, never one
captured earlier, so an edit queued before a restore cannot write into the restored book, and
opening another book starts a new, empty journal. Every edit runs through `apply`: one write
transaction, recorded from the store's own change capture, returning what it changed. `undo`
and `redo` are operations too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from warroom.domain.changes import ANY, NAMED_ROWS, Changes, Done
from warroom.domain.errors import NotFound
from warroom.domain.undo import FieldEdit, Journal, Step, UndoState, merge_edits
from warroom.services.book import Book
from warroom.services.cadences import Cadences
from warroom.services.learning import Learning
from warroom.services.today import Today
from warroom.services.war_room import WarRoom
from warroom.store import undoing
from warroom.store.db import Store, open_store

T = TypeVar("T")
Edit = Callable[["OpenBook"], Done[T]]


class OpenBook:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.book = Book(store)
        self.workspace = self.book.workspace
        self.decay = self.book.decay
        self.cadences = Cadences(self.book)
        self.learning = Learning(self.book)
        self.today = Today(self.book)
        self.war_room = WarRoom(self.book)
        self.journal = Journal()

    @classmethod
    def open(cls, path: Path, at: datetime) -> OpenBook:
        """Open (or create) the book file; refuses what is not a book (NotABook)."""
        return cls(open_store(path, at=at))

    @property
    def path(self) -> Path:
        return self.store.path

    def close(self) -> None:
        self.store.close()

    # --- edits and their undo ---------------------------------------------------------------

    def apply(
        self, title: str, edit: Edit[T], *, join: bool = False, undoable: bool = True
    ) -> Done[T]:
        """Run one edit in one write transaction and keep it in the journal for undo.

        `join` adds it to the step before (an offer accepted right after an edit, such as the
        trigger offered for a former signer, goes with it). `undoable` is off only for setting
        up (the first run's answers), which Ctrl+Z should not take back."""
        with self.store.capture.recording() as edits, self.store.transaction(write=True):
            done = edit(self)
        if undoable:
            self.journal.record(Step(title, merge_edits(edits), done.changes), join=join)
        return done

    def undo(self, at: datetime) -> Done[UndoState]:
        step = self.journal.next_undo()
        if step is None:
            raise NotFound("nothing to undo")
        with self.store.transaction(write=True) as session:
            undoing.revert(session, step, self.store.log, at)
        self.journal.undid(step)
        return Done(self.journal.state, _changes_of(step))

    def redo(self, at: datetime) -> Done[UndoState]:
        step = self.journal.next_redo()
        if step is None:
            raise NotFound("nothing to redo")
        with self.store.transaction(write=True) as session:
            undoing.reapply(session, step, self.store.log, at)
        self.journal.redid(step)
        return Done(self.journal.state, _changes_of(step))

    @property
    def undo_state(self) -> UndoState:
        return self.journal.state

    # --- edits made elsewhere ---------------------------------------------------------------

    def outside_changes(self) -> Changes:
        """What the command line, a sync or another process wrote since the last look."""
        return Changes.outside(self.store.outside_tables())


def _changes_of(step: Step) -> Changes:
    """What taking a step back (or putting it back) changes: what the edit changed."""
    rows: list[tuple[str, str]] = []
    for edit in step.edits:
        if isinstance(edit, FieldEdit):
            rows.append((edit.table, edit.row_id))
        elif len(edit.row_ids) > NAMED_ROWS:
            rows.append((edit.table, ANY))  # an import's thousands: views reload whole
        else:
            rows.extend((edit.table, row_id) for row_id in edit.row_ids)
    return step.changes | Changes.of_rows(rows)
