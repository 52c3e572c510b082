"""When something goes wrong that no one foresaw: a dialog with a report to copy and the log
file's path, instead of a window that vanishes."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from warroom import __version__

log = logging.getLogger("warroom")


def crash_report(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> str:
    lines = traceback.format_exception(kind, error, trace)
    return (
        f"Whale War Room {__version__} on Python {platform.python_version()}, "
        f"{platform.platform()}\n\n" + "".join(lines)
    )


class CrashDialog(QDialog):
    def __init__(self, report: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Whale War Room hit a problem")
        self.intro = intro = QLabel(
            "Something went wrong that the app did not expect. Your book is saved "
            "as of the last change. Please send this report to whoever supports "
            f"the app; it is also in the log:<br><code>{log_path}</code>"
        )
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        copy = QPushButton("Copy the report")
        copy.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self.report.toPlainText())


def install_excepthook(log_path: Path, parent: Callable[[], QWidget | None]) -> list[CrashDialog]:
    """Show uncaught exceptions in a CrashDialog and log them; returns the dialogs shown."""
    shown: list[CrashDialog] = []

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("uncaught exception", exc_info=(kind, error, trace))
        dialog = CrashDialog(crash_report(kind, error, trace), log_path, parent())
        shown.append(dialog)
        dialog.open()

    sys.excepthook = hook
    return shown
