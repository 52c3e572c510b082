"""Edit ▸ Find duplicates: whales and people likely written down twice; Enter merges the
selected pair (a whale pair first shows each differing field side by side, to choose which
value stays). Each merge is one edit: Ctrl+Z takes it back whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from warroom import clock
from warroom.domain.words import plural
from warroom.services.duplicates import DEAL, Duplicates, Found, MergePlan
from warroom.ui import actions
from warroom.ui.models.rows import RecordsModel
from warroom.ui.ops import OperationRunner
from warroom.ui.views.lists import row_table

if TYPE_CHECKING:
    from warroom.domain.duplicates import Pair

_Row = tuple[str, "Pair"]  # "whale" or "person", and the pair


class MergeDialog(QDialog):
    """The two whales side by side: for each field they hold differently, which one stays
    (the kept whale's by default); what moves is said above."""

    def __init__(self, plan: MergePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Merge {plan.other} into {plan.keep}")
        self.plan = plan
        intro = QLabel(
            f"<b>{plan.keep}</b> stays; <b>{plan.other}</b> is merged into it and deleted."
            f"<br>It {plan.moves_words()}."
            + ("<br>Fields it has empty are filled from the other." if plan.filled else "")
            + (
                "<br>A whale keeps one open deal: the one not chosen below is deleted"
                " (Ctrl+Z brings it back)."
                if any(d.field == DEAL for d in plan.differing)
                else ""
            )
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>Field</b>"), 0, 0)
        grid.addWidget(QLabel(f"<b>{plan.keep}</b>"), 0, 1)
        grid.addWidget(QLabel(f"<b>{plan.other}</b>"), 0, 2)
        self.choices: dict[str, QButtonGroup] = {}
        for row, field in enumerate(plan.differing, start=1):
            group = QButtonGroup(self)
            ours, theirs = QRadioButton(_short(field.keep)), QRadioButton(_short(field.other))
            ours.setToolTip(field.keep)
            theirs.setToolTip(field.other)
            ours.setChecked(True)
            group.addButton(ours, 0)
            group.addButton(theirs, 1)
            grid.addWidget(QLabel(field.label), row, 0)
            grid.addWidget(ours, row, 1)
            grid.addWidget(theirs, row, 2)
            self.choices[field.field] = group
        if not plan.differing:
            grid.addWidget(QLabel("No field differs: nothing to choose."), 1, 0, 1, 3)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def taken(self) -> list[str]:
        """The fields whose other value was chosen."""
        return [field for field, group in self.choices.items() if group.checkedId() == 1]


def _short(text: str) -> str:
    line = text.replace("\n", " ")
    return line if len(line) <= 60 else line[:59] + "…"


COLUMNS = [
    ("What", lambda r: "Whale" if r[0] == "whale" else "Person"),
    ("Keep", lambda r: r[1].keep.name),
    ("Merge into it", lambda r: r[1].other.name),
    ("Why", lambda r: r[1].why),
]


class DuplicatesDialog(QDialog):
    def __init__(self, runner: OperationRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Likely duplicates")
        self._runner = runner
        self.merge_dialog: MergeDialog | None = None
        self.model: RecordsModel[_Row] = RecordsModel(COLUMNS, self)
        self.table = row_table(self.model, 3)
        self.table.doubleClicked.connect(lambda _index: self.merge())
        self.count = QLabel("Looking for whales and people written down twice…")
        self.count.setWordWrap(True)
        self.merge_button = merge = QPushButton("Merge…  (Enter)")
        merge.setEnabled(False)  # until there is a pair to merge
        merge.clicked.connect(self.merge)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        bar = QDialogButtonBox()
        bar.addButton(merge, QDialogButtonBox.ButtonRole.ActionRole)
        bar.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)
        layout.addWidget(bar)
        actions.make("merge_pair", self, self.merge, attach=self.table)
        self.resize(820, 420)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.load()

    def load(self) -> None:
        self._runner.read(lambda book: Duplicates(book.book).find(), self._on_loaded, owner=self)

    def _on_loaded(self, found: Found) -> None:
        row = max(self.table.currentIndex().row(), 0)
        names = found.whale_names
        rows: list[_Row] = [("whale", p) for p in found.whales]
        rows += [("person", p) for p in found.people]
        self.model.set_rows(rows)
        self.merge_button.setEnabled(bool(rows))
        if rows:
            self.table.selectRow(min(row, len(rows) - 1))
            where = sorted({names.get(p.keep.whale_id, "") for p in found.people})
            self.count.setText(
                f"{plural(len(found.whales), 'whale pair')} and "
                f"{plural(len(found.people), 'person pair')}"
                + (f" (at {', '.join(where)})" if where else "")
                + " likely written down twice. Enter merges the selected pair."
            )
        else:
            self.count.setText("No likely duplicates: every whale and person is written down once.")

    def merge(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        kind, pair = self.model.record(index.row())
        keep, other = pair.keep.id, pair.other.id
        if kind == "person":
            now = clock.now()
            self._runner.edit(
                f"Merge {pair.other.name} into {pair.keep.name}",
                lambda book: Duplicates(book.book).merge_people(keep, other, now),
                lambda _pair: self.load(),
            )
            return
        self._runner.read(
            lambda book: Duplicates(book.book).plan(keep, other), self._ask, owner=self
        )

    def _ask(self, plan: MergePlan) -> None:
        dialog = MergeDialog(plan, self)
        dialog.accepted.connect(lambda: self._merge(plan, dialog.taken()))
        self.merge_dialog = dialog
        dialog.open()

    def _merge(self, plan: MergePlan, taken: list[str]) -> None:
        now = clock.now()
        self._runner.edit(
            f"Merge {plan.other} into {plan.keep}",
            lambda book: Duplicates(book.book).merge(plan.keep_id, plan.other_id, now, taken),
            lambda _plan: self.load(),
        )
