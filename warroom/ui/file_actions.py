"""The File menu's dialogs: settings (saved in one edit), import, CSV export, and About."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMainWindow

from warroom import clock
from warroom.domain.changes import Changes, Done
from warroom.domain.values import WORKDAYS_DEFAULT
from warroom.paths import DataFolder
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from warroom.domain.decay_settings import DecaySettings
    from warroom.domain.records import Rep, TeamSettings
    from warroom.services.open_book import OpenBook
    from warroom.ui.dialogs.settings import SettingsChoice

Loaded = tuple["Rep | None", "list[Rep]", "TeamSettings", "DecaySettings", tuple[bool, time], str]


def documents() -> Path:
    """Where save dialogs start: the user's documents (else home), not the program's folder."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


class FileActions:
    def __init__(
        self,
        runner: OperationRunner,
        window: QMainWindow,
        folder: DataFolder,
        apply_theme: Callable[[str], None],
    ) -> None:
        self._runner = runner
        self._window = window
        self._folder = folder
        self._apply_theme = apply_theme
        self.dialog: QDialog | None = None

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 6000)

    # --- settings ---------------------------------------------------------------------------

    def open_settings(self) -> None:
        def load(book: OpenBook) -> Loaded:
            b = book.book
            return (
                b.me(),
                b.reps(),
                b.team_settings(),
                book.decay.settings(),
                b.reminder(),
                b.theme(),
            )

        self._runner.read(load, self._show_settings)

    def _show_settings(self, loaded: Loaded) -> None:
        from warroom.ui.dialogs.settings import SettingsDialog

        me = loaded[0]
        zone = me.timezone if me else clock.local_zone_name()
        dialog = SettingsDialog(*loaded, zone=zone, parent=self._window)
        dialog.accepted.connect(lambda: self._save_settings(dialog.choice(), loaded, zone))
        self.dialog = dialog
        dialog.open()

    def _save_settings(self, choice: SettingsChoice, loaded: Loaded, zone: str) -> None:
        """What the dialog changed, in one edit: all of it is saved, or none. Nothing changed,
        nothing written (and nothing for Ctrl+Z to take back)."""
        me, _reps, team, decay, reminder, theme = loaded
        was = (me.name, me.email) if me else ("", "")
        who = (*was, zone, team) != (choice.me, choice.emails, choice.zone, choice.team)
        week = (me.workdays if me else WORKDAYS_DEFAULT) != choice.workdays
        remind = reminder != (choice.reminder_on, choice.reminder_at)
        look = theme != choice.theme
        heat = decay != choice.decay
        if not (who or week or remind or look or heat):
            self._say("Settings: nothing changed")
            return
        now = clock.now()

        def save(book: OpenBook) -> Done[str]:
            b, changes = book.book, Changes()
            if who:
                changes |= b.save_settings(
                    choice.me, choice.team, choice.zone, now, emails=choice.emails
                ).changes
            if week:  # after save_settings: a first rep is made there
                changes |= b.set_workdays(choice.workdays, now).changes
            if remind:
                changes |= b.save_reminder(choice.reminder_on, choice.reminder_at, now).changes
            if look:
                changes |= b.save_theme(choice.theme, now).changes
            if heat:
                changes |= book.decay.save_settings(choice.decay, now).changes
            return Done(choice.theme, changes)

        def saved(theme: str) -> None:
            self._apply_theme(theme)
            self._say("Settings saved (Ctrl+Z takes them back)")

        self._runner.edit("Settings", save, saved)

    # --- import, export, about --------------------------------------------------------------

    def import_book(self) -> None:
        from warroom.ui.dialogs.import_book import ImportDialog

        dialog = ImportDialog(self._runner, self._window)
        self.dialog = dialog
        dialog.open()

    def capture(self) -> None:
        from warroom.ui.dialogs.capture import CaptureDialog

        dialog = CaptureDialog(self._runner, self._say, self._window)
        self.dialog = dialog
        dialog.open()

    def export_csv(self) -> None:
        """One row per whale, with heat and days to sink, for a spreadsheet."""
        dialog = QFileDialog(self._window, "Export whales", str(documents() / "whales.csv"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("CSV (*.csv)")
        dialog.setDefaultSuffix("csv")
        dialog.fileSelected.connect(lambda path: self.write_csv(Path(path)))
        self.dialog = dialog
        dialog.open()

    def write_csv(self, target: Path) -> None:
        from warroom.services.exporting import export_csv

        self._runner.read(
            lambda book: export_csv(book.book.whales(clock.now()), target),
            lambda rows: self._say(f"Exported {rows} whales to {target}"),
        )

    def about(self) -> None:
        from warroom.ui.dialogs.about import AboutDialog

        dialog = AboutDialog(self._folder, self._window)
        self.dialog = dialog
        dialog.open()
