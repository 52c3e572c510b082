"""Push from a team server: a thread of its own LISTENs for the NOTIFY each publish sends,
and the window syncs within seconds (the five-minute timer stays, for when it cannot)."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

if TYPE_CHECKING:
    from warroom.services.team_keys import KeyringBackend

log = logging.getLogger(__name__)
# Publishes of a whole floor arrive in bursts: one sync takes in all heard within this.
GATHER_MS = 250


class TeamPush(QObject):
    """Says `heard` (on the GUI thread) shortly after another laptop publishes to the team
    server this book syncs with. Never on the GUI thread or the database worker: listening
    blocks on the network."""

    heard = Signal()
    _noticed = Signal()  # emitted on the listening thread; Qt queues it to this object's

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._following: tuple[str, str, str] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._gather = QTimer(self)
        self._gather.setSingleShot(True)
        self._gather.timeout.connect(self.heard)
        self._noticed.connect(self._on_noticed)  # a slot of this object: run on its thread

    @property
    def listening(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def follow(self, location: str, team: str, device: str, secrets: KeyringBackend) -> None:
        """Listen to the team server at `location` (nothing for a shared folder)."""
        from warroom.services.transport import is_server

        wanted = (location, team, device)
        if wanted == self._following and self.listening:
            return
        self.stop()
        if not is_server(location) or not team:
            return
        self._following, self._stop = wanted, threading.Event()
        self._thread = threading.Thread(
            target=self._listen,
            args=(location, team, device, secrets, self._stop),
            name="warroom-push",
            daemon=True,  # blocked in the network at exit: nothing of it needs saving
        )
        self._thread.start()

    def _listen(
        self,
        location: str,
        team: str,
        device: str,
        secrets: KeyringBackend,
        stop: threading.Event,
    ) -> None:
        from warroom.domain.errors import WarroomError
        from warroom.services.transport_pg import ServerTransport

        try:
            server = ServerTransport.open(location, secrets)
        except WarroomError as exc:  # the keyring locked (a passphrase not given yet)
            log.info("no push from the team server: %s", exc)
            return
        server.listen(team, device, self._noticed.emit, stop)

    @Slot()
    def _on_noticed(self) -> None:
        self._gather.start(GATHER_MS)

    def stop(self) -> None:
        self._stop.set()
        self._following = None
        self._thread = None
