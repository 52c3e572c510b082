"""A real process killed (os._exit) in the middle of publishing, then the laptop syncs again."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.services import segments
from warroom.services.book import Book
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.services.transport import open_transport
from warroom.store.db import open_store

from .conftest import FolderShare, ServerShare

SCRIPT = """
import os, sys
from datetime import UTC, datetime
from pathlib import Path
from warroom.services.book import Book
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.store.db import open_store

root, stop_at = Path(sys.argv[1]), sys.argv[3]
shared = sys.argv[2] if sys.argv[2].startswith("postgresql://") else Path(sys.argv[2])
store = open_store(root / "book.sqlite")
now = datetime.now(UTC)
Book(store).set_me("Ana", "UTC", now)
sync = Sync(store, TeamKeys(MemoryKeyring()), root)
print(sync.create_team(shared, "Ana"), flush=True)
Book(store).add_whale("Acme", now)

def step(name):
    if name == stop_at:
        os._exit(9)  # killed: no cleanup, no exception handlers, no commit

Sync(store, sync.keys, root, step=step).sync(shared)
print("finished without being killed", flush=True)
"""


# Where publishing can stop: a folder writes, flushes and renames a file; a server inserts
# (and a process killed before its COMMIT leaves the server nothing).
KILL_POINTS = [("folder", s) for s in ("write", "flush", "rename", "folder", "commit")] + [
    ("postgres", s) for s in ("write", "flush", "commit")
]


@pytest.mark.parametrize(("transport", "stop_at"), KILL_POINTS, indirect=["transport"])
def test_a_killed_process_leaves_no_segment_or_a_valid_one(
    tmp_path: Path, transport: str | None, stop_at: str
) -> None:
    """Pass: after os._exit at any step of publishing, the device folder (or the server) holds
    no segment or one that opens with the key; the next sync on that book publishes exactly
    one segment whose records another laptop applies."""
    root = tmp_path / "ana"
    shared: Path | str
    if transport is None:
        shared = tmp_path / "share"
        shared.mkdir()
    else:
        shared = transport
    share = FolderShare(shared) if isinstance(shared, Path) else ServerShare(shared)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root), str(shared), stop_at],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 9, done.stdout + done.stderr
    code = done.stdout.splitlines()[0]
    key = segments.key_from_code(code)
    opened = open_transport(shared, MemoryKeyring())
    team = opened.read_team()
    opened.close()
    store = open_store(root / "book.sqlite")
    device = Sync(store, TeamKeys(MemoryKeyring()), root).status().device
    store.close()
    found = share.seqs(device)
    assert set(found) <= {1}
    if found:  # a segment under its number is whole and opens
        data = share.get(device, 1)
        segments.open_segment(
            data, team=team.id, device=device, seq=1, keys={segments.key_id(key): key}
        )

    keyring = MemoryKeyring()
    store = open_store(root / "book.sqlite")
    Sync(store, TeamKeys(keyring), root).join_team(shared, code, "Ana")
    Sync(store, TeamKeys(keyring), root).sync(shared)
    store.close()
    assert share.seqs(device) == [1]

    reader = open_store(tmp_path / "ben" / "book.sqlite")
    reader_sync = Sync(reader, TeamKeys(MemoryKeyring()), tmp_path / "ben")
    reader_sync.join_team(shared, code, "Ben")
    report = reader_sync.sync(shared)
    names = [whale.name for whale in Book(reader).whales(datetime.now(UTC))]
    reader.close()
    assert report.quarantined == [] and report.segments_applied == 1
    assert names == ["Acme"]
