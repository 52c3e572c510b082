"""One sync run: what it works with, and the report it gives back."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from warroom.domain.changes import Changes
from warroom.services.segments import Step, Team
from warroom.store.changelog import state
from warroom.store.db import Store

if TYPE_CHECKING:
    from warroom.services.transport import Transport

Progress = Callable[[int, int, str], None]  # files applied, files to apply, whose


@dataclass(frozen=True)
class DeviceSeen:
    device: str
    name: str
    segments: int
    changes: int


@dataclass
class SyncReport:
    """What one sync did, and what is left for the user to know or do."""

    published: int = 0
    segments_applied: int = 0
    changes_applied: int = 0
    new_conflicts: int = 0
    conflicts_waiting: int = 0
    devices: list[DeviceSeen] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    clock_doubted: bool = False  # held back by teammates' clocks only: the user may vouch
    changes: Changes = field(default_factory=Changes)


@dataclass
class Run:
    """One sync: the book, where the team's segments are and its keys, this laptop's device."""

    store: Store
    data_root: Path
    transport: Transport
    team: Team
    keys: dict[str, bytes]
    device: str
    clock_ms: Callable[[], int]
    share_clock_ms: Callable[[Transport, str], int]  # the location's now, for a device
    step: Step
    time_synced: Callable[[], bool | None]
    progress: Progress
    republish: bool = False  # send all of this laptop's edits again, for a file set aside
    clock_is_right: bool = False  # the user vouches for the clock the guard doubts
    report: SyncReport = field(default_factory=SyncReport)


def peer_name(store: Store, device: str) -> str:
    """A device as people know it: its name once one of its files has applied."""
    with store.transaction() as session:
        name = state(session.connection(), f"peer:{device}")
    return f"{name} ({device[:8]})" if name else f"device {device[:8]}"


def device_name(rep: str) -> str:
    """How other laptops name this one: the rep and the computer."""
    host = socket.gethostname().split(".")[0] or "a laptop"
    return f"{rep} on {host}" if rep else host
