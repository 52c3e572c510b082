"""The Decay page of the settings: the team's half-life, watermark and strength of every kind."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from warroom.domain.decay_settings import DecaySettings, check_settings
from warroom.domain.kinds import TOUCH_LABELS, TRIGGER_LABELS


def _spin(value: float, low: float, high: float, step: float, decimals: int) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(decimals)
    spin.setValue(value)
    return spin


class DecayPage(QWidget):
    def __init__(self, settings: DecaySettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        params = settings.params
        self.half_life = _spin(params.half_life_days, 1, 365, 1, 1)
        self.half_life.setSuffix(" days")
        self.watermark = _spin(params.watermark, 0.05, 0.95, 0.05, 2)
        self.learn = QCheckBox("Learn the half-life from our closed deals (8 or more)")
        self.learn.setChecked(settings.learn)
        general = QFormLayout()
        general.addRow("Default &half-life", self.half_life)
        general.addRow("Status-quo &watermark", self.watermark)
        general.addRow(self.learn)
        self.touch_strengths = {
            kind: _spin(value, 0, 1, 0.05, 2) for kind, value in params.touch_strengths.items()
        }
        self.trigger_strengths = {
            kind: _spin(value, 0, 1, 0.05, 2) for kind, value in params.trigger_strengths.items()
        }
        columns = QHBoxLayout()
        for title, spins, labels in (
            ("Meaningful touches", self.touch_strengths, TOUCH_LABELS),
            ("Triggers", self.trigger_strengths, TRIGGER_LABELS),
        ):
            box = QGroupBox(title)
            form = QFormLayout(box)
            for kind, spin in spins.items():
                # A form's label takes & as a key mnemonic: "M&A" would show as "MA".
                form.addRow(labels.get(kind, kind).replace("&", "&&"), spin)
            columns.addWidget(box)
        note = QLabel(
            "A strength is how much of the way to full heat an event lifts a whale: "
            "heat + strength × (1 − heat). Outbound touches add none."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(general)
        layout.addWidget(note)
        layout.addLayout(columns)

    def settings(self) -> DecaySettings:
        """The settings as entered; BadInput when one is out of range."""
        return check_settings(
            self.half_life.value(),
            self.watermark.value(),
            {kind: spin.value() for kind, spin in self.touch_strengths.items()},
            {kind: spin.value() for kind, spin in self.trigger_strengths.items()},
            self.learn.isChecked(),
        )
