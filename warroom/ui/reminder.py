"""The before-lunch reminder: a tray notification at the chosen time when fewer than five whales
are done, none when done; checked every minute, once a day at most."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from warroom import clock
from warroom.domain.today import DAILY_FIVE, local_day, reminder_due
from warroom.paths import resources_dir
from warroom.ui.ops import OperationRunner

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "warroom.svg"))


class Reminder(QObject):
    def __init__(self, runner: OperationRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._started = False
        self.last_reminded: date | None = None
        self.shown: list[str] = []  # what was said, for the app's own record and tests
        self.tray = QSystemTrayIcon(app_icon(), self)
        self.tray.setToolTip("Whale War Room")
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray.show()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self._started = True
        self._timer.start(60_000)

    def check(self) -> None:
        if not self._started:
            return
        last = self.last_reminded

        def due(book: OpenBook) -> tuple[str, date] | None:
            me = book.book.me()
            on, remind_at = book.book.reminder()
            if me is None or not on:
                return None
            now = clock.now()
            count = book.today.streak(None, now).streak.today_count
            if not reminder_due(now, me, remind_at, count, last):
                return None
            left = DAILY_FIVE - count
            message = (
                f"{count} of {DAILY_FIVE} whales before lunch: {left} to go before "
                f"{me.lunch_cutoff:%H:%M}."
            )
            return message, local_day(now, me.timezone)

        self._runner.read(due, self._notify)

    def _notify(self, due: tuple[str, date] | None) -> None:
        if due is None:
            return
        message, self.last_reminded = due
        self.shown.append(message)
        self.tray.showMessage("Five whales before lunch", message, app_icon(), 15_000)
