"""The operation runner: every database call runs on one worker thread, results come back here.

Like Anki's CollectionOp: a view hands over a function of the open book, the worker runs it
with the book open *at that moment*, and the UI thread gets the result (or the error). Edits go
through `edit`, which records them for undo; `undo` and `redo` are operations too. A result
that is a `Done` has its `Changes` broadcast, so each view refreshes only when it shows that
kind of data. No widget is touched from the worker, and none is read there: callers turn
dialogs into plain values before they hand work over.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from warroom import clock
from warroom.domain.changes import Changes, Done
from warroom.domain.errors import WarroomError

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook

log = logging.getLogger(__name__)
OUTSIDE_EVERY_MS = 1000  # edits made elsewhere show within about a second


class BookNotOpen(WarroomError):
    """No book is open (it failed to open); the message says so instead of a bug report."""


@dataclass
class _Job:
    work: Callable[[_Worker], Any]
    on_success: Callable[[Any], None] | None
    on_failure: Callable[[Exception], None] | None
    owner: QObject | None
    opens: bool = False
    title: str | None = None  # an edit's, for "Done: ..." once it lands


class _Worker(QObject):
    """Lives on the database thread and owns the open book there."""

    finished = Signal(object, object, object, object)  # job, result, error, undo state

    def __init__(self) -> None:
        super().__init__()
        self.book: OpenBook | None = None

    def open_book(self) -> OpenBook:
        if self.book is None:
            raise BookNotOpen("no book is open; the message at start-up said why")
        return self.book

    @Slot(object)
    def run(self, job: _Job) -> None:
        try:
            result = job.work(self)
        except WarroomError as exc:
            self.finished.emit(job, None, exc, self._undo_state())
        except Exception as exc:
            log.exception("operation failed")
            self.finished.emit(job, None, exc, self._undo_state())
        else:
            self.finished.emit(job, result, None, self._undo_state())

    def _undo_state(self) -> object:
        return self.book.undo_state if self.book is not None else None


class _Aside(QObject):
    """Lives on a thread of its own: work on files alone (reading a team's shared folder),
    which must not hold the book's thread while a slow disk or a cloud folder answers."""

    finished = Signal(object, object, object)  # job, result, error

    @Slot(object)
    def run(self, job: _Job) -> None:
        try:
            result = job.work(None)  # type: ignore[arg-type]  # no book on this thread
        except Exception as exc:
            if not isinstance(exc, WarroomError | OSError):
                log.exception("work aside failed")
            self.finished.emit(job, None, exc)
        else:
            self.finished.emit(job, result, None)


class OperationRunner(QObject):
    """Runs operations one at a time, in order, on the single database worker."""

    changed = Signal(object)  # Changes
    failed = Signal(object)  # an exception no caller handled
    undo_changed = Signal(object)  # UndoState
    edited = Signal(str)  # an edit landed: its title
    opened = Signal(object)  # the open book's file (Path)
    _submit = Signal(object)
    _submit_aside = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending = 0
        self._closed = False
        self._undo_state: object = None
        self.book_path: Path | None = None  # the open book's file, once open
        self._thread = QThread()
        self._thread.setObjectName("warroom-db")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._on_finished)
        self._thread.start()
        self._aside_thread = QThread()
        self._aside_thread.setObjectName("warroom-files")
        self._aside = _Aside()
        self._aside.moveToThread(self._aside_thread)
        self._submit_aside.connect(self._aside.run)
        self._aside.finished.connect(self._on_aside_finished)
        self._aside_thread.start()
        self._outside = QTimer(self)
        self._outside.timeout.connect(self._look_outside)

    @property
    def idle(self) -> bool:
        return self._pending == 0

    def _queue(self, job: _Job) -> None:
        self._pending += 1
        self._submit.emit(job)

    # --- what views call --------------------------------------------------------------------

    def read(
        self,
        work: Callable[[OpenBook], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        owner: QObject | None = None,
    ) -> None:
        """Read from the open book; `owner` gone by the time the result comes: it is dropped."""
        self._queue(_Job(lambda w: work(w.open_book()), on_success, on_failure, owner))

    def edit(
        self,
        title: str,
        work: Callable[[OpenBook], Done[Any]],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        *,
        join: bool = False,
        undoable: bool = True,
        owner: QObject | None = None,
    ) -> None:
        """One edit, undoable with Ctrl+Z; `on_success` gets the edit's value."""
        self._queue(
            _Job(
                lambda w: w.open_book().apply(title, work, join=join, undoable=undoable),
                _value(on_success),
                on_failure,
                owner,
                title=title if undoable else None,
            )
        )

    def undo(
        self,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        """Take back the last edit of the book open now (never one of a book closed since)."""
        self._queue(_Job(lambda w: w.open_book().undo(clock.now()), on_success, on_failure, None))

    def redo(
        self,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        self._queue(_Job(lambda w: w.open_book().redo(clock.now()), on_success, on_failure, None))

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        """Work that needs no book (a backup of the file, say), in order with the rest."""
        self._queue(_Job(lambda _w: work(), on_success, on_failure, None))

    def aside(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        """Work that needs no book and may be slow (the shared folder), on a thread of its own
        so the book's thread keeps serving the app; in order with other work aside."""
        self._pending += 1
        self._submit_aside.emit(_Job(lambda _w: work(), on_success, on_failure, None))

    def open(
        self,
        make: Callable[[], OpenBook],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
        *,
        reopen: Callable[[], OpenBook] | None = None,
    ) -> None:
        """Close the open book (if any), then open the one `make` returns, with a new, empty
        journal. Should `make` fail, `reopen` (when given) opens the book again first."""

        def swap(worker: _Worker) -> Path:
            old, worker.book = worker.book, None
            if old is not None:
                old.close()
            try:
                worker.book = make()
            except Exception:
                if reopen is not None:
                    worker.book = reopen()
                raise
            return worker.book.path

        self._queue(_Job(swap, on_success, on_failure, None, opens=True))

    def watch_outside(self) -> None:
        """From now on, show edits other processes make to the book."""
        self._outside.start(OUTSIDE_EVERY_MS)

    def _look_outside(self) -> None:
        if self.idle and self.book_path is not None:
            self.read(lambda book: book.outside_changes(), self._on_outside)

    def _on_outside(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    def broadcast(self, changes: Changes) -> None:
        """Tell every view about changes made outside an operation."""
        self.changed.emit(changes)

    # --- results, on the UI thread ----------------------------------------------------------

    @Slot(object, object, object, object)
    def _on_finished(self, job: _Job, result: Any, error: Exception | None, undo: Any) -> None:
        self._pending -= 1
        if self._closed:
            return  # the window that asked is gone; its widgets must not be touched
        if undo is not None and undo != self._undo_state:
            self._undo_state = undo
            self.undo_changed.emit(undo)
        if job.owner is not None and not shiboken6.isValid(job.owner):
            return  # the widget that asked was closed meanwhile: no one to show it to
        if error is not None:
            if job.on_failure is not None:
                job.on_failure(error)
            else:
                self.failed.emit(error)
            return
        if job.opens:
            self.book_path = result
            self.opened.emit(result)
        if job.title is not None:
            self.edited.emit(job.title)  # before on_success, whose own words then win
        if job.on_success is not None:
            job.on_success(result)
        if job.opens:
            self.changed.emit(Changes(book=True))
        elif isinstance(result, Done) and result.changes:
            self.changed.emit(result.changes)

    @Slot(object, object, object)
    def _on_aside_finished(self, job: _Job, result: Any, error: Exception | None) -> None:
        self._pending -= 1
        if self._closed:
            return
        if error is not None:
            if job.on_failure is not None:
                job.on_failure(error)
            else:
                self.failed.emit(error)
        elif job.on_success is not None:
            job.on_success(result)

    def shutdown(self) -> None:
        """Finish the work queued, close the open book on its own thread, stop the workers."""
        self._outside.stop()
        self._closed = True
        self._submit_aside.emit(_Job(lambda _w: QThread.currentThread().quit(), None, None, None))
        self._submit.emit(_Job(_close_book_and_stop, None, None, None))
        self._aside_thread.wait()
        self._thread.wait()


def _close_book_and_stop(worker: _Worker) -> None:
    # Queued behind every job still waiting, so edits in flight land before the book closes.
    if worker.book is not None:
        worker.book.close()
        worker.book = None
    QThread.currentThread().quit()


def _value(then: Callable[[Any], None] | None) -> Callable[[Any], None] | None:
    if then is None:
        return None

    def unwrap(done: Done[Any]) -> None:
        then(done.value)

    return unwrap
