"""Team keys in the OS keyring (never in the book, a config file or the shared folder)."""

from __future__ import annotations

import base64
import json
from typing import Protocol

from warroom.domain.errors import BadInput, WarroomError

SERVICE = "io.github.warroom"
_NO_KEYRING = (
    "on Linux, start a Secret Service such as GNOME Keyring or KWallet, or keep the team "
    "key in a passphrase-wrapped file instead: set WARROOM_KEYRING=file"
)


class KeyringBackend(Protocol):
    """What we use of a `keyring` backend; tests pass an in-memory one."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...


class MemoryKeyring:
    """A keyring kept in memory, for tests and benchmarks: they never touch the real one."""

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password


class TeamKeys:
    """Every key a laptop holds for a team, by key id; rotation adds keys, never drops them."""

    def __init__(self, backend: KeyringBackend) -> None:
        self.backend = backend

    def keys(self, team: str) -> dict[str, bytes]:
        try:
            text = self.backend.get_password(SERVICE, f"team-{team}")
        except WarroomError:
            raise  # the key file's own message (a passphrase to ask for, a wrong one)
        except Exception as exc:  # keyring backends raise their own kinds
            raise BadInput(f"the OS keyring cannot be read ({exc}); {_NO_KEYRING}") from exc
        if not text:
            return {}
        try:
            return {k: base64.b64decode(v) for k, v in json.loads(text).items()}
        except (ValueError, AttributeError):
            raise BadInput(
                "the team key in the OS keyring is damaged; join the team again"
            ) from None

    def add(self, team: str, key_id: str, key: bytes) -> None:
        held = self.keys(team)
        held[key_id] = key
        text = json.dumps({k: base64.b64encode(v).decode() for k, v in sorted(held.items())})
        try:
            self.backend.set_password(SERVICE, f"team-{team}", text)
        except WarroomError:
            raise
        except Exception as exc:  # keyring backends raise their own kinds
            raise BadInput(f"the OS keyring refused the team key ({exc}); {_NO_KEYRING}") from exc
