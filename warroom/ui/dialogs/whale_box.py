"""The whale box of every dialog that names a whale: type part of a name to find it, the rep's
own whales listed first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from warroom.domain.errors import BadInput


class Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def owner_id(self) -> str | None: ...


class WhaleBox(QComboBox):
    def __init__(
        self,
        whales: Sequence[Named],
        current: str | None,
        me: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        mine = sorted((w for w in whales if me and w.owner_id == me), key=_by_name)
        others = sorted((w for w in whales if not (me and w.owner_id == me)), key=_by_name)
        for whale in (*mine, *others):
            self.addItem(whale.name, whale.id)
        completer = self.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        found = self.findData(current) if current else -1
        self.setCurrentIndex(found)
        if found < 0:
            self.setEditText("")
            line = self.lineEdit()
            if line is not None:
                line.setPlaceholderText("Which whale? Type part of its name")

    def whale_id(self) -> str:
        """The chosen whale's id; BadInput when the text names none."""
        text = self.currentText().strip()
        if not text:
            raise BadInput("say which whale: type part of its name")
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            matches = [i for i in range(self.count()) if text.lower() in self.itemText(i).lower()]
            if not matches:
                raise BadInput(f"no whale named {text!r}")
            if len(matches) > 1:
                raise BadInput(f"{text!r} names {len(matches)} whales; type more of the name")
            index = matches[0]
        return str(self.itemData(index))


def _by_name(whale: Named) -> str:
    return whale.name.lower()
