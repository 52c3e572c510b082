"""Team ▸ Move the team…: the lead moves the team to another folder or a team server."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from warroom.ui.dialogs.team import TeamDialog
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook
    from warroom.services.sync import Moving, Sync

Unlock = Callable[[Exception, Callable[[], None]], bool]  # asks a passphrase, then retries


def ask_move(
    window: QMainWindow,
    runner: OperationRunner,
    sync_of: Callable[[OpenBook], Sync],
    unlock_then: Unlock,
    moved: Callable[[], None],
) -> TeamDialog:
    """Ask where to, then move; a refusal shows in the dialog, which stays open to fix it.
    Returns the dialog (open)."""
    dialog = TeamDialog(False, window, moving=True)

    def move() -> None:
        from warroom.services.transport import location_of

        where, _code = dialog.choice()
        dest = location_of(where)

        def done(said: str) -> None:
            window.statusBar().showMessage(said[0].upper() + said[1:] + ".", 8000)
            moved()

        def refused(error: Exception) -> None:
            if unlock_then(error, move):
                return
            dialog.show_error(str(error))
            dialog.open()

        # The book is read and written on its worker; the segments are copied aside, so the
        # app keeps answering while a slow or cloud folder takes them.
        def plan(book: OpenBook) -> tuple[Moving, Sync]:
            sync = sync_of(book)
            return sync.moving(dest), sync

        def copy(moving: Moving, sync: Sync) -> None:
            window.statusBar().showMessage("Moving the team…")
            runner.aside(
                lambda: sync.move_files(moving),
                lambda found: runner.read(
                    lambda book: sync_of(book).moved(found[0]), lambda _: done(found[1]), refused
                ),
                refused,
            )

        runner.read(plan, lambda planned: copy(*planned), refused)

    dialog.accepted.connect(move)
    dialog.open()
    return dialog
