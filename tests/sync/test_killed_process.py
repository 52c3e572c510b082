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
from warroom.store.db import open_store

SCRIPT = """
import os, sys
from datetime import UTC, datetime
from pathlib import Path
from warroom.services.book import Book
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.store.db import open_store

root, shared, stop_at = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
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


@pytest.mark.parametrize("stop_at", ["write", "flush", "rename", "folder", "commit"])
def test_a_killed_process_leaves_no_segment_or_a_valid_one(tmp_path: Path, stop_at: str) -> None:
    """Pass: after os._exit at any step of publishing, the device folder holds no seg file or
    one that opens with the key; the next sync on that book publishes exactly one file whose
    records another laptop applies."""
    root, shared = tmp_path / "ana", tmp_path / "share"
    shared.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root), str(shared), stop_at],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 9, done.stdout + done.stderr
    code = done.stdout.splitlines()[0]
    key = segments.key_from_code(code)
    team = segments.read_team(shared)
    [device] = segments.devices_in(shared)
    folder = segments.team_folder(shared) / "devices" / device
    found = segments.segments_of(folder)
    assert set(found) <= {1}
    if found:  # a file under a final name is whole and opens
        data = found[1].read_bytes()
        segments.open_segment(
            data, team=team.id, device=device, seq=1, keys={segments.key_id(key): key}
        )

    keyring = MemoryKeyring()
    store = open_store(root / "book.sqlite")
    Sync(store, TeamKeys(keyring), root).join_team(shared, code, "Ana")
    Sync(store, TeamKeys(keyring), root).sync(shared)
    store.close()
    assert sorted(segments.segments_of(folder)) == [1]

    reader = open_store(tmp_path / "ben" / "book.sqlite")
    reader_sync = Sync(reader, TeamKeys(MemoryKeyring()), tmp_path / "ben")
    reader_sync.join_team(shared, code, "Ben")
    report = reader_sync.sync(shared)
    names = [whale.name for whale in Book(reader).whales(datetime.now(UTC))]
    reader.close()
    assert report.quarantined == [] and report.segments_applied == 1
    assert names == ["Acme"]
