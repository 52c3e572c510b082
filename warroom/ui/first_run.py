"""The first run: the welcome's answers (name, team, currency, lunch cut-off, time zone) apply
to whichever book is chosen; on the demo book the user takes over the demo's rep."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

from warroom import clock
from warroom.paths import DataFolder
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook
    from warroom.ui.dialogs.welcome import Welcome, WelcomeDialog


class FirstRun:
    def __init__(
        self,
        runner: OperationRunner,
        window: QMainWindow,
        folder: DataFolder,
        then: Callable[[str], None],
    ) -> None:
        self._runner = runner
        self._window = window
        self._folder = folder
        self._then = then  # "empty" or "import": what to show once the answers are saved
        self.dialog: WelcomeDialog | None = None

    def offer(self) -> None:
        """Welcome a new user: no rep set for this laptop and nothing of theirs in the book."""
        self._runner.read(
            lambda book: book.book.me() is None and not book.book.holds_real_data(),
            self._welcome_if_new,
        )

    def _welcome_if_new(self, new: bool) -> None:
        if not new:
            return
        from warroom.ui.dialogs.welcome import WelcomeDialog

        dialog = WelcomeDialog(clock.local_zone_name(), self._window)
        dialog.accepted.connect(lambda: self._start(dialog.choice()))
        self.dialog = dialog
        dialog.open()

    def _start(self, welcome: Welcome) -> None:
        if welcome.start == "demo":
            folder = self._folder

            def demo() -> OpenBook:
                from warroom.paths import resources_dir
                from warroom.services.demo import create_demo_book
                from warroom.services.open_book import OpenBook

                now = clock.now()
                create_demo_book(
                    folder.book,
                    folder.backups,
                    seed=1,
                    today=now.astimezone(clock.local_zone()).date(),
                    resources=resources_dir(),
                    at=now,
                    my_zone=welcome.zone,
                )
                return OpenBook.open(folder.book, now)

            self._runner.open(demo, reopen=lambda: _reopen(folder))
        now = clock.now()
        # Queued after the demo opens, this lands in the demo book: its rep becomes the user.
        self._runner.edit(
            "Welcome",
            lambda book: book.book.save_settings(
                welcome.name,
                welcome.team,
                welcome.zone,
                now,
                rename_me=welcome.start == "demo",
                emails=welcome.emails or None,  # none given: the demo rep's stays
            ),
            lambda _saved: self._then(welcome.start),
            undoable=False,
        )


def _reopen(folder: DataFolder) -> OpenBook:
    from warroom.services.open_book import OpenBook

    return OpenBook.open(folder.book, clock.now())
