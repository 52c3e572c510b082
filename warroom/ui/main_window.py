"""The main window: a section list on the left, the section on the right, menus and shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.decay_settings import DecaySettings
from warroom.domain.errors import WarroomError
from warroom.domain.kinds import TOUCH_LABELS
from warroom.domain.records import Rep, TeamSettings
from warroom.domain.today import before_lunch
from warroom.domain.whales import Stakeholder
from warroom.paths import DataFolder
from warroom.services.ids import new_id
from warroom.ui.book_safety import BookSafety
from warroom.ui.dialogs.close_deal import CloseDealDialog
from warroom.ui.dialogs.log_touch import LogTouchDialog, TouchChoice
from warroom.ui.dialogs.settings import SettingsDialog
from warroom.ui.dialogs.shortcuts import ShortcutsDialog
from warroom.ui.ops import OperationRunner
from warroom.ui.reminder import Reminder
from warroom.ui.team_sync import TeamSync
from warroom.ui.undo import Edits
from warroom.ui.views.cadences import CadencesView
from warroom.ui.views.coming import ComingView
from warroom.ui.views.ocean import OceanView
from warroom.ui.views.reports import ReportsView
from warroom.ui.views.reviews import ReviewsView
from warroom.ui.views.team import TeamView
from warroom.ui.views.today import TodayView
from warroom.ui.views.triggers import TriggersView
from warroom.ui.views.war_room import WarRoomView
from warroom.ui.views.whales import WhalesView

if TYPE_CHECKING:
    # The window is shown before SQLAlchemy is even imported; the book arrives later.
    from warroom.services.book import Book
    from warroom.services.team_keys import KeyringBackend


class Section(Protocol):
    def refresh(self) -> None: ...
    def on_changes(self, changes: Changes) -> None: ...


SECTIONS = (
    "Today",
    "Whales",
    "Ocean",
    "Cadences",
    "Triggers",
    "Reviews",
    "Team",
    "War room",
    "Reports",
)
COMING = {
    "Today": "Five whales before lunch: the list built each morning, with the streak it keeps.",
    "Cadences": "Multi-step, multi-channel outreach per stakeholder, and what is due today.",
    "Triggers": "Leadership changes, earnings, M&A and the other events that flare a whale.",
    "War room": "The weekly team session on a big screen.",
    "Reviews": "",
    "Team": "",
    "Reports": "PDF reports for managers.",
}


class MainWindow(QMainWindow):
    """Shown at once; the sections that need the book are built when `attach_book` hands it in."""

    def __init__(
        self,
        runner: OperationRunner,
        folder: DataFolder,
        zone: tzinfo,
        parent: QWidget | None = None,
        first_run: bool = True,
        keyring: Callable[[], KeyringBackend] | None = None,
    ) -> None:
        super().__init__(parent)
        self._book: Book | None = None
        self._first_run = first_run  # off in tests that build books by hand
        self._runner = runner
        self._folder = folder
        self._zone = zone
        self._state = QSettings(str(folder.window_state), QSettings.Format.IniFormat)
        self.undo_stack = QUndoStack(self)
        self.safety = BookSafety(runner, self, folder, self.attach_book)
        self.reminder = Reminder(runner, self)
        self.edits = Edits(runner, self.undo_stack, self._on_failed)
        self.setWindowTitle("Whale War Room")
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet("#nav { font-size: 11pt; } #nav::item { padding: 7px 10px; }")
        self.nav.addItems(SECTIONS)
        self.stack = QStackedWidget()
        self.sections: dict[str, QWidget] = {}
        for name in SECTIONS:
            view: QWidget
            if name in self._needs_book():
                view = QLabel("Opening your book…")
            else:
                view = ComingView(
                    name, COMING[name] + "<br><br><i>This section arrives in a coming release.</i>"
                )
            self.sections[name] = view
            self.stack.addWidget(view)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
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
        self._restore_state()

    def _needs_book(self) -> dict[str, Callable[[Book], QWidget]]:
        return {
            "Today": lambda book: TodayView(book, self._runner, self.edits, self.log_touch),
            "Whales": lambda book: WhalesView(book, self._runner, self.edits, self._zone),
            "Ocean": lambda book: OceanView(book, self._runner, self.open_whale),
            "Triggers": lambda book: TriggersView(
                book, self._runner, self.edits, lambda: self.whales.current_whale()
            ),
            "Reviews": lambda book: ReviewsView(book, self._runner),
            "Team": lambda book: TeamView(book, self._runner),
            "War room": lambda book: WarRoomView(self.start_war_room),
            "Reports": lambda book: ReportsView(
                book, self._runner, lambda: self.whales.current_whale()
            ),
            "Cadences": lambda book: CadencesView(
                book, self._runner, lambda: self.whales.current_whale()
            ),
        }

    def open_whale(self, whale_id: str) -> None:
        """Go to the Whales section with this whale selected and its chart open."""
        self.show_section("Whales")
        self.whales.select_whale(whale_id)

    def attach_book(self, book: Book) -> None:
        """Build the sections that show the book, in place of their placeholders, and load."""
        self._book = book
        current = self.nav.currentRow()
        for name, build in self._needs_book().items():
            index = SECTIONS.index(name)
            placeholder = self.sections[name]
            view = build(book)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.insertWidget(index, view)
            self.sections[name] = view
        self.stack.setCurrentIndex(current)
        self.refresh()
        self.reminder.start(book)
        self.safety.attach(book)
        self.team_sync.attach(book)
        self._runner.run(book.theme, on_success=self.apply_theme)
        # Before the lunch cut-off the app opens on Today: the five come first.
        self._runner.run(book.me, on_success=self._open_on_today_before_lunch)
        if self._first_run:
            self._runner.run(
                lambda: book.me() is None and not book.holds_real_data(),
                on_success=self._welcome_if_new,
            )

    def _welcome_if_new(self, new: bool) -> None:
        if not new:
            return
        from warroom.ui.dialogs.welcome import WelcomeDialog

        dialog = WelcomeDialog(self)
        dialog.accepted.connect(lambda: self._start(*dialog.choice()))
        self.welcome_dialog = dialog
        dialog.open()

    def _start(self, name: str, team: TeamSettings, how: str) -> None:
        """Save who I am and the team, then start as chosen."""
        book, folder = self._book, self._folder
        if book is None:
            return
        zone = clock.local_zone_name()
        if how == "demo":

            def demo() -> Book:
                from warroom.paths import resources_dir
                from warroom.services.demo import create_demo_book
                from warroom.ui.launch import open_book

                book.store.close()
                now = clock.now()
                create_demo_book(
                    folder.book,
                    folder.backups,
                    seed=1,
                    today=now.astimezone(clock.local_zone()).date(),
                    resources=resources_dir(),
                    at=now,
                )
                return open_book(folder)

            def opened(demo_book: Book) -> None:
                self.attach_book(demo_book)
                self._runner.broadcast(Changes(book=True))
                self.statusBar().showMessage(
                    "This is the demo book, seen as one of its reps. "
                    "Your own starts in a data folder of its own.",
                    15000,
                )

            self._runner.run(demo, on_success=opened)
            return
        self._runner.run(lambda: book.save_settings(name, team, zone, clock.now()))
        if how == "import":
            self.import_book()
        else:
            self.show_section("Whales")

    def _open_on_today_before_lunch(self, me: Rep | None) -> None:
        if me is not None and before_lunch(me, clock.now()):
            self.show_section("Today")

    @property
    def book(self) -> Book | None:
        return self._book

    @property
    def whales(self) -> WhalesView:
        view = self.sections["Whales"]
        assert isinstance(view, WhalesView), "the book is not open yet"
        return view

    # --- menus and shortcuts ----------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Settings…", QKeySequence("Ctrl+,"), self.open_settings)
        self._action(file_menu, "&Import a book…", QKeySequence("Ctrl+I"), self.import_book)
        self._action(file_menu, "&Export whales as CSV…", None, self.export_csv)
        safety = self.safety
        self._action(file_menu, "&Back up now", QKeySequence("Ctrl+Shift+B"), safety.backup_now)
        self._action(file_menu, "&Restore a backup…", None, safety.ask_restore)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", QKeySequence.StandardKey.Quit, self.close)
        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        log_touch = self._action(edit_menu, "&Log a touch…", QKeySequence("Ctrl+L"), self.log_touch)
        self._action(edit_menu, "Log a &trigger…", QKeySequence("Ctrl+T"), self.log_trigger)
        edit_menu.addSeparator()
        self._action(edit_menu, "&New whale…", QKeySequence("Ctrl+N"), self.new_whale)
        self._action(edit_menu, "&Delete the whale", QKeySequence("Ctrl+Del"), self.delete_whale)
        self._action(edit_menu, "&Close the deal…", QKeySequence("Ctrl+Shift+C"), self.close_deal)
        go = self.menuBar().addMenu("&Go")
        war_room = self._action(
            go, "The &war room (full screen)", QKeySequence("F11"), lambda: self.start_war_room()
        )
        toolbar = self.addToolBar("Actions")
        toolbar.setObjectName("actions")
        toolbar.setMovable(False)
        toolbar.addAction(log_touch)
        toolbar.addAction(war_room)
        for number, name in enumerate(SECTIONS, start=1):
            self._action(
                go,
                name,
                QKeySequence(f"Ctrl+{number}"),
                lambda _=False, row=number - 1: self.nav.setCurrentRow(row),
            )
        team = self.menuBar().addMenu("&Team")
        sync = self.team_sync
        self._action(team, "&Sync now", QKeySequence("Ctrl+Shift+S"), lambda: sync.sync_now())
        self._action(team, "Sync s&tatus…", QKeySequence("Ctrl+Shift+Y"), sync.show_status)
        self._action(team, "&Review 2 versions…", None, sync.review_conflicts)
        self._action(team, "Re&publish my edits", None, lambda: sync.sync_now(republish=True))
        team.addSeparator()
        self._action(team, "&Create a team…", None, lambda: sync.ask_team(joining=False))
        self._action(team, "&Join a team…", None, lambda: sync.ask_team(joining=True))
        self._action(team, "New team &key…", None, sync.new_team_key)
        help_menu = self.menuBar().addMenu("&Help")
        shortcuts = self._action(
            help_menu, "&Keyboard shortcuts", QKeySequence("F1"), self.show_shortcuts
        )
        shortcuts.setShortcuts([QKeySequence("F1"), QKeySequence("?")])
        self._action(help_menu, "&About Whale War Room", None, self._about)

    def _action(
        self,
        menu: object,
        text: str,
        keys: QKeySequence | QKeySequence.StandardKey | None,
        slot: object,
    ) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(keys)
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    # --- sections ---------------------------------------------------------------------------

    def show_section(self, name: str) -> None:
        self.nav.setCurrentRow(SECTIONS.index(name))

    @property
    def current_section(self) -> str:
        return SECTIONS[max(self.nav.currentRow(), 0)]

    def _views(self) -> list[Section]:
        return [view for view in self.sections.values() if hasattr(view, "on_changes")]  # type: ignore[misc]

    def refresh(self) -> None:
        if self._book is None:
            return
        for view in self._views():
            view.refresh()
        self._runner.run(self._book.me, on_success=self._on_me)

    def _on_changes(self, changes: Changes) -> None:
        if self._book is None:
            return
        self.safety.mark_edited()
        for view in self._views():
            view.on_changes(changes)
        if changes.touches_any("reps", "settings"):
            self._runner.run(self._book.me, on_success=self._on_me)

    def _on_me(self, me: Rep | None) -> None:
        self.who.setText(f"Me: {me.name}" if me else "Who are you? File ▸ Settings")

    def _on_failed(self, error: Exception) -> None:
        if isinstance(error, WarroomError):
            QMessageBox.warning(self, "Whale War Room", str(error))
        else:
            QMessageBox.critical(
                self,
                "Whale War Room",
                f"Something went wrong: {error}\nThe details are in the log.",
            )

    # --- logging a touch, help -------------------------------------------------------------

    def log_touch(self, whale_id: str | None = None, kind: str | None = None) -> None:
        """The most frequent action: from anywhere, the current whale preselected."""
        book = self._book
        if book is None:
            return
        whales_view = self.whales
        if not whales_view.model.total:
            self.statusBar().showMessage("Add a whale first: there is nothing to touch yet", 5000)
            return

        def load_people(whale_id: str, done: Callable[[list[Stakeholder]], None]) -> None:
            self._runner.run(
                lambda: list(book.workspace.page(whale_id).stakeholders), on_success=done
            )

        dialog = LogTouchDialog(
            whales_view.model.all_whales,
            whale_id or whales_view.current_whale(),
            clock.now(),
            load_people,
            self,
        )
        if kind:
            dialog.kind.setCurrentIndex(max(dialog.kind.findData(kind), 0))
        dialog.accepted.connect(lambda: self._log_touch(dialog.choice()))
        self.log_dialog = dialog
        dialog.open()

    def _log_touch(self, choice: TouchChoice) -> None:
        book = self._book
        assert book is not None
        touch_id = new_id()  # named up front so undo can refer to it
        workspace = book.workspace
        self.edits.push(
            f"Log {TOUCH_LABELS[choice.kind].lower()}",
            lambda: book.log_touch(
                choice.whale_id,
                choice.kind,
                choice.occurred_at,
                clock.now(),
                contact=choice.stakeholder_id,
                note=choice.note,
                touch_id=touch_id,
            ),
            lambda: workspace.set_touch_deleted(touch_id, True, clock.now()),
            redo=lambda: workspace.set_touch_deleted(touch_id, False, clock.now()),
            on_done=lambda touch: self.statusBar().showMessage(
                f"Logged {TOUCH_LABELS[touch.kind].lower()} (Ctrl+Z takes it back)", 5000
            ),
        )

    def start_war_room(self, screen_index: int | None = None) -> None:
        """Full screen on the chosen monitor (the last one, usually the projector)."""
        book = self._book
        if book is None:
            return
        from PySide6.QtGui import QGuiApplication

        from warroom.ui.war_room.window import WarRoomWindow

        screens = QGuiApplication.screens()
        index = len(screens) - 1 if screen_index is None else screen_index
        window = WarRoomWindow(book, self._runner, screens[min(index, len(screens) - 1)])
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.war_room = window
        self._runner.run(lambda: [rep.id for rep in book.reps()], on_success=window.start)

    def new_whale(self, name: str | None = None) -> None:
        """Write down a new whale (undoable); its page opens to define it in full."""
        book = self._book
        if book is None:
            return
        if name is None:
            from PySide6.QtWidgets import QInputDialog

            name, ok = QInputDialog.getText(self, "New whale", "The company's name:")
            if not ok:
                return
        whale_id = new_id()
        workspace, chosen = book.workspace, name
        self.edits.push(
            f"New whale {chosen.strip()}",
            lambda: book.add_whale(chosen, clock.now(), whale_id=whale_id),
            lambda: workspace.set_whale_deleted(whale_id, True, clock.now()),
            redo=lambda: workspace.set_whale_deleted(whale_id, False, clock.now()),
            on_done=lambda _: self.open_whale(whale_id),
        )

    def delete_whale(self) -> None:
        """Delete the selected whale; Ctrl+Z brings it back."""
        book = self._book
        whale_id = self.whales.current_whale() if book is not None else None
        if book is None or whale_id is None:
            return
        name = next((w.name for w in self.whales.model.all_whales if w.id == whale_id), "")
        workspace = book.workspace
        self.edits.push(
            f"Delete {name}",
            lambda: workspace.set_whale_deleted(whale_id, True, clock.now()),
            lambda: workspace.set_whale_deleted(whale_id, False, clock.now()),
            on_done=lambda _: self.statusBar().showMessage(
                f"Deleted {name} (Ctrl+Z brings it back)", 6000
            ),
        )

    def import_book(self) -> None:
        if self._book is None:
            return
        from warroom.ui.dialogs.import_book import ImportDialog

        dialog = ImportDialog(self._book, self._runner, self)
        self.import_dialog = dialog
        dialog.open()

    def export_csv(self, path: str | None = None) -> None:
        """One row per whale, with heat and days to sink, for a spreadsheet."""
        book = self._book
        if book is None:
            return
        if path is None:
            from PySide6.QtWidgets import QFileDialog

            path, _ = QFileDialog.getSaveFileName(
                self, "Export whales", "whales.csv", "CSV (*.csv)"
            )
        if not path:
            return
        from warroom.services.exporting import export_csv

        target = Path(path)
        self._runner.run(
            lambda: export_csv(book.whales(clock.now()), target),
            on_success=lambda rows: self.statusBar().showMessage(
                f"Exported {rows} whales to {target.name}", 6000
            ),
        )

    def log_trigger(self) -> None:
        view = self.sections.get("Triggers")
        if isinstance(view, TriggersView):
            view.log(self.whales.current_whale())

    def close_deal(self) -> None:
        """Close the current whale's deal, with its win/loss review."""
        if self._book is None:
            return
        whale_id = self.whales.current_whale()
        if whale_id is None:
            self.statusBar().showMessage("Select a whale in Whales first", 5000)
            return
        name = next((w.name for w in self.whales.model.all_whales if w.id == whale_id), "")
        dialog = CloseDealDialog(name, self)
        book = self._book

        def close() -> None:
            from warroom.services.learning import Learning

            choice = dialog.choice()
            self._runner.run(
                lambda: Learning(book).close(
                    whale_id,
                    choice.outcome,
                    clock.now(),
                    primary=choice.primary,
                    secondary=choice.secondary,
                    differently=choice.differently,
                    quote=choice.quote,
                    to_review=choice.primary is None,
                )
            )

        dialog.accepted.connect(close)
        self.close_dialog = dialog
        dialog.open()

    def show_shortcuts(self) -> None:
        actions = [
            action for menu in self.menuBar().findChildren(QMenu) for action in menu.actions()
        ]
        dialog = ShortcutsDialog(actions, self)
        self.shortcuts_dialog = dialog
        dialog.open()

    # --- settings, backup, about ------------------------------------------------------------

    def open_settings(self) -> None:
        book = self._book
        if book is None:
            return
        self._runner.run(
            lambda: (
                book.me(),
                book.reps(),
                book.team_settings(),
                book.decay.settings(),
                book.reminder(),
                book.theme(),
            ),
            on_success=self._show_settings,
        )

    def _show_settings(
        self,
        loaded: tuple[Rep | None, list[Rep], TeamSettings, DecaySettings, tuple[bool, time], str],
    ) -> None:
        dialog = SettingsDialog(*loaded, parent=self)
        dialog.accepted.connect(lambda: self._save_settings(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()

    def _save_settings(self, dialog: SettingsDialog) -> None:
        choice = dialog.choice()
        book, zone = self._book, clock.local_zone_name()
        if book is None:
            return
        self._runner.run(lambda: book.save_settings(choice.me, choice.team, zone, clock.now()))
        self._runner.run(
            lambda: book.save_reminder(choice.reminder_on, choice.reminder_at, clock.now())
        )
        self._runner.run(
            lambda: book.save_theme(choice.theme, clock.now()),
            on_success=lambda done: self.apply_theme(done.value),
        )
        self._runner.run(
            lambda: book.decay.save_settings(choice.decay, clock.now()),
            on_success=lambda _: self.statusBar().showMessage("Settings saved", 4000),
        )

    def _about(self) -> None:
        from warroom.ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self._folder, self)
        self.about_dialog = dialog
        dialog.open()

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
        from PySide6.QtWidgets import QApplication

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
        self.safety.on_close()
        self.save_state()
        super().closeEvent(event)
