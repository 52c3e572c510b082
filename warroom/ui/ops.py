"""The operation runner: every database call runs on one worker thread, results come back here.

Like Anki's CollectionOp: a view hands over a function, the worker runs it, and the UI thread
gets the result (or the error). A result that is a `Done` has its `Changes` broadcast, so each
view refreshes only when it shows that kind of data. No widget is touched from the worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from warroom.domain.changes import Changes, Done
from warroom.domain.errors import WarroomError

log = logging.getLogger(__name__)


@dataclass
class _Job:
    work: Callable[[], Any]
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[Exception], None] | None


class _Worker(QObject):
    finished = Signal(object, object, object)  # job, result, error

    @Slot(object)
    def run(self, job: _Job) -> None:
        try:
            result = job.work()
        except WarroomError as exc:
            self.finished.emit(job, None, exc)
        except Exception as exc:
            log.exception("operation failed")
            self.finished.emit(job, None, exc)
        else:
            self.finished.emit(job, result, None)


class OperationRunner(QObject):
    """Runs operations one at a time, in order, on the single database worker."""

    changed = Signal(object)  # Changes
    failed = Signal(object)  # an exception no caller handled
    _submit = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending = 0
        self._closed = False
        self._thread = QThread()
        self._thread.setObjectName("warroom-db")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._on_finished)
        self._thread.start()

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        self._pending += 1
        self._submit.emit(_Job(work, on_success, on_failure))

    @Slot(object, object, object)
    def _on_finished(self, job: _Job, result: Any, error: Exception | None) -> None:
        self._pending -= 1
        if self._closed:
            return  # the window that asked is gone; its widgets must not be touched
        if error is not None:
            if job.on_failure is not None:
                job.on_failure(error)
            else:
                self.failed.emit(error)
            return
        if job.on_success is not None:
            try:
                job.on_success(result)
            except RuntimeError as exc:
                # The widget that asked was replaced meanwhile (a restored book rebuilds the
                # sections): its late result has no one to show it to.
                if "already deleted" not in str(exc):
                    raise
                log.debug("dropped a result for a deleted widget: %s", exc)
        if isinstance(result, Done) and result.changes:
            self.changed.emit(result.changes)

    def broadcast(self, changes: Changes) -> None:
        """Tell every view about changes made outside an operation (e.g. a restored book)."""
        self.changed.emit(changes)

    def shutdown(self) -> None:
        self._closed = True
        self._thread.quit()
        self._thread.wait()
