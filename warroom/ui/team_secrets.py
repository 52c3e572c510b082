"""Where the window finds the team's secrets: the OS keyring once a sync needs it, and the
key file's passphrase as given this session."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from warroom.services.team_keys import KeyringBackend


class OnFirstUse:
    """The OS keyring, looked up when a sync first needs it (on the database worker): finding
    it takes ~0.2 s, which the window should not wait for."""

    def __init__(self, find: Callable[[], KeyringBackend]) -> None:
        self._find = find
        self._backend: KeyringBackend | None = None

    def _get(self) -> KeyringBackend:
        if self._backend is None:
            self._backend = self._find()
        return self._backend

    def get_password(self, service: str, username: str) -> str | None:
        return self._get().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._get().set_password(service, username, password)


class SessionPassphrase:
    """The key file's passphrase as the user gave it this session (only ever in memory)."""

    def __init__(self) -> None:
        self.value: str | None = None

    def ask(self, new: bool) -> str:
        from warroom.services.key_file import NeedPassphrase

        if self.value is None:
            raise NeedPassphrase(new)  # the window asks, then runs the work again
        return self.value
