"""One app per data folder: a second start hands over to the first (which comes to the front)
instead of opening the same book twice."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from warroom.paths import DataFolder

WAIT_MS = 500


def server_name(folder: DataFolder) -> str:
    digest = hashlib.sha1(str(folder.root.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"warroom-{digest}"


class SingleInstance(QObject):
    def __init__(self, folder: DataFolder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(folder)
        self.server: QLocalServer | None = None

    def hand_over(self) -> bool:
        """True when another app already has this book: it was asked to come forward."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(WAIT_MS):
            return False
        socket.write(b"show\n")
        socket.flush()
        socket.waitForBytesWritten(WAIT_MS)
        socket.disconnectFromServer()
        return True

    def listen(self, show: Callable[[], None]) -> None:
        """Become the app for this book; `show` runs when a later start hands over."""
        QLocalServer.removeServer(self.name)  # a server left behind by a crash
        self.server = QLocalServer(self)
        self.server.listen(self.name)

        def on_connection() -> None:
            assert self.server is not None
            socket = self.server.nextPendingConnection()
            if socket is not None:
                socket.readyRead.connect(lambda: _answer(socket, show))

        self.server.newConnection.connect(on_connection)


def _answer(socket: QLocalSocket, show: Callable[[], None]) -> None:
    socket.readAll()
    show()
