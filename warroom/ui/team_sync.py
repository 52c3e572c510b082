"""Team sync in the window: the status in the status bar, sync on start, every few minutes
and on demand (with progress), and the team, status and "2 versions" dialogs."""

from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QProgressBar, QToolButton

from warroom.clock import on_this_clock
from warroom.domain.changes import Done
from warroom.domain.errors import BadInput
from warroom.domain.words import plural
from warroom.ui.ops import OperationRunner
from warroom.ui.team_push import TeamPush
from warroom.ui.team_secrets import OnFirstUse, SessionPassphrase

if TYPE_CHECKING:
    # Sync loads the store and cryptography: imported once a book is open, not at first paint.
    from warroom.services.open_book import OpenBook
    from warroom.services.sync import ShareWork, Sync, SyncReport, SyncStatus
    from warroom.services.team_keys import KeyringBackend, TeamKeys
    from warroom.store.db import Store
    from warroom.ui.dialogs.conflicts import ConflictsDialog
    from warroom.ui.dialogs.passphrase import PassphraseDialog
    from warroom.ui.dialogs.sync_status import SyncDialog
    from warroom.ui.dialogs.team import TeamDialog

SOON_MS = 3_000  # after an edit here, the sync that publishes it
EVERY_MS = 5 * 60_000


class _InFlight:
    """A sync between its steps: the steps, the book they began on, the share work next."""

    def __init__(self, steps: Generator[ShareWork, Any, SyncReport], store: Store) -> None:
        self.steps, self.store = steps, store
        self.work: ShareWork = lambda: None


def _advance(
    book: OpenBook, flight: _InFlight, resume: Callable[[], ShareWork]
) -> _InFlight | Done[SyncReport]:
    """Run the sync on to its next step on the share, or to its end (the report and what it
    changed, for the views). On the book's thread."""
    if book.store is not flight.store:
        flight.steps.close()
        raise BadInput("another book was opened during the sync; sync again")
    try:
        flight.work = resume()
    except StopIteration as finished:
        report: SyncReport = finished.value
        return Done(report, report.changes)
    return flight


class TeamSync(QObject):
    progressed = Signal(int, int)  # files applied, files to apply (emitted on the worker)

    def __init__(
        self,
        runner: OperationRunner,
        window: QMainWindow,
        keyring: Callable[[], KeyringBackend] | None,
        data_root: Path,
    ) -> None:
        super().__init__(window)
        self._runner, self._window = runner, window
        self._keyring, self._root = keyring, data_root
        self._keys: TeamKeys | None = None
        self._passphrase = SessionPassphrase()
        self._asked_unprompted = False  # a timed sync asks for the passphrase once, no more
        self._busy = False
        self.status: SyncStatus | None = None
        self.report: SyncReport | None = None
        self.button = QToolButton()
        self.button.setAutoRaise(True)
        self.button.setText("Not in a team")
        self.button.setToolTip("Team sync: click for the status (Ctrl+Shift+Y)")
        self.button.clicked.connect(self.show_status)
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(140)
        self.bar.setTextVisible(False)
        self.bar.hide()
        window.statusBar().addPermanentWidget(self.bar)
        window.statusBar().addPermanentWidget(self.button)
        self.dialog: SyncDialog | None = None
        self.conflicts_dialog: ConflictsDialog | None = None
        self.team_dialog: TeamDialog | None = None
        self.passphrase_dialog: PassphraseDialog | None = None
        self.progressed.connect(self._on_progress)
        self._timer = QTimer(self)
        self._timer.timeout.connect(lambda: self.sync_now(quiet=True))
        self.push = TeamPush(self)
        self.push.heard.connect(self._on_pushed)
        self._again = False  # heard of a publish while syncing: sync once more after
        # An edit here reaches the team within seconds, not at the next five-minute round:
        # a short wait gathers a burst of edits (typing down Today's list) into one sync.
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(SOON_MS)
        self._soon.timeout.connect(self._on_pushed)
        runner.edited.connect(lambda _title: self._after_edit())
        runner.undo_changed.connect(lambda _state: self._after_edit())

    @property
    def busy(self) -> bool:
        return self._busy

    def attach(self) -> None:
        """A book is open; when it is in a team, sync now and every few minutes."""
        from warroom.services.team_keys import TeamKeys

        if self._keyring is not None and self._keys is None:
            from warroom.services.key_file import key_store

            find, root, ask = self._keyring, self._root, self._passphrase.ask
            self._keys = TeamKeys(OnFirstUse(lambda: key_store(root, find, ask)))
        self._timer.stop()
        self._refresh(then_sync=True)

    def stop(self) -> None:
        """The window closes: no more timed or pushed syncs (one in flight finishes)."""
        self._timer.stop()
        self.push.stop()

    def _after_edit(self) -> None:
        if self.status is not None and self.status.joined:
            self._soon.start()

    def _on_pushed(self) -> None:
        if self._busy:
            self._again = True
        else:
            self.sync_now(quiet=True)

    def _sync_of(self, book: OpenBook) -> Sync:
        """The sync use cases over the book open when the work runs."""
        from warroom.services.sync import Sync

        assert self._keys is not None
        return Sync(book.store, self._keys, self._root)

    def _refresh(self, then_sync: bool = False) -> None:
        if self._keys is None:
            return

        def shown(status: SyncStatus) -> None:
            self._show(status)
            if status.joined and self._keys is not None:
                self.push.follow(status.shared, status.team, status.device, self._keys.backend)
            else:
                self.push.stop()  # another book, not in a team: nothing to hear
            if then_sync and status.joined:
                self._timer.start(EVERY_MS)
                self.sync_now(quiet=True)

        self._runner.read(lambda book: self._sync_of(book).status(), shown)

    def _show(self, status: SyncStatus) -> None:
        self.status = status
        if not status.joined:
            self.button.setText("Not in a team")
        else:
            when = on_this_clock(status.last_sync, "%H:%M") if status.last_sync else "never"
            others = len(status.devices)
            parts = [f"Synced {when}", f"{others} other laptop{'' if others == 1 else 's'}"]
            if status.conflicts:
                parts.append(f"{status.conflicts} to review")
            if status.quarantined:
                parts.append(f"{len(status.quarantined)} set aside")
            if self.report is not None and self.report.waiting:
                # Files that cannot apply yet (a newer team key, a gap): not "all synced".
                parts.append(f"{len(self.report.waiting)} waiting: click")
            self.button.setText(" · ".join(parts))
        if self.dialog is not None:
            self.dialog.show_status(status, self.report)

    # --- syncing ----------------------------------------------------------------------------

    def sync_now(
        self, quiet: bool = False, republish: bool = False, clock_is_right: bool = False
    ) -> None:
        if self._keys is None or self._busy:
            return
        if self.status is not None and not self.status.joined:
            if not quiet:
                self.show_status()
            return
        self._busy = True
        self.bar.setRange(0, 0)  # busy until the first file is counted
        self.bar.show()
        self.button.setText("Syncing…")

        progressed, runner = self.progressed, self._runner

        def begin(book: OpenBook) -> _InFlight | Done[SyncReport]:
            steps = self._sync_of(book).steps(
                progress=lambda done, total, _name: progressed.emit(done, total),
                republish=republish,
                clock_is_right=clock_is_right,
            )
            return _advance(book, _InFlight(steps, book.store), lambda: next(steps))

        # The book's thread runs the sync between its steps on the shared folder; those run
        # aside, so the app answers while a slow or cloud folder is read.
        def stepped(result: _InFlight | Done[SyncReport]) -> None:
            if isinstance(result, Done):
                self._synced(result.value)
                return
            flight = result
            runner.aside(
                flight.work,
                lambda value: runner.read(
                    lambda book: _advance(book, flight, lambda: flight.steps.send(value)),
                    stepped,
                    failed,
                ),
                lambda error: runner.read(
                    lambda book: _advance(book, flight, lambda: flight.steps.throw(error)),
                    stepped,
                    failed,
                ),
            )

        def failed(error: Exception) -> None:
            self._failed(error, quiet)
            if quiet and self._asked_unprompted:
                return
            if self._unlock_then(error, lambda: self.sync_now(False, republish, clock_is_right)):
                self._asked_unprompted = True

        runner.read(begin, stepped, failed)

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        if self.dialog is not None:
            self.dialog.show_progress(done, total)

    def _finish(self) -> None:
        self._busy = False
        self.bar.hide()
        if self.dialog is not None:
            self.dialog.hide_progress()
        if self._again:
            self._again = False
            QTimer.singleShot(0, lambda: self.sync_now(quiet=True))

    def _synced(self, report: SyncReport) -> None:
        self._finish()
        self.report = report
        said = f"Synced: {plural(report.changes_applied, 'change')} in, {report.published} out"
        # A version kept in one file may be settled by a later one of the same sync.
        kept = min(report.new_conflicts, report.conflicts_waiting)
        if kept == 1:
            said += "; 1 edit made at the same time elsewhere is kept for review"
        elif kept:
            said += f"; {kept} edits made at the same time are kept for review"
        self._window.statusBar().showMessage(said, 6000)
        self._refresh()
        if report.quarantined or report.notices:
            self.show_status()

    def _failed(self, error: Exception, quiet: bool) -> None:
        from warroom.services.key_file import NeedPassphrase, WrongPassphrase

        self._finish()
        self.button.setText("Sync failed: click for why")
        self.button.setToolTip(str(error))
        if isinstance(error, NeedPassphrase | WrongPassphrase):
            self.button.setText("Sync waits for the passphrase")
            return
        if not quiet:
            box = QMessageBox(
                QMessageBox.Icon.Warning, "Team sync", str(error), parent=self._window
            )
            self.message = box
            box.open()

    # --- dialogs ----------------------------------------------------------------------------

    def show_status(self) -> None:
        if self.dialog is None:
            from warroom.ui.dialogs.sync_status import SyncDialog

            self.dialog = SyncDialog(self._window)
            self.dialog.sync_requested.connect(lambda: self.sync_now())
            self.dialog.create_requested.connect(lambda: self.ask_team(joining=False))
            self.dialog.join_requested.connect(lambda: self.ask_team(joining=True))
            self.dialog.review_requested.connect(self.review_conflicts)
            self.dialog.vouch_requested.connect(lambda: self.sync_now(clock_is_right=True))
        if self.status is not None:
            self.dialog.show_status(self.status, self.report)
        self.dialog.show()
        self.dialog.raise_()

    def ask_team(self, joining: bool) -> None:
        if self._keys is None:
            self._window.statusBar().showMessage("The book is still opening…", 4000)
            return
        from warroom.ui.dialogs.team import TeamDialog

        dialog = TeamDialog(joining, self._window)
        dialog.accepted.connect(lambda: self._team(dialog))
        self.team_dialog = dialog
        dialog.open()

    def _team(self, dialog: TeamDialog) -> None:
        from warroom.services.transport import location_of

        folder, code = dialog.choice()
        shared = location_of(folder)
        joining = dialog.joining

        from warroom.services.sync import device_name

        def work(book: OpenBook) -> str:
            me = book.book.me()
            name = device_name(me.name if me else "")
            sync = self._sync_of(book)
            if joining:
                return sync.join_team(shared, code, name)
            return sync.create_team(shared, name)

        def done(said: str) -> None:
            from warroom.ui.dialogs.team import RecoveryCodeDialog

            if not joining:
                self.code_dialog = RecoveryCodeDialog(said, self._window)
                self.code_dialog.open()
            self._refresh(then_sync=True)

        def refused(error: Exception) -> None:
            if self._unlock_then(error, lambda: self._team(dialog)):
                return
            dialog.show_error(str(error))
            dialog.open()

        self._runner.read(work, done, refused)

    def move_team(self) -> None:
        """The lead moves the team to another folder or server (its key stays)."""
        if self._keys is None or self.status is None or not self.status.joined:
            self.show_status()
            return
        from warroom.ui.team_move import ask_move

        moved = lambda: self._refresh(then_sync=True)  # noqa: E731
        self.team_dialog = ask_move(
            self._window, self._runner, self._sync_of, self._unlock_then, moved
        )

    def new_team_key(self) -> None:
        """The lead makes a new team key (old files stay readable) and hands out its code."""
        status = self.status
        if self._keys is None or status is None or not status.joined:
            self.show_status()
            return
        shared = status.shared  # a path or a server's URL, as the book keeps it

        def shown(code: str) -> None:
            from warroom.ui.dialogs.team import RecoveryCodeDialog

            self.code_dialog = RecoveryCodeDialog(code, self._window)
            self.code_dialog.open()

        def failed(error: Exception) -> None:
            if not self._unlock_then(error, self.new_team_key):
                self._failed(error, quiet=False)

        self._runner.read(lambda book: self._sync_of(book).rotate_key(shared), shown, failed)

    def _unlock_then(self, error: Exception, retry: Callable[[], None]) -> bool:
        """When `error` is the key file wanting its passphrase: ask for it, then `retry`.
        False for any other error."""
        from warroom.services.key_file import NeedPassphrase, WrongPassphrase
        from warroom.ui.dialogs.passphrase import PassphraseDialog

        if isinstance(error, WrongPassphrase):
            self._passphrase.value = None
            dialog = PassphraseDialog(False, str(error), self._window)
        elif isinstance(error, NeedPassphrase):
            dialog = PassphraseDialog(error.new, "", self._window)
        else:
            return False

        def given() -> None:
            self._passphrase.value = dialog.choice()
            retry()

        dialog.accepted.connect(given)
        self.passphrase_dialog = dialog
        dialog.open()
        return True

    def review_conflicts(self) -> None:
        if self._keys is None:
            return
        if self.conflicts_dialog is None:
            from warroom.ui.dialogs.conflicts import ConflictsDialog

            self.conflicts_dialog = ConflictsDialog(self._window)
            self.conflicts_dialog.chosen.connect(self._choose)
        self.conflicts_dialog.show()
        self.conflicts_dialog.raise_()
        self._runner.read(
            lambda book: self._sync_of(book).conflicts(), self.conflicts_dialog.show_conflicts
        )

    def _choose(self, conflict_id: int, take_theirs: bool) -> None:
        dialog = self.conflicts_dialog
        if self._keys is None or dialog is None:
            return
        self._runner.edit(
            "Keep one of 2 versions",
            lambda book: self._sync_of(book).choose(conflict_id, take_theirs),
        )
        self._runner.read(lambda book: self._sync_of(book).conflicts(), dialog.show_conflicts)
        self._refresh()
