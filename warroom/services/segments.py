"""The shared folder's files: team.json, and each device's immutable, encrypted segments.

    <shared>/warroom-team/team.json
    <shared>/warroom-team/devices/<device>/seg-00000001.chg

A segment is MAGIC, the header's length, the header (JSON, readable, and authenticated as
AES-GCM's associated data), a nonce, then the change records compressed and encrypted with
the team key. The header names the team, the device, the sequence number, the key and the hash
of the device's previous segment, so a damaged, cut, altered, replayed or renamed file fails
its check instead of being applied. Nothing but the ids and counts is readable without the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from warroom.domain.errors import BadInput
from warroom.domain.merge import Write

FORMAT = 1
MAGIC = b"WRSEG1\n"
TEAM_FOLDER = "warroom-team"
_DEVICE = re.compile(r"^[0-9a-f]{32}$")
_SEGMENT = re.compile(r"^seg-(\d{8})\.chg$")
_MAX_HEADER = 4096
MAX_SEGMENT = 1 << 30
HEADER_BYTES = len(MAGIC) + 4 + _MAX_HEADER  # enough of a segment's start to read its header
KEY_BYTES = 32


class SyncError(BadInput):
    """Sync cannot go on: one clear message, and nothing was changed."""


class BadSegment(Exception):
    """A segment that fails a check; the reason says which."""


class NeedKey(Exception):
    """A segment sealed with a team key this laptop does not have (yet)."""


def team_folder(shared: Path) -> Path:
    return shared / TEAM_FOLDER


def new_device_id() -> str:
    return secrets.token_hex(16)


def is_device(name: str) -> bool:
    return bool(_DEVICE.match(name))


def segment_name(seq: int) -> str:
    return f"seg-{seq:08d}.chg"


def segments_of(folder: Path) -> dict[int, Path]:
    """The segments in a device folder by number; every other name (temp files, a sync
    service's conflicted copies, desktop.ini) is ignored."""
    found: dict[int, Path] = {}
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return found
    for entry in entries:
        match = _SEGMENT.match(entry.name)
        if match and entry.is_file():
            found[int(match.group(1))] = Path(entry.path)
    return found


def devices_in(shared: Path) -> list[str]:
    root = team_folder(shared) / "devices"
    try:
        return sorted(e.name for e in os.scandir(root) if e.is_dir() and is_device(e.name))
    except FileNotFoundError:
        return []


# --- keys --------------------------------------------------------------------------------------


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"warroom key id\0" + key).hexdigest()[:16]


def key_check(key: bytes, team: str) -> str:
    return hmac.new(key, b"warroom team\0" + team.encode(), hashlib.sha256).hexdigest()[:32]


def recovery_code(key: bytes) -> str:
    """The key as a code a lead can read out or paste: base32 with a checksum, in fours."""
    raw = key + hashlib.sha256(key).digest()[:3]
    text = base64.b32encode(raw).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def key_from_code(code: str) -> bytes:
    text = re.sub(r"[\s-]", "", code).upper()
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError:
        raise BadInput(
            "that recovery code is not complete or has characters a code never has; check it"
        ) from None
    key, check = raw[:KEY_BYTES], raw[KEY_BYTES:]
    if len(raw) != KEY_BYTES + 3:
        raise BadInput(
            "that recovery code is not complete: a code has 14 groups of four characters"
        )
    if hashlib.sha256(key).digest()[:3] != check:
        raise BadInput("that recovery code has a typo (its checksum does not match)")
    return key


# --- team.json ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Team:
    """team.json: the team id and its keys (ids and checks only, never the keys)."""

    id: str
    keys: dict[str, str]  # key id -> check
    current: str
    # Set where a team was moved away from (team-move): the folder or server it syncs with
    # now, so a laptop that syncs here is told where to go instead of publishing into the void.
    moved_to: str = ""

    def to_json(self) -> dict[str, Any]:
        keys = [{"id": k, "check": v} for k, v in self.keys.items()]
        data = {
            "format": FORMAT,
            "app": "warroom",
            "team": self.id,
            "keys": keys,
            "current": self.current,
        }
        return {**data, "moved_to": self.moved_to} if self.moved_to else data


def read_team(shared: Path) -> Team:
    path = team_folder(shared) / "team.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SyncError(
            f"{shared}: not a War Room team folder (no {TEAM_FOLDER}/team.json); "
            "the lead creates one with 'warroom team-create PATH'"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SyncError(f"{path}: cannot be read ({exc}); nothing was synced") from None
    return team_from_json(data, str(path))


def team_from_json(data: Any, where: str) -> Team:
    """The team a team file (or a team server's row) describes; `where` names it in errors."""
    try:
        if data["format"] != FORMAT:
            raise SyncError(f"{where}: made by a newer War Room (format {data['format']})")
        keys = {str(k["id"]): str(k["check"]) for k in data["keys"]}
        team = Team(str(data["team"]), keys, str(data["current"]), str(data.get("moved_to", "")))
    except (KeyError, TypeError) as exc:
        raise SyncError(f"{where}: damaged (missing {exc}); nothing was synced") from None
    if team.current not in team.keys or not is_device(team.id):
        raise SyncError(f"{where}: damaged (its keys do not add up); nothing was synced")
    return team


def write_team(shared: Path, team: Team) -> None:
    data = json.dumps(team.to_json(), indent=2, sort_keys=True).encode()
    write_atomically(team_folder(shared), "team.json", data)


# --- writing -----------------------------------------------------------------------------------

Step = Callable[[str], None]


def _no_step(_name: str) -> None:
    return None


def write_atomically(folder: Path, name: str, data: bytes, step: Step = _no_step) -> None:
    """Write `data` as folder/name so that the name holds all of it or does not exist.

    Temp file in the same folder, flush and fsync, rename, fsync the folder. `step` is called
    between the stages (tests make it fail there, as a killed process would).
    """
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    try:
        with temp.open("xb") as handle:
            half = len(data) // 2
            handle.write(data[:half])
            step("write")
            handle.write(data[half:])
            handle.flush()
            step("flush")
            os.fsync(handle.fileno())
        step("rename")
        os.replace(temp, folder / name)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    step("folder")
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder to fsync it; NTFS journals the rename
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# --- segments ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    team: str
    device: str
    seq: int
    key: str
    prev: str
    first: int  # the device's own change numbers it carries, first..last
    last: int
    device_name: str
    writes: list[Write]
    sealed_ms: int = 0  # the writer's wall clock when it sealed the file (0: not said)
    # When set: this file and those after it carry the device's edits again from the file of
    # this number on, so files `resends`..seq-1 may be skipped (lost, damaged, set aside).
    resends: int = 0


def seal(segment: Segment, key: bytes) -> bytes:
    header = {
        "format": FORMAT,
        "team": segment.team,
        "device": segment.device,
        "seq": segment.seq,
        "key": segment.key,
        "prev": segment.prev,
        "first": segment.first,
        "last": segment.last,
        "count": len(segment.writes),
        "sealed": segment.sealed_ms,
        "resends": segment.resends,
    }
    head = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    aad = MAGIC + len(head).to_bytes(4, "big") + head
    payload = {
        "device_name": segment.device_name,
        "changes": [[w.table, w.row_id, w.field, w.value, w.stamp, w.prev] for w in segment.writes],
    }
    plain = zlib.compress(json.dumps(payload, separators=(",", ":")).encode(), 6)
    nonce = secrets.token_bytes(12)
    return aad + nonce + AESGCM(key).encrypt(nonce, plain, aad)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def open_segment(
    data: bytes, *, team: str, device: str, seq: int, keys: dict[str, bytes]
) -> Segment:
    """The segment in `data`, checked against where it was found; BadSegment or NeedKey."""
    if not data.startswith(MAGIC):
        raise BadSegment("not a segment (damaged start)")
    size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 4], "big")
    if not 0 < size <= _MAX_HEADER or len(data) < len(MAGIC) + 4 + size + 12 + 16:
        raise BadSegment("cut short or damaged header")
    end = len(MAGIC) + 4 + size
    header = _header(data, end)
    try:
        found = (header["team"], header["device"], header["seq"])
    except (KeyError, TypeError):
        raise BadSegment("damaged header") from None
    if header.get("format") != FORMAT:
        raise BadSegment(f"unknown format {header.get('format')!r}")
    if found != (team, device, seq):
        raise BadSegment(
            f"says it is {found[1]}'s number {found[2]} of team {found[0]}: "
            "copied, renamed or replayed"
        )
    key = keys.get(str(header.get("key")))
    if key is None:
        raise NeedKey(str(header.get("key")))
    try:
        plain = AESGCM(key).decrypt(data[end : end + 12], data[end + 12 :], data[:end])
        payload = json.loads(zlib.decompress(plain))
        writes = [Write(t, r, f, v, s, p) for t, r, f, v, s, p in payload["changes"]]
        name = str(payload["device_name"])
    except InvalidTag:
        raise BadSegment("fails its integrity check: damaged, cut or altered") from None
    except (ValueError, KeyError, TypeError, zlib.error):
        raise BadSegment("sealed correctly but its records are malformed") from None
    if len(writes) != header.get("count"):
        raise BadSegment("holds a different number of records than its header says")
    return Segment(
        team,
        device,
        seq,
        str(header["key"]),
        str(header.get("prev", "")),
        int(header.get("first", 0)),
        int(header.get("last", 0)),
        name,
        writes,
        _number(header, "sealed"),
        _number(header, "resends"),
    )


def _header(data: bytes, end: int) -> dict[str, Any]:
    try:
        header = json.loads(data[len(MAGIC) + 4 : end])
    except ValueError:
        raise BadSegment("damaged header") from None
    if not isinstance(header, dict):
        raise BadSegment("damaged header")
    return header


def _number(header: dict[str, Any], name: str) -> int:
    value = header.get(name, 0)  # files of earlier versions do not have it
    return value if isinstance(value, int) and value >= 0 else 0


def resends_from(path: Path) -> int:
    """What a file's header says it resends (0: nothing), read without the key: only a hint
    of where to look, the file itself is checked whole before anything is skipped."""
    try:
        with path.open("rb") as handle:
            data = handle.read(HEADER_BYTES)
    except OSError:
        return 0
    return resends_in(data)


def resends_in(data: bytes) -> int:
    """`resends_from` over a segment's first bytes (its header is enough)."""
    if not data.startswith(MAGIC):
        return 0
    size = int.from_bytes(data[len(MAGIC) : len(MAGIC) + 4], "big")
    if not 0 < size <= _MAX_HEADER:
        return 0
    try:
        return _number(_header(data, len(MAGIC) + 4 + size), "resends")
    except BadSegment:
        return 0


def read_limited(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_SEGMENT:
        raise BadSegment(f"too large ({size} bytes)")
    return path.read_bytes()
