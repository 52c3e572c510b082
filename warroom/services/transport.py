"""Where a team's sealed segments travel: a shared folder, or a PostgreSQL team server.

One sync core, two transports, chosen by the team's location (a path, or a postgresql://
URL). A transport only stores and hands back the bytes the core seals and opens: it never
sees a key or plaintext, and it checks nothing but that a segment number is not taken.
"""

from __future__ import annotations

import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from warroom.domain.errors import BadInput
from warroom.services import segments
from warroom.services.segments import (
    BadSegment,
    Step,
    SyncError,
    Team,
    segment_name,
    segments_of,
    team_folder,
)
from warroom.services.team_keys import KeyringBackend

Location = Path | str  # a shared folder, or a team server's URL
Read = bytes | OSError | BadSegment  # one segment's bytes, or why they could not be read
SERVER_SCHEMES = ("postgresql://", "postgres://")


class Transport(Protocol):
    """The team's segments and team file, wherever they are kept."""

    @property
    def location(self) -> str:
        """What the book keeps and the user sees: a path, or a URL without its password."""
        ...

    @property
    def place(self) -> str:
        """What the location is, in a sentence: "the shared folder", "the team server"."""
        ...

    @property
    def clock_name(self) -> str:
        """What `clock_ms` reads, as the clock guard tells it."""
        ...

    def check_free(self) -> None:
        """Refuse, before a key is made for it, a place that cannot take a new team."""

    def create_team(self, team: Team) -> None:
        """Make this location hold `team`; refused where a team is already."""

    def read_team(self) -> Team: ...

    def write_team(self, team: Team) -> None:
        """Replace the team's file (a rotated key); the team id never changes."""

    def listing(self, me: str, after: dict[str, int]) -> dict[str, set[int]]:
        """The other devices' segment numbers above what this laptop applied of each."""
        ...

    def own(self, device: str) -> dict[int, str]:
        """This device's segments: number -> a fingerprint that changes with the bytes."""
        ...

    def read(self, wanted: list[tuple[str, int]]) -> Iterator[tuple[str, int, Read]]:
        """The segments asked for, in that order (a caller may stop early)."""
        ...

    def resends_from(self, device: str, seq: int) -> int:
        """What a segment's header says it resends (0: nothing), a hint only."""
        ...

    def clock_ms(self, device: str) -> int:
        """The location's idea of now, not this laptop's."""
        ...

    def publish(self, device: str, seq: int, data: bytes, step: Step) -> None:
        """Store segment `seq` of `device` whole or not at all; SyncError when it cannot,
        or when another segment already holds that number."""

    def close(self) -> None: ...


def is_server(location: Location) -> bool:
    return str(location).startswith(SERVER_SCHEMES)


def open_transport(location: Location, secrets_store: KeyringBackend) -> Transport:
    """The transport for a team's location; a server's password comes from the keyring."""
    if is_server(location):
        from warroom.services.transport_pg import ServerTransport

        return ServerTransport.open(str(location), secrets_store)
    return FolderTransport(Path(location_of(str(location))).expanduser())


def location_of(text: str) -> Location:
    """What the user typed as a team's place: a server's URL, or a folder's path; a URL of
    another kind (http://, a mistyped postgresql:/) is refused, not read as a folder."""
    if is_server(text):
        return text
    if "://" in text or text.lower().startswith(("postgres:", "postgresql:")):
        raise BadInput(
            f"{text}: a team lives in a shared folder (a path) or on a team server"
            " (postgresql://USER@HOST[:PORT]/DB), not at this address"
        )
    return Path(text)


def read_one(transport: Transport, device: str, seq: int) -> bytes:
    """One segment's bytes; OSError or BadSegment as `Transport.read` gives them."""
    for _device, _seq, got in transport.read([(device, seq)]):
        if isinstance(got, bytes):
            return got
        raise got
    raise FileNotFoundError(errno.ENOENT, "not there", f"{device}/{seq}")


class FolderTransport:
    """A shared folder (Dropbox, OneDrive, a file share): each device writes only its own
    immutable files, published by an atomic rename (see segments.write_atomically)."""

    def __init__(self, shared: Path) -> None:
        self.shared = shared

    @property
    def location(self) -> str:
        return str(self.shared)

    @property
    def place(self) -> str:
        return "the shared folder"

    @property
    def clock_name(self) -> str:
        return "the shared folder's clock (its file server)"

    def device_folder(self, device: str) -> Path:
        return team_folder(self.shared) / "devices" / device

    def check_free(self) -> None:
        if (team_folder(self.shared) / "team.json").exists():
            raise BadInput(f"{self.shared} already holds a team; join it with its recovery code")
        if not self.shared.is_dir():
            raise BadInput(f"{self.shared}: no such folder")

    def create_team(self, team: Team) -> None:
        self.check_free()
        try:
            segments.write_team(self.shared, team)
        except OSError as exc:
            raise SyncError(f"{self.shared}: cannot write the team file ({exc.strerror})") from exc

    def read_team(self) -> Team:
        if not self.shared.is_dir():
            raise SyncError(f"{self.shared}: the shared folder is not there (not mounted yet?)")
        return segments.read_team(self.shared)

    def write_team(self, team: Team) -> None:
        segments.write_team(self.shared, team)

    def listing(self, me: str, after: dict[str, int]) -> dict[str, set[int]]:
        found = {
            device: {s for s in segments_of(self.device_folder(device)) if s > after.get(device, 0)}
            for device in segments.devices_in(self.shared)
            if device != me
        }
        return {device: seqs for device, seqs in found.items() if seqs}

    def own(self, device: str) -> dict[int, str]:
        fingerprints = {}
        for seq, path in segments_of(self.device_folder(device)).items():
            # Size and time, not a hash: reading every own file at every sync is what it saves.
            size = path.stat()
            fingerprints[seq] = f"{size.st_size}:{size.st_mtime_ns}"
        return fingerprints

    def read(self, wanted: list[tuple[str, int]]) -> Iterator[tuple[str, int, Read]]:
        for device, seq in wanted:
            path = self.device_folder(device) / segment_name(seq)
            try:
                yield device, seq, segments.read_limited(path)
            except (OSError, BadSegment) as exc:
                yield device, seq, exc

    def resends_from(self, device: str, seq: int) -> int:
        return segments.resends_from(self.device_folder(device) / segment_name(seq))

    def clock_ms(self, device: str) -> int:
        """The time the folder's file system gives a file we write there (a file server's
        clock, not this laptop's)."""
        folder = self.device_folder(device)
        try:
            return share_clock(folder)
        except OSError as exc:
            raise SyncError(f"{folder}: cannot write there ({exc.strerror})") from exc

    def publish(self, device: str, seq: int, data: bytes, step: Step) -> None:
        folder = self.device_folder(device)
        if seq in segments_of(folder):
            raise SyncError(
                f"{folder}: file {seq} appeared while publishing; another copy of this "
                "book is syncing as this laptop. Sync again to sort it out."
            )
        try:
            segments.write_atomically(folder, segment_name(seq), data, step)
        except OSError as exc:
            raise SyncError(
                f"{folder}: could not write ({exc.strerror}); nothing was published and "
                "the book is unchanged"
            ) from exc

    def close(self) -> None:
        return None


def share_clock(folder: Path) -> int:
    """The time a folder's file system stamps on a file written there now."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f".clock-{secrets.token_hex(4)}.tmp"
    try:
        probe.write_bytes(b"")
        return os.stat(probe).st_mtime_ns // 1_000_000
    finally:
        probe.unlink(missing_ok=True)
