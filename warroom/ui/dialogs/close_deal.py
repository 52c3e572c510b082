"""Close a whale's deal: won, lost or no decision, and the lesson: why, what we would do
differently, what the customer said. No primary reason means it waits as "to review"."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from warroom.domain.kinds import OUTCOMES, REVIEW_REASONS
from warroom.ui import actions

REASON_LABELS = {
    "product": "Product",
    "price": "Price",
    "story_and_insight": "Story and insight",
    "relationship": "Relationship",
    "timing_or_do_nothing": "Timing or do-nothing",
    "competitor": "Competitor",
}
OUTCOME_LABELS = {"won": "Won", "lost": "Lost", "no_decision": "No decision"}
LATER = "review later"


@dataclass(frozen=True)
class CloseChoice:
    outcome: str
    primary: str | None
    secondary: list[str]
    differently: str
    quote: str


class CloseDealDialog(QDialog):
    def __init__(
        self,
        whale: str,
        parent: QWidget | None = None,
        outcome_fixed: str | None = None,
        outcome: str | None = None,
    ) -> None:
        """`outcome_fixed` reviews a deal closed earlier; `outcome` is only offered first."""
        super().__init__(parent)
        self.setWindowTitle(
            f"Close the deal at {whale}" if not outcome_fixed else f"Review the deal at {whale}"
        )
        self.outcome = QComboBox()
        for outcome in OUTCOMES:
            self.outcome.addItem(OUTCOME_LABELS[outcome], outcome)
        if outcome_fixed or outcome:
            self.outcome.setCurrentIndex(OUTCOMES.index(outcome_fixed or outcome or ""))
            self.outcome.setEnabled(not outcome_fixed)
        self.primary = QComboBox()
        for reason in REVIEW_REASONS:
            self.primary.addItem(REASON_LABELS[reason], reason)
        if not outcome_fixed:
            self.primary.addItem("(no reason yet: review later)", LATER)
        if outcome == "no_decision":  # what a deal left in the closet mostly died of
            self.primary.setCurrentIndex(REVIEW_REASONS.index("timing_or_do_nothing"))
        self.secondary = {reason: QCheckBox(REASON_LABELS[reason]) for reason in REVIEW_REASONS}
        grid = QGridLayout()
        for i, box in enumerate(self.secondary.values()):
            grid.addWidget(box, i // 3, i % 3)
        # The primary reason is not offered again under Also.
        self.primary.currentIndexChanged.connect(self._offer_others)
        self._offer_others()
        self.differently = QPlainTextEdit()
        self.differently.setMaximumHeight(70)
        self.differently.setTabChangesFocus(True)
        self.quote = QLineEdit(placeholderText="What the customer said, in their words")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        actions.make("close_ok", self, self.accept)
        form = QFormLayout(self)
        # The whale named in the body too: a title bar is not always there to read.
        form.addRow("Whale", QLabel(f"<b>{escape(whale)}</b>"))
        form.addRow("&Outcome", self.outcome)
        form.addRow("&Primary reason", self.primary)
        form.addRow("Also", grid)
        form.addRow("What we would do &differently", self.differently)
        form.addRow("Customer &quote", self.quote)
        form.addRow(buttons)

    def _offer_others(self) -> None:
        primary = self.primary.currentData()
        for reason, box in self.secondary.items():
            box.setEnabled(reason != primary)
            if reason == primary:
                box.setChecked(False)

    def choice(self) -> CloseChoice:
        primary = self.primary.currentData()
        return CloseChoice(
            outcome=self.outcome.currentData(),
            primary=None if primary == LATER else primary,
            secondary=[r for r, box in self.secondary.items() if box.isChecked() and r != primary],
            differently=self.differently.toPlainText().strip(),
            quote=self.quote.text().strip(),
        )
