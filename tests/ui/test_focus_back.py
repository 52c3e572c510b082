"""Keys go back to the window a dialog came from when it closes, where the desktop does not
give the focus back itself (no window manager: the next Ctrl+T went nowhere)."""

from __future__ import annotations

import warnings

from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

from warroom.ui.focus_back import FocusBack


def test_a_closed_dialogs_window_takes_the_keys_again(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    QApplication.instance().installEventFilter(FocusBack(window))
    window.show()
    qtbot.waitExposed(window)
    dialog = QDialog(window)
    dialog.open()
    qtbot.waitExposed(dialog)
    dialog.reject()
    with warnings.catch_warnings():  # deprecated for apps; here it stands in for the desktop
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(None)  # as an X server without a window manager leaves it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
