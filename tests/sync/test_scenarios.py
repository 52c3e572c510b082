"""Team sync scenarios, each named for what it proves (the pass criterion in its docstring)."""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest

from warroom.domain.errors import BadInput
from warroom.services import backups
from warroom.services.segments import TEAM_FOLDER, SyncError, segments_of
from warroom.services.transport import share_clock
from warroom.services.workspace import Workspace
from warroom.store.locks import Held, exclusive

from .conftest import Replica, Team, canonical

FOLDER_ONLY = pytest.mark.parametrize("transport", ["folder"], indirect=True)
# Where publishing can stop: a folder writes, flushes and renames a file; a server inserts.
KILL_POINTS = [("folder", s) for s in ("write", "flush", "rename", "folder", "commit")] + [
    ("postgres", s) for s in ("write", "flush", "commit")
]


def _files(team: Team, replica: Replica) -> list[int]:
    return team.share.seqs(team.device(replica))


def _whale(replica: Replica, whale_id: str) -> dict[str, object]:
    return next(row for row in canonical(replica.store)["whales"] if row["id"] == whale_id)


def _rename(replica: Replica, whale_id: str, notes: str) -> None:
    workspace = Workspace(replica.store)
    page = workspace.page(whale_id)
    workspace.save_definition(whale_id, replace(page.definition, notes=notes), replica.at)


def test_the_share_clock_is_the_time_its_file_system_stamps(tmp_path: Path) -> None:
    """Pass: the probe reads the folder's own time (here the local disk: within a minute of
    now) and leaves no file behind."""
    assert abs(share_clock(tmp_path) - time.time() * 1000) < 60_000
    assert list(tmp_path.iterdir()) == []


def test_six_reps_and_a_lead_see_one_ocean_after_a_week_offline(team: Team) -> None:
    """Pass: seven laptops add and touch whales offline, sync, and every dump is identical,
    with every whale and touch there (nothing lost)."""
    members = [team.replica(name) for name in ("Lead", "Ana", "Ben", "Cy", "Di", "Ed", "Flo")]
    for day in range(5):
        for replica in members:
            whale = replica.book.add_whale(f"{replica.name} whale {day}", replica.at).value
            replica.book.log_touch(whale, "call_connected", replica.at, replica.at)
            team.world.advance(60_000)
    team.sync_all()
    dumps = [canonical(replica.store) for replica in members]
    assert all(dump == dumps[0] for dump in dumps)
    assert len(dumps[0]["whales"]) == 35 and len(dumps[0]["touches"]) == 35


@pytest.mark.parametrize("delete_first", [True, False])
def test_delete_and_update_matrix(team: Team, delete_first: bool) -> None:
    """Pass: an edit made after a concurrent delete keeps the whale (with the edit); a delete
    made after a concurrent edit deletes it (the edit kept in its fields); both laptops agree."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    whale = ana.book.add_whale("Acme", ana.at).value
    team.sync_all()
    deleter, editor = (ana, ben) if delete_first else (ben, ana)
    Workspace(deleter.store).set_whale_deleted(whale, True, deleter.at)
    team.world.advance(5_000)
    _rename(editor, whale, "still hunting")
    if not delete_first:
        team.world.advance(5_000)
        Workspace(deleter.store).set_whale_deleted(whale, True, deleter.at)
    team.sync_all()
    for replica in (ana, ben):
        row = _whale(replica, whale)
        assert row["notes"] == "still hunting"
        assert (row["deleted_at"] is None) is delete_first


def test_delete_then_undelete_elsewhere_converges(team: Team) -> None:
    """Pass: a delete on one laptop and a later undelete on another leave the whale live."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    whale = ana.book.add_whale("Acme", ana.at).value
    team.sync_all()
    Workspace(ana.store).set_whale_deleted(whale, True, ana.at)
    team.sync_all()
    team.world.advance(1_000)
    Workspace(ben.store).set_whale_deleted(whale, False, ben.at)
    team.sync_all()
    assert _whale(ana, whale)["deleted_at"] is None and _whale(ben, whale)["deleted_at"] is None


def test_clock_two_hours_ahead_stops_publishing_and_keeps_the_edits(team: Team) -> None:
    """Pass: a laptop 2 h ahead of the shared folder publishes nothing, says so, and publishes
    its kept edits once its clock is right."""
    team.replica("Ana")
    ben = team.replica("Ben")
    team.sync_all()
    ben.skew_ms = 2 * 3600 * 1000
    ben.book.add_whale("Future Corp", ben.at)
    report = ben.sync_service().sync(team.shared)
    assert report.published == 0
    assert any("clock is 2 hours ahead" in notice for notice in report.notices)
    ben.skew_ms = 0
    team.world.now_ms += 2 * 3600 * 1000  # real time catches up with the stamped edit
    assert ben.sync_service().sync(team.shared).published > 0


def test_clock_a_day_behind_still_orders_edits_after_what_it_saw(team: Team) -> None:
    """Pass: a laptop a day behind edits a whale after syncing Ana's edit, and its edit wins."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    whale = ana.book.add_whale("Acme", ana.at).value
    team.sync_all()
    _rename(ana, whale, "Ana's note")
    team.sync_all()
    ben.skew_ms = -86_400_000
    _rename(ben, whale, "Ben's note, a day behind")
    team.sync_all()
    assert _whale(ana, whale)["notes"] == "Ben's note, a day behind"


def test_clock_jumping_backwards_never_stamps_an_edit_earlier(team: Team) -> None:
    """Pass: after the wall clock jumps back an hour, a new edit still beats the previous one."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    whale = ana.book.add_whale("Acme", ana.at).value
    _rename(ana, whale, "before the jump")
    ana.skew_ms = -3600 * 1000
    _rename(ana, whale, "after the jump")
    ana.reopen()  # and across a restart
    _rename(ana, whale, "after the restart")
    team.sync_all()
    assert _whale(ben, whale)["notes"] == "after the restart"


@pytest.mark.parametrize(("transport", "step"), KILL_POINTS, indirect=["transport"])
def test_killed_at_each_step_of_publishing_leaves_no_segment_or_a_valid_one(
    team: Team, step: str
) -> None:
    """Pass: publishing stopped at any step leaves either no seg file or one that applies; the
    next sync publishes the edits exactly once and the other laptop gets them all."""
    ana, ben = team.replica("Ana"), team.replica("Ben")

    def die(name: str) -> None:
        if name == step:
            raise KeyboardInterrupt(name)

    ana.book.add_whale("Acme", ana.at)
    sync = ana.sync_service(step=die)
    with pytest.raises(KeyboardInterrupt):
        sync.sync(team.shared)
    if isinstance(team.shared, Path) and _files(team, ana):
        folder = segments_of(team.shared / TEAM_FOLDER / "devices" / team.device(ana))[1].parent
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    team.sync_all()
    assert canonical(ana.store) == canonical(ben.store)
    assert len(_files(team, ana)) == 1


@pytest.mark.parametrize(
    "damage",
    ["truncate", "flip", "zero-4k"],
)
def test_damaged_segments_are_set_aside_naming_the_device(team: Team, damage: str) -> None:
    """Pass: a cut, bit-flipped or zero-filled file is quarantined with its device named, the
    other devices' files apply, and the shared copy is left in place."""
    ana, ben, cy = team.replica("Ana"), team.replica("Ben"), team.replica("Cy")
    ana.book.add_whale("From Ana", ana.at)
    ben.book.add_whale("From Ben", ben.at)
    ana.sync_service().sync(team.shared)
    ben.sync_service().sync(team.shared)
    device = team.device(ana)
    data = bytearray(team.share.get(device, 1))
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data[-20] ^= 0x04
    else:
        data[: min(4096, len(data))] = bytes(min(4096, len(data)))
    team.share.put(device, 1, bytes(data))
    report = cy.sync_service().sync(team.shared)
    assert len(report.quarantined) == 1
    assert f"device {device[:8]}" in report.quarantined[0]
    names = {row["name"] for row in canonical(cy.store)["whales"]}
    assert names == {"From Ben"}
    assert team.share.get(device, 1) == bytes(data)
    assert (cy.root / "quarantine").is_dir()
    assert len(cy.sync_service().status().quarantined) == 1


def test_a_quarantined_file_applies_once_its_bytes_are_whole_again(team: Team) -> None:
    """Pass: a file cut short mid-sync is set aside, then applies when the full copy arrives."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    ana.book.add_whale("Acme", ana.at)
    ana.sync_service().sync(team.shared)
    device = team.device(ana)
    whole = team.share.get(device, 1)
    team.share.put(device, 1, whole[:100])
    assert ben.sync_service().sync(team.shared).quarantined
    team.share.put(device, 1, whole)
    report = ben.sync_service().sync(team.shared)
    assert report.segments_applied == 1
    assert ben.sync_service().status().quarantined == []


def test_segment_five_arriving_before_four_waits_for_it(team: Team) -> None:
    """Pass: with file 4 missing, file 5 is not applied and the wait is reported; once 4
    arrives both apply and the books agree."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    whale = ana.book.add_whale("Acme", ana.at).value
    for n in range(2, 6):
        ana.sync_service().sync(team.shared)
        _rename(ana, whale, f"note {n}")
        team.world.advance(1_000)
    ana.sync_service().sync(team.shared)
    assert _files(team, ana) == [1, 2, 3, 4, 5]
    device = team.device(ana)
    held = team.share.get(device, 4)
    team.share.remove(device, 4)
    report = ben.sync_service().sync(team.shared)
    assert report.segments_applied == 3
    assert any("waiting for file 4" in line for line in report.waiting)
    team.share.put(device, 4, held)
    assert ben.sync_service().sync(team.shared).segments_applied == 2
    team.sync_all()
    assert canonical(ana.store) == canonical(ben.store)


def test_wrong_or_missing_key_is_one_clear_message(team: Team) -> None:
    """Pass: a wrong recovery code, or a keyring without the key, is refused with one message
    and nothing is applied."""
    ana = team.replica("Ana")
    ana.book.add_whale("Acme", ana.at)
    ana.sync_service().sync(team.shared)
    ben = team.replica("Ben")
    other = Team(team.base / "other")
    other.replica("Zed")
    with pytest.raises(BadInput, match="does not open this team"):
        ben.sync_service().join_team(team.shared, other.code, "Ben")
    ben.keyring.secrets.clear()
    with pytest.raises(SyncError, match="no key for the team"):
        ben.sync_service().sync(team.shared)
    with pytest.raises(BadInput, match="typo"):
        typo = "B" if team.code[3] != "B" else "C"
        ben.sync_service().join_team(team.shared, team.code[:3] + typo + team.code[4:], "Ben")
    with pytest.raises(BadInput, match="not complete"):
        ben.sync_service().join_team(team.shared, team.code[:-4], "Ben")
    assert canonical(ben.store)["whales"] == []
    other.close()


@FOLDER_ONLY
def test_junk_and_conflicted_copies_are_ignored(team: Team) -> None:
    """Pass: temp files, conflicted copies, desktop.ini and stray folders are never read."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    ana.book.add_whale("Acme", ana.at)
    ana.sync_service().sync(team.shared)
    assert isinstance(team.shared, Path)
    folder = team.shared / TEAM_FOLDER / "devices" / team.device(ana)
    junk = [
        "seg-00000002 (Ben's conflicted copy 2026-11-23).chg",
        "seg-00000002.sync-conflict-20261123-101010-ABC.chg",
        ".seg-00000002.chg.1a2b.tmp",
        "desktop.ini",
        "seg-2.chg",
    ]
    for name in junk:
        (folder / name).write_bytes(b"garbage")
    (team.shared / TEAM_FOLDER / "devices" / "Thumbs.db").write_bytes(b"x")
    (team.shared / TEAM_FOLDER / "devices" / "not-a-device").mkdir()
    report = ben.sync_service().sync(team.shared)
    assert report.quarantined == [] and report.segments_applied == 1


def test_a_cloned_device_is_detected_and_nothing_is_lost(team: Team) -> None:
    """Pass: a book copied to a second laptop, both editing and syncing as one device, is
    detected; the copy becomes a new device and every edit of both reaches everyone."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    ana.book.add_whale("Acme", ana.at)
    team.sync_all()
    ana.store.close()
    clone_root = team.base / "Ana-new-laptop"
    shutil.copytree(ana.root, clone_root)
    ana.reopen()
    clone = Replica("Ana2", clone_root, team.world, ana.store, keyring=ana.keyring)
    clone.reopen()
    ana.book.add_whale("From the old laptop", ana.at)
    clone.book.add_whale("From the new laptop", clone.at)
    ana.sync_service().sync(team.shared)
    report = clone.sync_service().sync(team.shared)
    assert any("now syncs as a new device" in notice for notice in report.notices)
    for _ in range(2):
        for replica in (ana, clone, ben):
            replica.sync_service().sync(team.shared)
    names = {row["name"] for row in canonical(ben.store)["whales"]}
    assert names == {"Acme", "From the old laptop", "From the new laptop"}
    assert canonical(ana.store) == canonical(clone.store) == canonical(ben.store)
    clone.store.close()


def test_a_damaged_copy_in_my_own_folder_is_named_as_damaged_not_as_a_copied_book(
    team: Team,
) -> None:
    """Pass: a file with flipped bytes put after this laptop's last one in its own folder is
    said to be unreadable, not "another copy of this book"; the laptop syncs on under a new
    name without counting its old self among the other laptops, and nothing is lost."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    ana.book.add_whale("Acme", ana.at)
    team.sync_all()
    device = team.device(ana)
    last = max(team.share.seqs(device))
    data = bytearray(team.share.get(device, last))
    data[len(data) // 2] ^= 0xFF
    team.share.put(device, last + 1, bytes(data))
    ana.book.add_whale("After the damage", ana.at)
    report = ana.sync_service().sync(team.shared)
    [notice] = [n for n in report.notices if "new device" in n]
    assert f"File {last + 1}" in notice and "cannot be read" in notice
    assert "Another copy" not in notice
    assert [d.name for d in report.devices] == ["Ben"]
    team.sync_all()
    names = {row["name"] for row in canonical(ben.store)["whales"]}
    assert names == {"Acme", "After the damage"}


def test_restore_from_backup_then_sync_resurrects_nothing(team: Team) -> None:
    """Pass: a whale deleted after a backup stays deleted when the backup is restored and the
    laptop syncs; edits published after the backup come back."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    whale = ana.book.add_whale("Acme", ana.at).value
    team.sync_all()
    saved = backups.backup(ana.root / "book.sqlite", ana.root / "backups", ana.at)
    Workspace(ana.store).set_whale_deleted(whale, True, ana.at)
    later = ana.book.add_whale("Added after the backup", ana.at).value
    team.sync_all()
    ana.store.close()
    backups.restore(ana.root / "book.sqlite", saved, ana.root / "backups", ana.at)
    ana.reopen()
    assert _whale(ana, whale)["deleted_at"] is None  # the old state, until it syncs
    team.sync_all()
    assert _whale(ana, whale)["deleted_at"] is not None
    assert _whale(ben, whale)["deleted_at"] is not None
    assert _whale(ana, later)["name"] == "Added after the backup"
    assert canonical(ana.store) == canonical(ben.store)


@FOLDER_ONLY
def test_a_full_disk_leaves_nothing_under_a_final_name(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass: when the write fails (disk full) sync says so in one message, no seg file exists,
    and the book is unchanged and publishes later."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    ana.book.add_whale("Acme", ana.at)
    before = canonical(ana.store)

    def disk_full(name: str) -> None:
        if name == "flush":
            raise OSError(28, "No space left on device")

    with pytest.raises(SyncError, match="No space left on device"):
        ana.sync_service(step=disk_full).sync(team.shared)
    assert _files(team, ana) == []
    assert canonical(ana.store) == before
    team.sync_all()
    assert canonical(ben.store)["whales"] == before["whales"]


def test_two_syncs_of_one_book_at_once_are_refused(team: Team) -> None:
    """Pass: while one sync holds the book, a second is refused with a clear message."""
    ana = team.replica("Ana")
    sync = ana.sync_service()
    with (
        exclusive(ana.root / "sync.lock", "held by this test"),
        pytest.raises(Held, match="another War Room is syncing"),
    ):
        sync.sync(team.shared)


def test_key_rotation_keeps_old_segments_readable(team: Team) -> None:
    """Pass: after the lead rotates the key, a rep with both codes reads old and new files; a
    new laptop given only the old code reads the old ones and is told to get the new code."""
    lead, ana = team.replica("Lead"), team.replica("Ana")
    lead.book.add_whale("Old", lead.at)
    lead.sync_service().sync(team.shared)
    new_code = lead.sync_service().rotate_key(team.shared)
    lead.book.add_whale("New", lead.at)
    lead.sync_service().sync(team.shared)
    report = ana.sync_service().sync(team.shared)
    assert {row["name"] for row in canonical(ana.store)["whales"]} == {"Old"}
    assert any("newer team key" in line for line in report.waiting)
    ana.sync_service().join_team(team.shared, new_code, "Ana")
    ana.sync_service().sync(team.shared)
    assert {row["name"] for row in canonical(ana.store)["whales"]} == {"Old", "New"}


def test_conflict_review_choice_syncs_to_every_laptop(team: Team) -> None:
    """Pass: concurrent edits of one field leave one "2 versions" conflict on each laptop;
    picking the losing version on one laptop sets it everywhere and clears both conflicts."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    whale = ana.book.add_whale("Acme", ana.at).value
    team.sync_all()
    _rename(ana, whale, "Ana's plan")
    team.world.advance(1_000)
    _rename(ben, whale, "Ben's plan")
    team.sync_all()
    assert _whale(ana, whale)["notes"] == "Ben's plan"
    conflicts = ana.sync_service().conflicts()
    assert [(c.field, c.theirs, c.current) for c in conflicts] == [
        ("notes", "Ana's plan", "Ben's plan")
    ]
    assert len(ben.sync_service().conflicts()) == 1
    ana.sync_service().choose(conflicts[0].id, take_theirs=True)
    team.sync_all()
    assert _whale(ben, whale)["notes"] == "Ana's plan"
    assert ana.sync_service().conflicts() == [] and ben.sync_service().conflicts() == []


def test_three_versions_at_once_name_who_wrote_the_one_the_book_holds(team: Team) -> None:
    """Pass: Ana, Ben and Lead change one field at once (Lead's written last, so kept); on
    every laptop each losing version says the book holds Lead's value, written by Lead (not
    by whichever version it first lost to)."""
    ana, ben, lead = team.replica("Ana"), team.replica("Ben"), team.replica("Lead")
    whale = ana.book.add_whale("Sapphire", ana.at).value
    team.sync_all()
    for replica in (ana, ben, lead):
        team.world.advance(1_000)
        _rename(replica, whale, f"{replica.name}'s plan")
    team.sync_all(rounds=3)
    for replica in (ana, ben, lead):
        conflicts = replica.sync_service().conflicts()
        assert {c.theirs for c in conflicts} == {"Ana's plan", "Ben's plan"}, replica.name
        for conflict in conflicts:
            assert conflict.current == "Lead's plan"
            assert conflict.current_by == ("this laptop" if replica is lead else "Lead")


def test_a_stolen_copy_of_the_share_is_unreadable_without_the_key(team: Team) -> None:
    """Pass: no whale, rep or note text appears in any file on the share, or in any row of
    the team server's database."""
    ana = team.replica("Ana Secret-Rep")
    whale = ana.book.add_whale("Confidential Megacorp", ana.at).value
    _rename(ana, whale, "the CFO is leaving in March")
    ana.sync_service().sync(team.shared)
    stored = team.share.everything()
    assert stored
    for data in stored:
        for secret in (b"Megacorp", b"Secret-Rep", b"CFO"):
            assert secret not in data


def test_replayed_or_renamed_segments_are_set_aside(team: Team) -> None:
    """Pass: a valid file copied under another number, or into another device's folder, fails
    its authenticated header and is quarantined; the genuine files still apply."""
    ana, ben, cy = team.replica("Ana"), team.replica("Ben"), team.replica("Cy")
    ana.book.add_whale("Acme", ana.at)
    ana.sync_service().sync(team.shared)
    ben.book.add_whale("Globex", ben.at)
    ben.sync_service().sync(team.shared)
    first = team.share.get(team.device(ana), 1)
    team.share.put(team.device(ana), 2, first)  # replayed as a later file
    team.share.put(team.device(ben), 2, first)  # under another device's name
    report = cy.sync_service().sync(team.shared)
    assert len(report.quarantined) == 2
    assert all("copied, renamed or replayed" in line for line in report.quarantined)
    assert {row["name"] for row in canonical(cy.store)["whales"]} == {"Acme", "Globex"}


def test_defaults_filled_at_insert_travel_with_the_row(team: Team) -> None:
    """Pass: a row whose columns take their defaults only at INSERT arrives whole elsewhere."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    from warroom.store.schema import RepRow

    with ana.store.transaction() as session:
        row = RepRow(name="Defaulted Dee")  # email, timezone, cut-off and workdays by default
        row.id, row.created_at, row.updated_at = "dee", ana.at, ana.at
        session.add(row)
    team.sync_all()
    dee = next(r for r in canonical(ben.store)["reps"] if r["id"] == "dee")
    assert (dee["timezone"], dee["workdays"], dee["email"]) == ("UTC", "12345", "")


def test_a_file_set_aside_for_good_is_made_up_by_republishing(team: Team) -> None:
    """Pass: when Ana's file stays damaged on the share, Ben's book lacks its whale; after Ana
    republishes, Ben has it, and Ana's later syncs publish only what is new again."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    ana.book.add_whale("Acme", ana.at)
    ana.sync_service().sync(team.shared)
    device = team.device(ana)
    team.share.put(device, 1, team.share.get(device, 1)[:200])
    assert ben.sync_service().sync(team.shared).quarantined
    assert {row["name"] for row in canonical(ben.store)["whales"]} == set()
    report = ana.sync_service().sync(team.shared, republish=True)
    assert report.published >= 3  # rep, whale and deal again
    ben.sync_service().sync(team.shared)
    assert {row["name"] for row in canonical(ben.store)["whales"]} == {"Acme"}
    ana.book.add_whale("Globex", ana.at)
    assert ana.sync_service().sync(team.shared).published == 2  # the new whale and its deal


def test_a_book_in_a_team_refuses_to_start_another(team: Team) -> None:
    """Pass: creating a second team from a book already in one is refused, naming the first
    team's folder, and nothing is written in the new folder."""
    ana = team.replica("Ana")
    other = team.base / "Other share"
    other.mkdir()
    with pytest.raises(
        BadInput, match="already belongs to the team in " + re.escape(str(team.shared))
    ):
        ana.sync_service().create_team(other, "Ana")
    assert list(other.iterdir()) == []
