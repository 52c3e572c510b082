"""Undo: what one edit changed, field by field, and the journal of edits to take back.

The store records these from its own change capture while an edit runs, so undo restores
exactly the fields the edit wrote and nothing else (DESIGN.md, Undo). A field someone else has
changed since (a teammate through sync, the command line) is left as they made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from warroom.domain.changes import Changes

STEPS_KEPT = 100  # like a text editor: enough to walk back a morning's work


@dataclass(frozen=True)
class FieldEdit:
    """One field of an existing row, from `before` to `after` (values as the store reads them)."""

    table: str
    row_id: str
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class RowsAdded:
    """Rows an edit created; taking the edit back deletes them (as tombstones, which sync)."""

    table: str
    row_ids: tuple[str, ...]


Edit = FieldEdit | RowsAdded


@dataclass(frozen=True)
class Step:
    """One thing the user did: what Ctrl+Z takes back in one press."""

    title: str
    edits: tuple[Edit, ...]
    changes: Changes

    def joined(self, later: Step) -> Step:
        """This step and a later one (an offer accepted right after it) as one."""
        return Step(self.title, self.edits + later.edits, self.changes | later.changes)


@dataclass(frozen=True)
class UndoState:
    """What Ctrl+Z and Ctrl+Shift+Z would do now, for the Edit menu."""

    undo: str | None = None
    redo: str | None = None


@dataclass
class Journal:
    """The steps of one open book, newest last. Undo and redo move a step from one list to the
    other only once the store has taken it back (or put it back), so a failed undo leaves the
    journal as it was."""

    done: list[Step] = field(default_factory=list)
    undone: list[Step] = field(default_factory=list)

    def record(self, step: Step, *, join: bool = False) -> None:
        if not step.edits:
            return  # an edit that wrote nothing leaves nothing to take back
        if join and self.done:
            self.done[-1] = self.done[-1].joined(step)
        else:
            self.done.append(step)
            del self.done[:-STEPS_KEPT]
        self.undone.clear()

    def next_undo(self) -> Step | None:
        return self.done[-1] if self.done else None

    def next_redo(self) -> Step | None:
        return self.undone[-1] if self.undone else None

    def undid(self, step: Step) -> None:
        assert self.done and self.done[-1] is step, "undo out of order"
        self.undone.append(self.done.pop())

    def redid(self, step: Step) -> None:
        assert self.undone and self.undone[-1] is step, "redo out of order"
        self.done.append(self.undone.pop())

    @property
    def state(self) -> UndoState:
        undo, redo = self.next_undo(), self.next_redo()
        return UndoState(undo.title if undo else None, redo.title if redo else None)


def merge_edits(edits: Sequence[Edit]) -> tuple[Edit, ...]:
    """Rows added by one step, gathered per table (an import adds thousands in chunks)."""
    out: list[Edit] = []
    added: dict[str, list[str]] = {}
    for edit in edits:
        if isinstance(edit, RowsAdded):
            if edit.table not in added:
                added[edit.table] = []
                out.append(RowsAdded(edit.table, ()))  # keeps the table's first position
            added[edit.table].extend(edit.row_ids)
        else:
            out.append(edit)
    return tuple(
        RowsAdded(e.table, tuple(added[e.table])) if isinstance(e, RowsAdded) else e for e in out
    )
