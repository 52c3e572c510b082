"""The settings dialog: who uses this laptop, the team's name and currency, the lunch cut-off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from warroom.domain.capture import addresses_in, my_addresses
from warroom.domain.decay_settings import DecaySettings
from warroom.domain.errors import BadInput
from warroom.domain.records import Rep, TeamSettings
from warroom.domain.values import (
    WEEKDAY_NAMES,
    WORKDAYS_DEFAULT,
    check_currency,
    check_workdays,
)
from warroom.ui.dates import TimeField
from warroom.ui.dialogs.decay_page import DecayPage
from warroom.ui.dialogs.zone_box import ZoneBox


@dataclass(frozen=True)
class SettingsChoice:
    me: str
    zone: str
    workdays: tuple[int, ...]
    team: TeamSettings
    emails: str  # my own addresses, comma-separated: capture tells my side of mail by them
    decay: DecaySettings
    reminder_on: bool
    reminder_at: time
    theme: str


class SettingsDialog(QDialog):
    def __init__(
        self,
        me: Rep | None,
        reps: list[Rep],
        team: TeamSettings,
        decay: DecaySettings,
        reminder: tuple[bool, time],
        theme: str,
        zone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.me = QComboBox(editable=True)
        self.me.addItems([rep.name for rep in reps])
        self.me.setCurrentText(me.name if me else "")
        self.me.setPlaceholderText("Your name as the team knows you")
        self.emails = QLineEdit(
            me.email if me else "",
            placeholderText="e.g. avery@ourco.com, avery.chen@gmail.com",
        )
        self.emails.setToolTip(
            "Capture from calendar or mail tells your side of a meeting or message by these"
        )
        self.team_name = QLineEdit(team.team_name, placeholderText="e.g. Enterprise North")
        self.currency = QLineEdit(team.currency, maxLength=3)
        self.cutoff = TimeField(QTime(team.lunch_cutoff.hour, team.lunch_cutoff.minute))
        self.cutoff.setDisplayFormat("HH:mm")
        self.zone = ZoneBox(zone)
        days = me.workdays if me else WORKDAYS_DEFAULT
        self.workdays = [QCheckBox(name) for name in WEEKDAY_NAMES]
        week = QHBoxLayout()
        week.setContentsMargins(0, 0, 0, 0)
        for number, box in enumerate(self.workdays, start=1):
            box.setChecked(number in days)
            week.addWidget(box)
        week.addStretch(1)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        you = QWidget()
        form = QFormLayout(you)
        form.addRow("&Who uses this laptop", self.me)
        form.addRow("&Your email addresses", self.emails)
        form.addRow("&Team name", self.team_name)
        form.addRow("&Currency", self.currency)
        form.addRow("&Lunch cut-off", self.cutoff)
        form.addRow("Time &zone", self.zone)
        week_row = QWidget()
        week_row.setLayout(week)
        # Alt+D puts the keys on Monday's box: a label whose buddy is a box clicks it, so the
        # buddy is the row, passing the focus on (Monday had been unticked by the key).
        week_row.setFocusProxy(self.workdays[0])
        week_row.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a label gives focus to no NoFocus
        workdays_label = QLabel("Work&days")
        workdays_label.setBuddy(week_row)
        form.addRow(workdays_label, week_row)
        self.reminder_on = QCheckBox("Remind me when fewer than five are done by")
        self.reminder_on.setChecked(reminder[0])
        self.reminder_at = TimeField(QTime(reminder[1].hour, reminder[1].minute))
        self.reminder_at.setDisplayFormat("HH:mm")
        form.addRow(self.reminder_on, self.reminder_at)
        self.theme = QComboBox()
        for key, label in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(self.theme.findData(theme), 0))
        form.addRow("&Appearance", self.theme)
        self.decay = DecayPage(decay)
        self.pages = QTabWidget()
        self.pages.addTab(you, "You and your team")
        self.pages.addTab(self.decay, "Decay")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.choice()
        except BadInput as exc:
            self.error.setText(str(exc))
            return
        super().accept()

    def choice(self) -> SettingsChoice:
        """What the user entered; BadInput when a field is not acceptable."""
        name = self.me.currentText().strip()
        if not name:
            raise BadInput("say who uses this laptop")
        cutoff = self.cutoff.time()
        remind = self.reminder_at.time()
        return SettingsChoice(
            theme=self.theme.currentData(),
            reminder_on=self.reminder_on.isChecked(),
            reminder_at=time(remind.hour(), remind.minute()),
            decay=self.decay.settings(),
            me=name,
            emails=my_addresses(addresses_in(self.emails.text())),
            zone=self.zone.zone(),
            workdays=check_workdays(
                tuple(n for n, box in enumerate(self.workdays, start=1) if box.isChecked())
            ),
            team=TeamSettings(
                team_name=self.team_name.text().strip(),
                currency=check_currency(self.currency.text()),
                lunch_cutoff=time(cutoff.hour(), cutoff.minute()),
            ),
        )
