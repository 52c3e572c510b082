"""The first run: who I am, my team, currency and lunch cut-off, then how to start: the demo
book, an empty one, or an import. Never a blank screen with no next step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QButtonGroup, QLabel, QLineEdit, QRadioButton, QWidget

from warroom.domain.capture import addresses_in, my_addresses
from warroom.domain.errors import BadInput
from warroom.domain.records import TeamSettings
from warroom.domain.values import check_currency
from warroom.ui.dates import TimeField
from warroom.ui.dialogs.checked import CheckedDialog
from warroom.ui.dialogs.zone_box import ZoneBox


@dataclass(frozen=True)
class Welcome:
    name: str
    team: TeamSettings
    zone: str
    start: str  # one of STARTS' keys
    emails: str = ""  # my own addresses, comma-separated (capture tells my side by them)


STARTS = (
    ("demo", "Look around a demo book first (six reps, sixty whales)"),
    ("empty", "Start with an empty book and write down my whales"),
    ("import", "Bring in my accounts from Salesforce, HubSpot or LinkedIn"),
)


class WelcomeDialog(CheckedDialog):
    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__("Welcome to Whale War Room", parent)
        intro = QLabel(
            "<h2>Hunt the few accounts that make your year</h2><p>Four things keep "
            "a big deal from sinking into do-nothing: whales written down in full, "
            "five of them touched before lunch every day, cadences that go past the "
            "second try, and decay charts that say when each one sinks.</p>"
        )
        intro.setWordWrap(True)
        self.name = QLineEdit(placeholderText="Your name, as your team knows you")
        self.emails = QLineEdit(
            placeholderText="Your work address (more, separated by commas); optional"
        )
        self.team = QLineEdit(placeholderText="e.g. Enterprise North")
        self.currency = QLineEdit("USD", maxLength=3)
        self.cutoff = TimeField(QTime(12, 0))
        self.cutoff.setDisplayFormat("HH:mm")
        self.zone = ZoneBox(zone)
        self.starts = QButtonGroup(self)
        self.form.addRow(intro)
        self.form.addRow("&Who are you", self.name)
        self.form.addRow("Your &email", self.emails)
        self.form.addRow("Your &team", self.team)
        self.form.addRow("&Currency", self.currency)
        self.form.addRow("&Lunch cut-off", self.cutoff)
        self.form.addRow("Time &zone", self.zone)
        for number, (key, label) in enumerate(STARTS):
            button = QRadioButton(label)
            button.setProperty("start", key)
            button.setChecked(number == 0)
            self.starts.addButton(button)
            self.form.addRow(button)
        self.add_buttons()

    def choice(self) -> Welcome:
        """Who I am, my team, my zone and how to start."""
        name = self.name.text().strip()
        if not name:
            raise BadInput("say who you are: your name, as your team knows you")
        cutoff = self.cutoff.time()
        team = TeamSettings(
            self.team.text().strip(),
            check_currency(self.currency.text()),
            time(cutoff.hour(), cutoff.minute()),
        )
        checked = self.starts.checkedButton()
        start = str(checked.property("start")) if checked else "empty"
        emails = my_addresses(addresses_in(self.emails.text()))
        return Welcome(name, team, self.zone.zone(), start, emails)
