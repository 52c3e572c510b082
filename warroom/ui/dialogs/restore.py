"""Pick a backup to put back in place of the book (the current book is kept as a backup)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from warroom import clock

REASONS = {
    "auto": "automatic",
    "": "by hand",
    "before-restore": "before a restore",
    "before-demo": "before a demo",
}


class RestoreDialog(QDialog):
    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from warroom.services.backups import list_backups

        self.setWindowTitle("Restore a backup")
        self.list = QListWidget()
        zone = clock.local_zone()
        for path, when, reason in list_backups(folder) if folder.exists() else []:
            item = QListWidgetItem(
                f"{when.astimezone(zone):%a %d %b %Y %H:%M} · {REASONS.get(reason, reason)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        note = QLabel(
            "The book you have now is kept as a backup before the restore."
            if self.list.count()
            else "No backups yet: they are made on close and every 30 minutes while you work."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
