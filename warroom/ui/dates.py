"""Date and time fields whose Tab goes on to the next field, as every other field's does.
Qt's own step through their parts (weekday, year, month, day, hour) on Tab, so a note typed
after one Tab went into the date; Left and Right still move between the parts."""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QTimeEdit, QWidget


class DateTimeField(QDateTimeEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateField(QDateEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class TimeField(QTimeEdit):
    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)
