"""The team key file's passphrase, asked once a session where there is no OS keyring."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QWidget

from warroom.domain.errors import BadInput
from warroom.services.key_file import MIN_PASSPHRASE
from warroom.ui.dialogs.checked import CheckedDialog


class PassphraseDialog(CheckedDialog):
    """`new`: the file is about to be made, so the passphrase is chosen (typed twice)."""

    def __init__(self, new: bool, refused: str = "", parent: QWidget | None = None) -> None:
        super().__init__("Team key file", parent)
        self.new = new
        intro = QLabel(
            "This computer has no keyring, so the team key is kept in a file locked with a "
            "passphrase. Choose one; you type it once each time you open the app."
            if new
            else "The team key is kept in a file locked with your passphrase. Type it to "
            "sync; it is asked once each time you open the app."
        )
        intro.setWordWrap(True)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(intro)
        self.form.addRow("&Passphrase", self.first)
        if new:
            self.form.addRow("&Again", self.again)
        buttons = self.add_buttons()
        # Choosing a passphrase sets the new file's lock; typing one opens it.
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            "Set passphrase" if new else "Unlock"
        )
        self.error.setText(refused)

    def choice(self) -> str:
        text = self.first.text()
        if not text:
            raise BadInput("Type the passphrase.")
        if self.new and len(text) < MIN_PASSPHRASE:
            raise BadInput(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")
        if self.new and self.again.text() != text:
            raise BadInput("The two passphrases differ.")
        return text
