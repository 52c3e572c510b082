"""The whale definition form: the exact deal, why now, past attempts and proposals, rivals."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.errors import BadInput
from warroom.domain.kinds import STAGES
from warroom.domain.pipeline import DealChange, change_words, check_close_date
from warroom.domain.values import parse_amount
from warroom.domain.whales import WhaleDefinition, check_definition
from warroom.ui import actions

TEXTS = (
    ("exact_deal", "The exact deal we want", "Size, solution, stakeholders, terms"),
    ("why_now", "Why now", "What makes this the quarter"),
    ("past_attempts", "Past attempts", "Who tried what, when, and how it ended"),
    ("past_proposals", "Past proposals", "Paper we sent, amounts, outcome"),
    ("competitors", "Competitors in the account", "Incumbent, rivals, in-house build"),
    ("listening", "What we listen for", "Triggers to watch and the sources we check"),
    ("notes", "Notes", ""),
)


def _text(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(70)
    return edit


class DefinitionForm(QWidget):
    def __init__(
        self,
        save: Callable[[WhaleDefinition, WhaleDefinition], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._shown: WhaleDefinition | None = None
        self._put: dict[str, object] = {}  # the fields as last shown, to tell what was typed
        self.name = QLineEdit()
        self.web_domain = QLineEdit(placeholderText="globex.com")
        self.industry = QLineEdit()
        self.deal_size = QLineEdit(placeholderText="e.g. 750k or 1.2M")
        self.currency = QLineEdit(maxLength=3)
        self.solution = QLineEdit()
        self.stage = QComboBox()
        self.stage.addItems(list(STAGES))
        self.close_on = QLineEdit(placeholderText="YYYY-MM-DD, e.g. 2027-03-31")
        self.close_on.setToolTip("When the deal is expected to close; each change is kept")
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.top_ten = QCheckBox("Top ten: must close this quarter")
        self.texts = {name: _text(hint) for name, _, hint in TEXTS}
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        left = QFormLayout()
        left.addRow("&Name", self.name)
        left.addRow("&Web domain", self.web_domain)
        left.addRow("&Industry", self.industry)
        left.addRow("&Deal size", self.deal_size)
        left.addRow("C&urrency", self.currency)
        left.addRow("&Solution", self.solution)
        left.addRow("St&age", self.stage)
        left.addRow("E&xpected close", self.close_on)
        left.addRow(self.top_ten)
        left.addRow(self.history)
        right = QFormLayout()
        for name, label, _ in TEXTS:
            right.addRow(label, self.texts[name])
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        self.save_button = QPushButton("Save  (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        revert = QPushButton("Revert")
        revert.clicked.connect(lambda: self.show_definition(self._shown) if self._shown else None)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(revert)
        buttons.addWidget(self.save_button)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addLayout(columns)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        actions.make("save_definition", self, self.save)

    def show_definition(self, definition: WhaleDefinition, keep_typing: bool = False) -> None:
        """Show the whale's definition; with `keep_typing` (the same whale, changed by a
        teammate or another window), what the user has typed and not saved stays."""
        shown: dict[str, object] = {
            "name": definition.name,
            "web_domain": definition.web_domain,
            "industry": definition.industry,
            "deal_size": f"{definition.deal_size:,}" if definition.deal_size else "",
            "currency": definition.currency,
            "solution": definition.solution,
            "stage": definition.stage,
            "close_on": definition.close_on.isoformat() if definition.close_on else "",
            "top_ten": definition.top_ten,
            **{name: getattr(definition, name) for name in self.texts},
        }
        # Typed and not saved: changed since shown, and not what the book now says (after
        # a save of one's own, the book says what was typed).
        typed: dict[str, object] = {}
        if keep_typing and self._put:
            typed = {
                k: v for k, v in self._raw().items() if v != self._put.get(k) and v != shown[k]
            }
        self._shown = definition
        self._set_raw(shown)
        self._put = self._raw()
        self._set_raw(typed)
        self.error.setText(
            "A teammate's change came in; what you typed is kept, and Ctrl+S saves only it."
            if typed
            else ""
        )

    def _lines(self) -> dict[str, QLineEdit]:
        return {
            "name": self.name,
            "web_domain": self.web_domain,
            "industry": self.industry,
            "deal_size": self.deal_size,
            "currency": self.currency,
            "solution": self.solution,
            "close_on": self.close_on,
        }

    def _raw(self) -> dict[str, object]:
        """Every field as it stands in the form, typed or shown."""
        raw: dict[str, object] = {name: edit.text() for name, edit in self._lines().items()}
        raw |= {name: edit.toPlainText() for name, edit in self.texts.items()}
        return raw | {"stage": self.stage.currentText(), "top_ten": self.top_ten.isChecked()}

    def _set_raw(self, values: Mapping[str, object]) -> None:
        lines = self._lines()
        for name, value in values.items():
            if name in lines:
                lines[name].setText(str(value))
            elif name in self.texts:
                self.texts[name].setPlainText(str(value))
            elif name == "stage":
                self.stage.setCurrentText(str(value))
            elif name == "top_ten":
                self.top_ten.setChecked(bool(value))

    def show_history(self, changes: Sequence[DealChange], rep_names: Mapping[str, str]) -> None:
        """The deal's close date, amount and stage as they changed, newest first."""
        if not changes:
            self.history.setText(
                "<b>Deal history</b><br>No change of close date, amount or stage yet."
            )
            return
        lines = [
            f"{c.changed_at.astimezone():%Y-%m-%d}"
            f" · {html.escape(rep_names.get(c.rep_id or '', 'someone'))}"
            f" · {html.escape(change_words(c))}"
            for c in reversed(changes)
        ]
        self.history.setText("<b>Deal history</b><br>" + "<br>".join(lines))

    def entered(self) -> WhaleDefinition:
        """The definition as typed, checked; BadInput naming the field otherwise."""
        size_text = self.deal_size.text().strip()
        try:
            size = parse_amount(size_text) if size_text else 0
        except BadInput as exc:
            raise BadInput(f"deal size: {exc}") from exc
        texts = {name: edit.toPlainText() for name, edit in self.texts.items()}
        close_text = self.close_on.text().strip()
        try:
            close_on = date.fromisoformat(close_text) if close_text else None
        except ValueError:
            raise BadInput(
                f"expected close: {close_text!r} is not a date (write e.g. 2027-03-31)"
            ) from None
        if close_on is not None and close_on != (self._shown and self._shown.close_on):
            close_on = check_close_date(close_on, clock.now().date())
        return check_definition(
            WhaleDefinition(
                name=self.name.text(),
                web_domain=self.web_domain.text(),
                industry=self.industry.text().strip(),
                deal_size=size,
                currency=self.currency.text(),
                solution=self.solution.text().strip(),
                stage=self.stage.currentText(),
                top_ten=self.top_ten.isChecked(),
                close_on=close_on,
                **texts,
            )
        )

    def save(self) -> None:
        if self._shown is None:
            return
        try:
            after = self.entered()
        except BadInput as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        if after != self._shown:
            self._save(self._shown, after)
            # Saved: the page shown again after it has nothing typed to keep.
            self._put = self._raw()
