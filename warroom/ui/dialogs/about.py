"""About: the version, where the book and the logs live, and the libraries inside with their
licenses."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from warroom import __version__
from warroom.paths import DataFolder

LIBRARIES = (
    "PySide6-Essentials",
    "shiboken6",
    "SQLAlchemy",
    "alembic",
    "pyqtgraph",
    "numpy",
    "keyring",
    "cryptography",
    "platformdirs",
    "icalendar",
    "openpyxl",
    "tzdata",
)


def license_of(name: str) -> tuple[str, str]:
    """(version, license) of an installed library, from its own metadata."""
    try:
        meta = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return "not installed", ""
    text = _field(meta, "License-Expression") or _field(meta, "License")
    if not text or len(text) > 60:
        classifiers = [
            c.split(" :: ")[-1]
            for c in meta.get_all("Classifier") or []
            if c.startswith("License ::")
        ]
        text = ", ".join(classifiers) or (text[:57] + "…" if text else "see its metadata")
    return _field(meta, "Version") or "?", text


def _field(meta: metadata.PackageMetadata, key: str) -> str:
    # get_all rather than [key]: newer Pythons warn when a key is missing.
    return str((meta.get_all(key) or [""])[0])


class AboutDialog(QDialog):
    def __init__(self, folder: DataFolder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Whale War Room")
        rows = "".join(
            f"<tr><td>{name}</td><td>{version}</td><td>{license_text}</td></tr>"
            for name in LIBRARIES
            for version, license_text in [license_of(name)]
        )
        self.text = QLabel(
            f"<h2>Whale War Room {__version__}</h2>"
            "<p>Keep a big deal from decaying into do-nothing.</p>"
            f"<p>Book: <code>{folder.book}</code><br>Backups: <code>{folder.backups}</code>"
            f"<br>Logs: <code>{folder.logs}</code></p>"
            "<p>Built with Qt (LGPLv3) and these libraries:</p>"
            f"<table cellpadding='3'><tr><th align='left'>Library</th><th align='left'>Version"
            f"</th><th align='left'>License</th></tr>{rows}</table>"
        )
        self.text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
