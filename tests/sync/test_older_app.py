"""A teammate's laptop runs an older version: its rows lack the columns added since (a
touch's source, a whale's hold, a person's new company). They merge with their defaults
instead of being set aside, so a team can upgrade one laptop at a time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.domain.hlc import Hlc
from warroom.domain.merge import ROW, Write
from warroom.services import segments
from warroom.services.segments import Segment
from warroom.services.sync import Sync
from warroom.services.team_keys import MemoryKeyring, TeamKeys
from warroom.store import merging
from warroom.store.bulk import sqlite_time
from warroom.store.db import open_store
from warroom.store.tables import dump

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
WHALE = "00000001-0000-4000-8001-000000000000"
TOUCH = "00000001-0000-4000-8002-000000000000"


def _older_writes(device: str) -> list[Write]:
    at = sqlite_time(NOW)
    common = {"created_at": at, "updated_at": at, "deleted_at": None}
    clock = Hlc(int(NOW.timestamp() * 1000), 0)
    # As version 0012 wrote them: no hold on the whale, no source on the touch.
    whale = {"id": WHALE, "name": "Globex", "owner_id": None, "top_ten": 0, **common}
    whale |= {k: "" for k in ("web_domain", "industry", "why_now", "past_attempts")}
    whale |= {k: "" for k in ("past_proposals", "competitors", "notes", "listening")}
    touch = {"id": TOUCH, "whale_id": WHALE, "rep_id": None, "stakeholder_id": None}
    touch |= {"kind": "meeting", "occurred_at": at, "note": "from an older laptop", **common}
    return [
        Write("whales", WHALE, ROW, whale, clock.tick(clock.wall_ms + 1).stamp(device)),
        Write("touches", TOUCH, ROW, touch, clock.tick(clock.wall_ms + 2).stamp(device)),
    ]


def test_rows_from_an_older_app_merge_with_the_new_columns_defaults(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    lead = open_store(tmp_path / "lead" / "book.sqlite", at=NOW)
    code = Sync(lead, TeamKeys(MemoryKeyring()), tmp_path / "lead").create_team(shared, "lead")
    lead.close()
    team = segments.read_team(shared)
    device = segments.new_device_id()
    writes = _older_writes(device)
    segment = Segment(team.id, device, 1, team.current, "", 1, len(writes), device, writes)
    data = segments.seal(segment, segments.key_from_code(code))
    folder = segments.team_folder(shared) / "devices" / device
    segments.write_atomically(folder, segments.segment_name(1), data)

    reader = open_store(tmp_path / "reader" / "book.sqlite", at=NOW)
    sync = Sync(reader, TeamKeys(MemoryKeyring()), tmp_path / "reader")
    sync.join_team(shared, code, "reader")
    report = sync.sync(shared)
    assert report.quarantined == [] and report.segments_applied == 1
    with reader.transaction() as session:
        book = dump(session)
    reader.close()
    [whale] = [w for w in book["whales"] if w["id"] == WHALE]
    assert whale["hold_reason"] == "" and whale["held_until"] is None
    [touch] = [t for t in book["touches"] if t["id"] == TOUCH]
    assert touch["source"] == "" and touch["note"] == "from an older laptop"


def test_a_row_with_a_field_we_do_not_know_is_still_refused() -> None:
    write = _older_writes("dev")[1]
    with pytest.raises(merging.BadRecord, match="a touches row with the wrong fields"):
        merging._check(write._replace(value={**write.value, "mood": "happy"}))
    missing_id = {k: v for k, v in write.value.items() if k != "id"}
    with pytest.raises(merging.BadRecord):
        merging._check(write._replace(value=missing_id))
