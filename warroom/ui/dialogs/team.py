"""Create a team in a shared folder or on a team server, join one with the lead's code, and
show a code once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from warroom.domain.errors import BadInput
from warroom.ui.dialogs.checked import CheckedDialog

SHARED_HINT = (
    "A folder every laptop of the team sees: in Dropbox, OneDrive, Google Drive or on a "
    "network share. Each laptop writes only its own files there, sealed with the team key. "
    "A bigger team uses a PostgreSQL team server instead: postgresql://USER:PASSWORD@HOST/DB "
    "(the password goes to the OS keyring; edits show on the others within seconds)."
)


class _FolderField(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("e.g. ~/Dropbox/Sales team, or postgresql://…")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "The team's shared folder", self.edit.text()
        )
        if chosen:
            self.edit.setText(chosen)


class TeamDialog(CheckedDialog):
    """One form for both: the lead creates a team; a rep joins with the recovery code."""

    def __init__(
        self, joining: bool, parent: QWidget | None = None, *, moving: bool = False
    ) -> None:
        title = "Move the team" if moving else "Join the team" if joining else "Create a team"
        super().__init__(title, parent)
        self.joining = joining
        intro = QLabel(
            "The team moves with every laptop's edits and keeps its key: each rep then joins "
            "it at the new place once, with the same recovery code."
            if moving
            else "Your lead gave you the team's shared folder and a recovery code."
            if joining
            else "You are the lead: pick the shared folder. You get a recovery code to hand "
            "to each rep, once."
        )
        intro.setWordWrap(True)
        hint = QLabel(SHARED_HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")
        self.folder = _FolderField()
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXX-XXXX-…")
        self.form.addRow(intro)
        self.form.addRow("Shared &folder or server", self.folder)
        if joining:
            self.form.addRow("Recovery &code", self.code)
        self.form.addRow(hint)
        self.ok = self.add_buttons().button(QDialogButtonBox.StandardButton.Save)
        self.ok.setText("Move the team" if moving else "Join" if joining else "Create the team")
        self.resize(560, self.sizeHint().height())

    def choice(self) -> tuple[str, str]:
        """The shared folder and the code (empty when creating)."""
        if not self.shared():
            raise BadInput("Pick the shared folder (or type the team server's URL) first.")
        if self.joining and not self.code.text().strip():
            raise BadInput("Type or paste the recovery code from your lead.")
        from warroom.services.transport import location_of

        location_of(self.shared())  # an address of another kind is named here, not later
        return self.shared(), self.code.text().strip()

    def show_error(self, text: str) -> None:
        """A refusal from the service (wrong code, not a team folder), shown in the form."""
        self.error.setText(text)

    def shared(self) -> str:
        return self.folder.edit.text().strip()


class RecoveryCodeDialog(QDialog):
    """The code is shown once: copy it, hand it to each rep, keep it somewhere safe."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The team's recovery code")
        text = QLabel(
            "Give this code to each rep so they can join (in person or by a channel you trust). "
            "Keep a copy safe: it is the team key, and it is not shown again."
        )
        text.setWordWrap(True)
        self.code = QLabel(code)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(13)
        self.code.setFont(font)
        self.code.setWordWrap(True)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = QPushButton("&Copy")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(code))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("I have saved it")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.code)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
