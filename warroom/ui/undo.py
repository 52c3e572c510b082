"""Undo for edits: each command runs a service call on the database worker to do, and the
call that reverses it to undo (STYLE: undo calls the same service functions as the edit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from warroom.domain.changes import Done
from warroom.ui.ops import OperationRunner

Call = Callable[[], Done[Any]]


class OpCommand(QUndoCommand):
    def __init__(
        self,
        text: str,
        edits: Edits,
        do: Call,
        undo: Call,
        redo: Call | None,
        on_done: Callable[[Any], None] | None,
    ) -> None:
        super().__init__(text)
        self._edits = edits
        self._do, self._undo, self._redo = do, undo, redo or do
        self._on_done = on_done
        self._first = True

    def redo(self) -> None:
        work = self._do if self._first else self._redo
        on_done = self._on_done if self._first else None
        self._first = False
        self._edits.run(self, work, on_done)

    def undo(self) -> None:
        self._edits.run(self, self._undo, None)


class Edits:
    """Pushes undoable edits; a failed first run shows its error and leaves no command behind."""

    def __init__(
        self, runner: OperationRunner, stack: QUndoStack, on_error: Callable[[Exception], None]
    ) -> None:
        self.runner = runner
        self.stack = stack
        self._on_error = on_error

    def push(
        self,
        text: str,
        do: Call,
        undo: Call,
        *,
        redo: Call | None = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        self.stack.push(OpCommand(text, self, do, undo, redo, on_done))

    def run(self, command: OpCommand, work: Call, on_done: Callable[[Any], None] | None) -> None:
        def failed(error: Exception) -> None:
            self._on_error(error)
            if self.stack.command(self.stack.index() - 1) is command:
                command.setObsolete(True)
                self.stack.undo()  # drops the obsolete command from the stack

        self.runner.run(
            work,
            on_success=lambda done: on_done(done.value) if on_done else None,
            on_failure=failed,
        )
