"""The cadence template editor: steps added, reordered (drag, or Ctrl+Up/Down), edited and
removed, validated before saving."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from warroom.domain.cadence import SavedTemplate, TemplateStep, check_template
from warroom.domain.errors import BadInput
from warroom.domain.kinds import TOUCH_KINDS, TOUCH_LABELS
from warroom.ui import actions


class TemplateEditor(QWidget):
    def __init__(
        self, save: Callable[[SavedTemplate], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._templates: list[SavedTemplate] = []
        self.chooser = QComboBox()
        self.chooser.currentIndexChanged.connect(self._on_template_chosen)
        self.name = QLineEdit()
        self.description = QLineEdit()
        self.steps = QListWidget()
        self.steps.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.steps.currentRowChanged.connect(self._on_step_chosen)
        self.offset = QSpinBox()
        self.offset.setRange(0, 365)
        self.offset.setSuffix(" days after the start")
        self.channel = QComboBox()
        for kind in TOUCH_KINDS:
            self.channel.addItem(TOUCH_LABELS[kind], kind)
        self.instruction = QLineEdit()
        self.message = QPlainTextEdit()
        self.message.setMaximumHeight(70)
        for signal in (
            self.offset.valueChanged,
            self.channel.currentIndexChanged,
            self.instruction.textEdited,
            self.message.textChanged,
        ):
            signal.connect(self._on_step_edited)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in (
            ("New cadence", self.new_template),
            ("Add step", self.add_step),
            ("Remove step", self.remove_step),
            ("Save cadence", self.save),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        step_form = QFormLayout()
        step_form.addRow("Da&y", self.offset)
        step_form.addRow("Channe&l", self.channel)
        step_form.addRow("&Instruction", self.instruction)
        step_form.addRow("&Message", self.message)
        head = QFormLayout()
        head.addRow("&Cadence", self.chooser)
        head.addRow("&Name", self.name)
        head.addRow("&Description", self.description)
        step_side = QVBoxLayout()
        step_side.addLayout(step_form)
        step_side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.steps, 1)
        body.addLayout(step_side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(body, 1)
        layout.addWidget(QLabel("Drag steps to reorder, or Ctrl+Up / Ctrl+Down."))
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        actions.make("step_up", self, lambda: self.move_step(-1), attach=self.steps)
        actions.make("step_down", self, lambda: self.move_step(1), attach=self.steps)

    # --- showing ----------------------------------------------------------------------------

    def show_templates(self, templates: list[SavedTemplate]) -> None:
        chosen = self.chooser.currentData()
        self._templates = templates
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for template in templates:
            self.chooser.addItem(template.name, template.id)
        self.chooser.setCurrentIndex(max(self.chooser.findData(chosen), 0))
        self.chooser.blockSignals(False)
        self._on_template_chosen()

    def _on_template_chosen(self) -> None:
        found = [t for t in self._templates if t.id == self.chooser.currentData()]
        self._show(found[0] if found else SavedTemplate("", "", "", ()))

    def _show(self, template: SavedTemplate) -> None:
        self._editing_id = template.id
        self.name.setText(template.name)
        self.description.setText(template.description)
        self.steps.clear()
        for step in template.steps:
            self._add_item(step)
        self.steps.setCurrentRow(0)
        self.error.clear()

    def _add_item(self, step: TemplateStep) -> None:
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, step)
        self._label(item)
        self.steps.addItem(item)

    @staticmethod
    def _label(item: QListWidgetItem) -> None:
        step: TemplateStep = item.data(Qt.ItemDataRole.UserRole)
        item.setText(f"Day {step.day_offset}: {TOUCH_LABELS[step.channel]}. {step.instruction}")

    # --- editing ----------------------------------------------------------------------------

    def _on_step_chosen(self, row: int) -> None:
        item = self.steps.item(row)
        if item is None:
            return
        step: TemplateStep = item.data(Qt.ItemDataRole.UserRole)
        for widget in (self.offset, self.channel, self.instruction, self.message):
            widget.blockSignals(True)
        self.offset.setValue(step.day_offset)
        self.channel.setCurrentIndex(TOUCH_KINDS.index(step.channel))
        self.instruction.setText(step.instruction)
        self.message.setPlainText(step.message)
        for widget in (self.offset, self.channel, self.instruction, self.message):
            widget.blockSignals(False)

    def _on_step_edited(self) -> None:
        item = self.steps.currentItem()
        if item is None:
            return
        step: TemplateStep = item.data(Qt.ItemDataRole.UserRole)
        item.setData(
            Qt.ItemDataRole.UserRole,
            replace(
                step,
                day_offset=self.offset.value(),
                channel=self.channel.currentData(),
                instruction=self.instruction.text(),
                message=self.message.toPlainText(),
            ),
        )
        self._label(item)

    def new_template(self) -> None:
        self.chooser.setCurrentIndex(-1)
        self._show(SavedTemplate("", "New cadence", "", ()))
        self.add_step()

    def add_step(self) -> None:
        last = self.entered_steps()[-1].day_offset if self.steps.count() else 0
        self._add_item(TemplateStep("", last + 2, "call_attempt", "Call; reference the last touch"))
        self.steps.setCurrentRow(self.steps.count() - 1)

    def remove_step(self) -> None:
        row = self.steps.currentRow()
        if row >= 0:
            self.steps.takeItem(row)

    def move_step(self, by: int) -> None:
        row = self.steps.currentRow()
        target = row + by
        if row < 0 or not 0 <= target < self.steps.count():
            return
        item = self.steps.takeItem(row)
        self.steps.insertItem(target, item)
        self.steps.setCurrentRow(target)

    def entered_steps(self) -> list[TemplateStep]:
        return [
            self.steps.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.steps.count())
        ]

    def entered(self) -> SavedTemplate:
        template = SavedTemplate(
            self._editing_id,
            self.name.text(),
            self.description.text().strip(),
            tuple(self.entered_steps()),
        )
        check_template(template.as_template())
        return template

    def save(self) -> None:
        try:
            template = self.entered()
        except BadInput as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self._save(template)
