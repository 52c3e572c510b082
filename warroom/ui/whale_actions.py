"""The whale edits offered from anywhere in the window: log a touch or a trigger, enrol in a
cadence, write down a new whale, delete one, close its deal.

Each opens its dialog once what it needs has loaded (queued behind the book while it opens, so
a key pressed early is answered, not dropped), turns the dialog into plain values here, on the
UI thread, and hands one operation to the worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QMessageBox

from warroom import clock
from warroom.domain.errors import Refused, SameCompany, WarroomError
from warroom.domain.kinds import TOUCH_LABELS, TRIGGER_LABELS
from warroom.domain.records import Rep, Trigger, WhaleChoice
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from warroom.domain.cadence import SavedTemplate
    from warroom.domain.changes import Done
    from warroom.domain.whales import Stakeholder
    from warroom.services.open_book import OpenBook
    from warroom.ui.dialogs.close_deal import CloseChoice
    from warroom.ui.dialogs.enrol import Enrollable
    from warroom.ui.dialogs.hold import HoldChoice
    from warroom.ui.dialogs.log_touch import TouchChoice
    from warroom.ui.dialogs.new_whale import NewWhaleDialog

NO_WHALES = "Add a whale first (Ctrl+N): there is nothing to touch yet"


class WhaleActions:
    def __init__(
        self,
        runner: OperationRunner,
        window: QMainWindow,
        current_whale: Callable[[], str | None],
        open_whale: Callable[[str], None],
    ) -> None:
        self._runner = runner
        self._window = window
        self._current_whale = current_whale
        self._open_whale = open_whale
        self.dialog: QDialog | None = None  # the one open now, for tests and for focus

    def _say(self, text: str, ms: int = 6000) -> None:
        self._window.statusBar().showMessage(text, ms)

    def _show(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _people_loader(self) -> Callable[[str, Callable[[list[Stakeholder]], None]], None]:
        def load(whale_id: str, done: Callable[[list[Stakeholder]], None]) -> None:
            self._runner.read(lambda book: list(book.workspace.page(whale_id).stakeholders), done)

        return load

    # --- touches ----------------------------------------------------------------------------

    def log_touch(self, whale_id: str | None = None, kind: str | None = None) -> None:
        """The most frequent action: the current whale preselected, else asked for."""
        current = whale_id or self._current_whale()

        def opened(loaded: tuple[list[WhaleChoice], Rep | None]) -> None:
            from warroom.ui.dialogs.log_touch import LogTouchDialog

            whales, me = loaded
            if not whales:
                self._say(NO_WHALES)
                return
            dialog = LogTouchDialog(
                whales,
                current,
                me.id if me else None,
                clock.now(),
                self._people_loader(),
                self._window,
            )
            if kind:
                dialog.kind.setCurrentIndex(max(dialog.kind.findData(kind), 0))
            names = {whale.id: whale.name for whale in whales}
            dialog.accepted.connect(lambda: self._log_touch(dialog.choice(), names))
            self._show(dialog)

        self._runner.read(lambda book: (book.book.whale_choices(), book.book.me()), opened)

    def _log_touch(self, choice: TouchChoice, names: dict[str, str]) -> None:
        # The whale named: Ctrl+Z's "Undid: …" then says which of today's calls it took back.
        label = f"{TOUCH_LABELS[choice.kind].lower()} on {names.get(choice.whale_id, 'a whale')}"
        now = clock.now()
        self._runner.edit(
            f"Log {label}",
            lambda book: book.book.log_touch(
                choice.whale_id,
                choice.kind,
                choice.occurred_at,
                now,
                contact=choice.stakeholder_id,
                note=choice.note,
                also_with=choice.also_with,
            ),
            lambda _touch: self._say(f"Logged {label} (Ctrl+Z takes it back)", 5000),
        )

    def log_trigger(self) -> None:
        """An outside event at the current whale (or one to choose)."""
        current = self._current_whale()

        def opened(whales: list[WhaleChoice]) -> None:
            from warroom.ui.dialogs.trigger import TriggerDialog

            if not whales:
                self._say("Add a whale first (Ctrl+N): a trigger happens at a whale")
                return
            blank = Trigger("", current or "", "other", clock.now(), "", "")
            dialog = TriggerDialog(whales, blank, self._window)
            names = {whale.id: whale.name for whale in whales}
            dialog.accepted.connect(lambda: self._log_trigger(dialog.choice(), names))
            self._show(dialog)

        self._runner.read(lambda book: book.book.whale_choices(), opened)

    def _log_trigger(self, trigger: Trigger, names: dict[str, str]) -> None:
        now = clock.now()
        whale = names.get(trigger.whale_id, "a whale")
        self._runner.edit(
            f"Log {TRIGGER_LABELS[trigger.kind].lower()} at {whale}",
            lambda book: book.book.add_trigger(
                trigger.whale_id,
                trigger.kind,
                trigger.occurred_at,
                now,
                source_url=trigger.source_url,
                note=trigger.note,
            ),
        )

    # --- whales -----------------------------------------------------------------------------

    def new_whale(self) -> None:
        """Write down a new whale; its page opens to define it in full."""
        from warroom.ui.dialogs.new_whale import NewWhaleDialog

        dialog = NewWhaleDialog(self._window)
        dialog.accepted.connect(lambda: self._add_whale(dialog, *dialog.choice()))
        self._show(dialog)

    def _add_whale(self, dialog: NewWhaleDialog, name: str, size: int) -> None:
        now = clock.now()
        # A whale of the same company is said once; Save again adds this one anyway.
        anyway = dialog.warned == name

        def add(book: OpenBook) -> Done[str]:
            if not anyway:
                book.book.check_new_company(name)
            return book.book.add_whale(name, now, deal_size=size)

        def refused(error: Exception) -> None:
            if not isinstance(error, WarroomError):
                self._runner.failed.emit(error)
                return
            same = isinstance(error, SameCompany)
            dialog.warned = name if same else None
            how = f": open it (Ctrl+F), or Save again to add {name!r} anyway" if same else ""
            dialog.show_error(f"{error}{how}")

        self._runner.edit(f"New whale {name}", add, self._open_whale, refused)

    def _with_whale(self, then: Callable[[str, str], None], what: str) -> None:
        """Run `then(id, name)` on the current whale, or say how to choose one."""
        whale_id = self._current_whale()
        if whale_id is None:
            self._say(f"Select a whale first (in Whales, or a row of Today), then {what}")
            return
        self._runner.read(
            lambda book: book.book.whale_name(whale_id), lambda name: then(whale_id, name)
        )

    def delete_whale(self) -> None:
        """Delete the selected whale; Ctrl+Z brings it back."""

        def delete(whale_id: str, name: str) -> None:
            now = clock.now()
            self._runner.edit(
                f"Delete {name}",
                lambda book: book.workspace.set_whale_deleted(whale_id, True, now),
                lambda _id: self._say(f"Deleted {name} (Ctrl+Z brings it back)"),
            )

        self._with_whale(delete, "delete it")

    def hold_whale(self) -> None:
        """Set the current whale aside until a day, with why (out of the closet and Today)."""

        def ask(whale_id: str, name: str) -> None:
            from warroom.domain.closet import hold_offered
            from warroom.ui.dialogs.hold import HoldDialog

            today = clock.now().astimezone().date()  # the rep's day: the app keeps their zone
            dialog = HoldDialog(name, today, hold_offered(today), self._window)
            dialog.accepted.connect(lambda: self._hold(whale_id, name, dialog.choice()))
            self._show(dialog)

        self._with_whale(ask, "hold it")

    def _hold(self, whale_id: str, name: str, choice: HoldChoice) -> None:
        from warroom.services.closet import Closet

        now = clock.now()
        self._runner.edit(
            f"Hold {name} until {choice.until:%a %d %b}",
            lambda book: Closet(book.book).hold(whale_id, choice.until, choice.reason, now),
            lambda _hold: self._say(f"{name} is on hold until {choice.until:%a %d %b} (Ctrl+Z)"),
        )

    def close_deal(self, outcome: str | None = None) -> None:
        """Close the current whale's deal, with its win/loss review (`outcome` offered)."""

        def ask(whale_id: str, name: str) -> None:
            from warroom.ui.dialogs.close_deal import CloseDealDialog

            dialog = CloseDealDialog(name, self._window, outcome=outcome)
            dialog.accepted.connect(lambda: self._close(whale_id, name, dialog.choice()))
            self._show(dialog)

        self._with_whale(ask, "close its deal")

    def _close(self, whale_id: str, name: str, choice: CloseChoice) -> None:
        now = clock.now()
        self._runner.edit(
            f"Close the deal at {name}",
            lambda book: book.learning.close(
                whale_id,
                choice.outcome,
                now,
                primary=choice.primary,
                secondary=choice.secondary,
                differently=choice.differently,
                quote=choice.quote,
                to_review=choice.primary is None,
            ),
        )

    # --- cadences ---------------------------------------------------------------------------

    def enrol(self) -> None:
        """Enrol stakeholders of the current whale (or one to choose) in a cadence."""
        current = self._current_whale()

        def load(book: OpenBook) -> tuple[list[WhaleChoice], list[SavedTemplate], Rep | None]:
            return book.book.whale_choices(), book.cadences.templates(), book.book.me()

        def opened(loaded: tuple[list[WhaleChoice], list[SavedTemplate], Rep | None]) -> None:
            from warroom.ui.dialogs.enrol import EnrolDialog

            whales, templates, me = loaded
            if not whales:
                self._say(NO_WHALES)
                return
            today = clock.now().astimezone(clock.local_zone()).date()
            dialog = EnrolDialog(
                whales,
                templates,
                current,
                me.id if me else None,
                today,
                self._enrollable,
                self._window,
            )
            dialog.accepted.connect(
                lambda: self._enrol(
                    dialog.whale.currentData(),
                    dialog.chosen_people(),
                    dialog.template.currentData(),
                    dialog.start_on(),
                    confirm=False,
                    back_to=dialog,
                )
            )
            self._show(dialog)

        self._runner.read(load, opened)

    def _enrollable(self, whale_id: str, done: Callable[[Enrollable], None]) -> None:
        """The whale's people, with the cadence each already runs: not offered ticked again."""

        def load(book: OpenBook) -> Enrollable:
            running = book.cadences.enrolments(whale=whale_id, active_only=True)
            named = {e.stakeholder_id: e.template for e in running if e.stakeholder_id}
            return list(book.workspace.page(whale_id).stakeholders), named

        self._runner.read(load, done)

    def _enrol(
        self,
        whale_id: str,
        people: list[str],
        template_id: str,
        start: date,
        *,
        confirm: bool,
        back_to: QDialog | None = None,
    ) -> None:
        def refused(error: Exception) -> None:
            if not isinstance(error, Refused) or confirm:
                self._runner.failed.emit(error)
                return
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Two cadences at once",
                f"{error}?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self._window,
            )

            def answered() -> None:
                if box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes:
                    self._enrol(whale_id, people, template_id, start, confirm=True)
                elif back_to is not None:
                    back_to.open()  # No: back to the choice, as it was, to untick someone

            box.finished.connect(lambda _result: answered())
            self.question = box
            box.open()

        now = clock.now()
        count = len(people)
        self._runner.edit(
            f"Enrol {count} stakeholder{'s' if count != 1 else ''}",
            lambda book: book.cadences.enrol(
                whale_id, people, template_id, start, now, confirm_double=confirm
            ),
            lambda made: self._say(f"Enrolled {len(made)} (Ctrl+Z takes it back)"),
            refused,
        )
