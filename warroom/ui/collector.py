"""Python's garbage collection, on the GUI thread only.

The collector runs on whichever thread happens to allocate. When it runs on the database
worker and frees a cycle holding a Qt object of the GUI thread, that object is destroyed on
the wrong thread and Qt later crashes delivering one of its timer events. So automatic
collection is off while the app runs, and this timer collects on the GUI thread instead
(pyqtgraph's GarbageCollector does the same for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

EVERY_MS = 100


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(EVERY_MS)

    def check(self) -> None:
        """Collect the generations that have grown past their thresholds, as gc would."""
        young, middle, old = gc.get_count()
        if young > self._thresholds[0]:
            gc.collect(0)
            if middle > self._thresholds[1]:
                gc.collect(1)
                if old > self._thresholds[2]:
                    gc.collect(2)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()
