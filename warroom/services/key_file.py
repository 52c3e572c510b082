"""The team keys where there is no OS keyring: one file, wrapped with a passphrase.

A Linux machine without a Secret Service (a headless box running the team's sync, a desktop
without GNOME Keyring or KWallet) cannot keep secrets in the OS. There the team keys live in
`team-keys.wrapped` in the data folder, sealed with AES-GCM under a key that scrypt derives
from the user's passphrase. The passphrase is never written anywhere: the app asks for it
once per session, the command line on the terminal (or from WARROOM_PASSPHRASE, for scripts).
The file is used when it already exists, when no OS keyring is there, or when WARROOM_KEYRING
is `file`.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from warroom.domain.errors import BadInput, WarroomError
from warroom.services.segments import write_atomically
from warroom.services.team_keys import KeyringBackend

KEY_FILE = "team-keys.wrapped"
FORMAT = "warroom-team-keys"
_AAD = b"warroom team keys 1"
# scrypt at 2^15 x 8 takes ~0.1 s and 32 MB: cheap once a session, dear for a guesser.
_N, _R, _P = 2**15, 8, 1
MIN_PASSPHRASE = 8

# Asked for the passphrase; True when the file is about to be made (so: choose one).
Ask = Callable[[bool], str]


class NeedPassphrase(WarroomError):
    """The key file needs its passphrase, which nobody has given this session yet."""

    def __init__(self, new: bool) -> None:
        super().__init__(
            "choose a passphrase for the team key file"
            if new
            else "the team key file needs its passphrase"
        )
        self.new = new


class WrongPassphrase(BadInput):
    """The passphrase does not open the key file."""


class KeyFile:
    """A keyring backend over one passphrase-wrapped file (see the module's note)."""

    def __init__(self, path: Path, ask: Ask) -> None:
        self.path = path
        self._ask = ask
        # salt, key, secrets, and the file's (mtime, size) when read: another process (the
        # command line joining with a new team key) may rewrite the file under an open app.
        self._opened: tuple[bytes, bytes, dict[str, str], tuple[int, int]] | None = None

    def get_password(self, service: str, username: str) -> str | None:
        if not self.path.exists():
            return None
        return self._secrets().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.path.exists():
            salt, key, held, _ = self._open()
        else:
            passphrase = self._ask(True)
            if len(passphrase) < MIN_PASSPHRASE:
                raise BadInput(
                    f"a passphrase for the team key file needs at least {MIN_PASSPHRASE} characters"
                )
            salt = secrets.token_bytes(16)
            key, held = _derive(passphrase, salt), {}
        held = {**held, f"{service}/{username}": password}
        nonce = secrets.token_bytes(12)
        sealed = AESGCM(key).encrypt(nonce, json.dumps(held).encode(), _AAD)
        document = {
            "format": FORMAT,
            "version": 1,
            "kdf": {"name": "scrypt", "n": _N, "r": _R, "p": _P, "salt": _b64(salt)},
            "nonce": _b64(nonce),
            "sealed": _b64(sealed),
        }
        data = json.dumps(document, indent=1).encode()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path.parent, self.path.name, data)
        os.chmod(self.path, 0o600)
        self._opened = (salt, key, held, self._stamp())

    def _stamp(self) -> tuple[int, int]:
        found = self.path.stat()
        return found.st_mtime_ns, found.st_size

    def _secrets(self) -> dict[str, str]:
        return self._open()[2]

    def _open(self) -> tuple[bytes, bytes, dict[str, str], tuple[int, int]]:
        stamp = self._stamp()
        if self._opened is not None and self._opened[3] == stamp:
            return self._opened
        document = _read(self.path)
        try:
            kdf = document["kdf"]
            salt = base64.b64decode(kdf["salt"])
            cost = (int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
            nonce, sealed = (
                base64.b64decode(document["nonce"]),
                base64.b64decode(document["sealed"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BadInput(f"{self.path}: damaged ({exc}); join the team again") from None
        if kdf.get("name") != "scrypt" or not _sane(*cost):
            raise BadInput(f"{self.path}: damaged (unknown key derivation); join the team again")
        if self._opened is not None and self._opened[0] == salt:
            key = self._opened[1]  # rewritten under the same passphrase: no new derivation
        else:
            key = _derive(self._ask(False), salt, *cost)
        try:
            held = json.loads(AESGCM(key).decrypt(nonce, sealed, _AAD))
        except InvalidTag:
            raise WrongPassphrase(f"that passphrase does not open {self.path}") from None
        self._opened = (salt, key, {str(k): str(v) for k, v in held.items()}, stamp)
        return self._opened


def _read(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BadInput(f"{path}: cannot be read ({exc}); join the team again") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadInput(f"{path}: not a War Room team key file")
    if document.get("version") != 1:
        raise BadInput(f"{path}: made by a newer War Room (version {document.get('version')})")
    return document


def _derive(passphrase: str, salt: bytes, n: int = _N, r: int = _R, p: int = _P) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode())


def _sane(n: int, r: int, p: int) -> bool:
    """Costs a file may ask for: enough to be safe, not so much that opening it hangs."""
    return 2**14 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 4


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def key_store(root: Path, find_keyring: Callable[[], KeyringBackend], ask: Ask) -> KeyringBackend:
    """Where this laptop keeps team keys: the key file if there is one (or it is asked for),
    else the OS keyring, else a new key file."""
    path = root / KEY_FILE
    if path.exists() or os.environ.get("WARROOM_KEYRING") == "file":
        return KeyFile(path, ask)
    keyring = find_keyring()
    # keyring's stand-in when the OS has none (its `fail` backend) ranks 0.
    if getattr(keyring, "priority", 1) > 0:
        return keyring
    return KeyFile(path, ask)
