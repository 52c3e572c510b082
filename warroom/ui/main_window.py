"""The main window: a section list on the left, the section on the right, menus and shortcuts.

Each section is built when first wanted (ui.sections) and loads through the runner, which
hands its work the book open when it runs; opening, restoring or swapping the book is one
`Changes(book=True)`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import tzinfo
from functools import partial
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.errors import WarroomError
from warroom.domain.today import before_lunch
from warroom.domain.undo import UndoState
from warroom.paths import DataFolder
from warroom.ui import actions
from warroom.ui.actions import SECTIONS
from warroom.ui.book_safety import BookSafety
from warroom.ui.file_actions import FileActions
from warroom.ui.first_run import FirstRun
from warroom.ui.focus_back import FocusBack
from warroom.ui.ops import OperationRunner
from warroom.ui.reminder import Reminder
from warroom.ui.sections import Sections
from warroom.ui.team_sync import TeamSync
from warroom.ui.text_keys import TextKeysFirst
from warroom.ui.whale_actions import WhaleActions

if TYPE_CHECKING:
    from warroom.domain.book_settings import StoredSetting
    from warroom.domain.records import Rep
    from warroom.services.team_keys import KeyringBackend
    from warroom.ui.views.whales import WhalesView

# Whale actions offered on a right click in the lists of whales.
WHALE_CONTEXT = ("log_touch", "log_trigger", "enrol", "close_deal", "hold_whale", "delete_whale")
_SEPARATE_AFTER = {"print_report", "restore_backup", "redo", "find_duplicates", "find_whale"}


class Section(Protocol):
    def refresh(self) -> None: ...
    def on_changes(self, changes: Changes) -> None: ...


class MainWindow(QMainWindow):
    """Shown at once; the book arrives on the worker and the sections fill in."""

    def __init__(
        self,
        runner: OperationRunner,
        folder: DataFolder,
        zone: tzinfo,
        parent: QWidget | None = None,
        first_run: bool = True,
        keyring: Callable[[], KeyringBackend] | None = None,
        follow_zone: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        # Makes the rep's zone this app's local time; returns True when that changed it.
        self._follow_zone = follow_zone
        self._folder = folder
        self._state = QSettings(str(folder.window_state), QSettings.Format.IniFormat)
        self._undo = UndoState()
        self.book_open = False
        self._closed = False
        self.setWindowTitle("Whale War Room")
        self.whale_actions = WhaleActions(runner, self, self.current_whale, self.open_whale)
        self.file_actions = FileActions(runner, self, folder, self.apply_theme)
        self.safety = BookSafety(runner, self, folder)
        self.reminder = Reminder(runner, self)
        self._first_run = FirstRun(runner, self, folder, self._after_welcome)
        self._welcome_pending = first_run
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet("#nav { font-size: 11pt; } #nav::item { padding: 7px 10px; }")
        self.nav.addItems(SECTIONS)
        self.stack = QStackedWidget()
        # Until the book is open and says whether it is the rep's morning, no section shows:
        # a hidden section loads nothing, so only the one the app opens on is computed.
        self._opening = QLabel("Opening your book…")
        self._opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self._opening)
        self._zone = zone
        self.sections = Sections(self.stack, SECTIONS, self._make_section, lambda: self.book_open)
        self.nav.currentRowChanged.connect(self._show_row)
        # A click on a section goes on into it, as its key does: the letters typed next are
        # the section's keys, not a search of the section list.
        self.nav.itemClicked.connect(lambda _item: self._focus_section())
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.who = QLabel()
        self.statusBar().addPermanentWidget(self.who)
        self.team_sync = TeamSync(runner, self, keyring, folder.root)
        self._build_menus()
        runner.changed.connect(self._on_changes)
        runner.failed.connect(self._on_failed)
        runner.undo_changed.connect(self._on_undo_changed)
        runner.opened.connect(self._on_opened)
        runner.edited.connect(lambda title: self._say(f"{title}: done (Ctrl+Z takes it back)"))
        # A timer of our own, not QTimer.singleShot with a Python callable, whose timer object
        # the garbage collector may free while Qt is still delivering its event.
        self._focus_timer = QTimer(self)
        self._focus_timer.setSingleShot(True)
        self._focus_timer.setInterval(50)
        self._focus_timer.timeout.connect(self._focus_when_loaded)
        self._text_keys = TextKeysFirst(self)
        self._focus_back = FocusBack(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self._text_keys)
            app.installEventFilter(self._focus_back)
        self._restore_state()
        self.statusBar().showMessage("Opening your book…")

    def _make_section(self, name: str) -> QWidget:
        """One section, its module imported only now: the window shows without the nine it
        does not open on."""
        runner, whale, zone = self._runner, self.whale_actions, self._zone
        if name == "Today":
            from warroom.ui.views.today import TodayView

            return TodayView(runner, whale.log_touch, self._say)
        if name == "Whales":
            from warroom.ui.views.whales import WhalesView

            return WhalesView(runner, zone, self._whale_context)
        if name == "Ocean":
            from warroom.ui.views.ocean import OceanView

            return OceanView(runner, self.open_whale)
        if name == "Cadences":
            from warroom.ui.views.cadences import CadencesView

            return CadencesView(runner, whale.enrol)
        if name == "Triggers":
            from warroom.ui.views.triggers import TriggersView

            return TriggersView(runner, whale.log_trigger)
        if name == "Reviews":
            from warroom.ui.views.reviews import ReviewsView

            return ReviewsView(runner)
        if name == "Team":
            from warroom.ui.views.team import TeamView

            return TeamView(runner)
        if name == "War room":
            from warroom.ui.views.war_room import WarRoomView

            return WarRoomView(runner, self.start_war_room, zone)
        if name == "Reports":
            from warroom.ui.views.reports import ReportsView

            return ReportsView(runner, lambda: self.whales.current_whale())
        if name == "Closet":
            from warroom.ui.views.closet import ClosetView

            return ClosetView(runner, self.open_whale, partial(whale.close_deal, "no_decision"))
        if name == "Pipeline":
            from warroom.ui.views.pipeline import PipelineView

            return PipelineView(runner, self.open_whale)
        raise KeyError(name)

    def _whale_context(self, widget: QWidget) -> None:
        actions.context_menu(widget, actions.found(self, WHALE_CONTEXT))

    @property
    def whales(self) -> WhalesView:
        from warroom.ui.views.whales import WhalesView

        view = self.sections["Whales"]
        assert isinstance(view, WhalesView)
        return view

    def current_whale(self) -> str | None:
        """The whale the user is looking at in this section (a whale's page, a row of Today, a
        due step, a trigger); None where the section shows no one whale."""
        own = getattr(self.stack.currentWidget(), "current_whale", None)
        return own() if callable(own) else None

    def find_duplicates(self) -> None:
        """Whales and people written down twice, to merge."""
        from warroom.ui.dialogs.duplicates import DuplicatesDialog

        self.duplicates = DuplicatesDialog(self._runner, self)
        self.duplicates.open()

    def open_whale(self, whale_id: str) -> None:
        """Go to the Whales section with this whale selected and its page open."""
        self.show_section("Whales")
        self.whales.select_whale(whale_id)

    # --- the book ---------------------------------------------------------------------------

    def _on_opened(self, _path: object) -> None:
        """A book is open (at start, or another one after a restore or the demo)."""
        first = not self.book_open
        self.book_open = True
        self.statusBar().clearMessage()
        self._focus_timer.start()  # after the sections have asked to load
        self.reminder.start()
        self.team_sync.attach()
        self._runner.read(lambda book: book.book.theme(), self.apply_theme)
        # Before the lunch cut-off the app opens on Today: the five come first.
        section = self.current_section
        self._runner.read(
            lambda book: book.book.me(), partial(self._open_on_today_before_lunch, section, first)
        )
        self._runner.read(lambda book: book.book.settings.problems(), self._warn_about_settings)
        self._runner.watch_outside()
        if self._welcome_pending:
            self._welcome_pending = False
            self._first_run.offer()

    def _warn_about_settings(self, problems: list[StoredSetting]) -> None:
        """A stored setting that breaks its rule (an old book, a teammate's bad file) is read
        as its default; say so once, and how to put it right."""
        if problems:
            first = problems[0]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            self._say(
                f"Setting {first.key}{more} is not valid ({first.problem}): its default is used. "
                f"Save it again in its dialog, or run 'warroom settings reset {first.key}'.",
                30_000,
            )

    def _focus_when_loaded(self) -> None:
        """Once the first loads are in, the keyboard goes to the section (its list), not to
        the section list, where Down would switch sections."""
        if not self._runner.idle:
            self._focus_timer.start()
            return
        focus = QApplication.focusWidget()
        if focus is None or focus is self.nav:
            self.sections[self.current_section].setFocus()

    def first_run_dialog(self) -> QWidget | None:
        return self._first_run.dialog

    def _after_welcome(self, start: str) -> None:
        if start == "import":
            self.file_actions.import_book()
        elif start == "empty":
            self.show_section("Whales")

    def _open_on_today_before_lunch(self, section: str, first: bool, me: Rep | None) -> None:
        """Today before the lunch cut-off, unless the user went elsewhere meanwhile (the war
        room opened from the command line, say); at start the section first shows here."""
        if section == self.current_section and me is not None and before_lunch(me, clock.now()):
            section = "Today"
        if first:
            self.stack.setCurrentWidget(self.sections[section])
        if section != self.current_section or first:
            self.show_section(section)

    # --- menus and shortcuts ----------------------------------------------------------------

    def _slots(self) -> dict[str, Callable[[], object]]:
        file, whale, sync, safety = (
            self.file_actions,
            self.whale_actions,
            self.team_sync,
            self.safety,
        )
        slots: dict[str, Callable[[], object]] = {
            "settings": file.open_settings,
            "import_book": file.import_book,
            "capture": file.capture,
            "export_csv": file.export_csv,
            "print_report": self.print_report,
            "backup_now": safety.backup_now,
            "restore_backup": safety.ask_restore,
            "quit": self.close,
            "undo": self.undo,
            "redo": self.redo,
            "log_touch": whale.log_touch,
            "log_trigger": whale.log_trigger,
            "enrol": whale.enrol,
            "new_whale": whale.new_whale,
            "delete_whale": whale.delete_whale,
            "close_deal": whale.close_deal,
            "hold_whale": whale.hold_whale,
            "find_duplicates": self.find_duplicates,
            "find_whale": self.find_whale,
            "war_room": self.start_war_room,
            "sync_now": sync.sync_now,
            "sync_status": sync.show_status,
            "review_conflicts": sync.review_conflicts,
            "republish": lambda: sync.sync_now(republish=True),
            "create_team": lambda: sync.ask_team(joining=False),
            "join_team": lambda: sync.ask_team(joining=True),
            "new_team_key": sync.new_team_key,
            "move_team": sync.move_team,
            "shortcuts": self.show_shortcuts,
            "about": file.about,
        }
        for name in SECTIONS:
            slots[actions.go_name(name)] = partial(self.show_section, name)
        return slots

    def _build_menus(self) -> None:
        slots = self._slots()
        menus = {name: self.menuBar().addMenu(f"&{name}") for name in actions.MENUS}
        toolbar = self.addToolBar("Actions")
        toolbar.setObjectName("actions")
        toolbar.setMovable(False)
        for spec in actions.ACTIONS:
            if spec.menu is None:
                continue
            action = actions.make(spec.name, self, slots[spec.name])
            menus[spec.menu].addAction(action)
            if spec.name in _SEPARATE_AFTER:
                menus[spec.menu].addSeparator()
            if spec.toolbar:
                toolbar.addAction(action)
        self.undo_action, self.redo_action = actions.found(self, ("undo", "redo"))

    def _say(self, text: str, ms: int = 5000) -> None:
        self.statusBar().showMessage(text, ms)

    def undo(self) -> None:
        title = self._undo.undo
        if title is None:
            self._say("Nothing to undo")
            return
        self._runner.undo(lambda _state: self._say(f"Undid: {title}"), self._on_undo_failed)

    def redo(self) -> None:
        title = self._undo.redo
        if title is None:
            self._say("Nothing to redo")
            return
        self._runner.redo(lambda _state: self._say(f"Redid: {title}"), self._on_undo_failed)

    def _on_undo_failed(self, error: Exception) -> None:
        if isinstance(error, WarroomError):
            self._say(f"Could not undo: {error}", 10000)
        else:
            self._on_failed(error)

    def _on_undo_changed(self, state: UndoState) -> None:
        self._undo = state
        self.undo_action.setText(f"&Undo {state.undo}" if state.undo else "&Undo")
        self.redo_action.setText(f"&Redo {state.redo}" if state.redo else "&Redo")

    # --- sections ---------------------------------------------------------------------------

    def show_section(self, name: str) -> None:
        """Switch to a section and put the keyboard in it (its list, its first row)."""
        self.nav.setCurrentRow(SECTIONS.index(name))
        self._focus_section()

    def _show_row(self, row: int) -> None:
        if self.stack.currentWidget() is not self._opening:
            self.stack.setCurrentWidget(self.sections[SECTIONS[row]])

    def _focus_section(self) -> None:
        if self.stack.currentWidget() is not self._opening:  # else built when the book is in
            self.sections[self.current_section].setFocus()

    @property
    def current_section(self) -> str:
        return SECTIONS[max(self.nav.currentRow(), 0)]

    def find_whale(self) -> None:
        self.show_section("Whales")
        self.whales.filter.setFocus()
        self.whales.filter.selectAll()

    def print_report(self) -> None:
        from warroom.ui.views.reports import ReportsView

        self.show_section("Reports")
        view = self.sections["Reports"]
        assert isinstance(view, ReportsView)
        view.print_report()

    def _views(self) -> list[Section]:
        return [view for view in self.sections.built() if hasattr(view, "on_changes")]  # type: ignore[misc]

    def _on_changes(self, changes: Changes) -> None:
        # The whole book 'changed' when it was opened (or restored, or read in another zone):
        # nothing to back up for that. Marking every open had a sales floor's 4.5 GB book
        # copied at each close; the edits that change it whole (an import) are marked as
        # edits (BookSafety).
        if not changes.book:
            self.safety.mark_edited()
        for view in self._views():
            view.on_changes(changes)
        if changes.touches_any("reps", "settings"):
            self._runner.read(lambda book: book.book.me(), self._on_me)

    def _on_me(self, me: Rep | None) -> None:
        self.who.setText(f"Me: {me.name}" if me else "Who are you? File ▸ Settings")
        if me is not None and self._follow_zone is not None and self._follow_zone(me.timezone):
            # Every time on screen now reads in the rep's own zone, as their made days do.
            self._runner.broadcast(Changes(book=True))

    def _on_failed(self, error: Exception) -> None:
        """A problem the user can act on gets a message; a bug gets the crash report."""
        if isinstance(error, WarroomError):
            box = QMessageBox(QMessageBox.Icon.Warning, "Whale War Room", str(error), parent=self)
            self.message = box
            box.open()
        else:
            sys.excepthook(type(error), error, error.__traceback__)

    # --- the war room, help -----------------------------------------------------------------

    def start_war_room(self, screen_index: int | None = None) -> None:
        """Full screen on the chosen monitor (the last one, usually the projector)."""
        from PySide6.QtGui import QGuiApplication

        from warroom.ui.war_room.window import WarRoomWindow

        screens = QGuiApplication.screens()
        index = len(screens) - 1 if screen_index is None else screen_index
        window = WarRoomWindow(self._runner, screens[min(index, len(screens) - 1)])
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.war_room = window
        self._runner.read(lambda book: [rep.id for rep in book.book.reps()], window.start)

    def show_shortcuts(self) -> None:
        from warroom.ui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self)
        self.shortcuts_dialog = dialog
        dialog.open()

    def menu_actions(self) -> list[QAction]:
        return [a for a in self.findChildren(QAction) if a.objectName() in actions.BY_NAME]

    # --- window state -----------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self._state.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        section = self._state.value("section", "Whales")
        self.show_section(section if section in SECTIONS else "Whales")

    def save_state(self) -> None:
        self._state.setValue("geometry", self.saveGeometry())
        self._state.setValue("section", self.current_section)
        self._state.sync()

    def apply_theme(self, choice: str) -> None:
        from warroom.ui import themes

        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.theme = themes.apply(app, choice)

    def come_forward(self) -> None:
        """A second start of the app on this book brings this window to the front."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A closed window starts nothing more: a book opened after it (the test's next
        # window on the same runner) is not synced by it as well.
        if not self._closed:
            self._closed = True
            self._runner.opened.disconnect(self._on_opened)
            self.team_sync.stop()
        self.safety.on_close()
        self.save_state()
        super().closeEvent(event)
