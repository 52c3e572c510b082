"""A team heals: a clock that was wrong for a week, a file lost or damaged on the share.

Each test is one scenario from the fault-injection run, with a fake clock per laptop."""

from __future__ import annotations

from dataclasses import replace

from warroom.domain import hlc
from warroom.services.workspace import Workspace

from .conftest import Replica, Team, canonical

DAY_MS = 86_400_000
YEAR_MS = 364 * DAY_MS


def _files(team: Team, replica: Replica) -> list[int]:
    return team.share.seqs(team.device(replica))


def _place(team: Team) -> str:
    return "the team server" if team.share.kind == "postgres" else "the shared folder"


def _notes(replica: Replica, whale_id: str) -> object:
    return next(r for r in canonical(replica.store)["whales"] if r["id"] == whale_id)["notes"]


def _write_notes(replica: Replica, whale_id: str, notes: str) -> None:
    workspace = Workspace(replica.store)
    page = workspace.page(whale_id)
    workspace.save_definition(whale_id, replace(page.definition, notes=notes), replica.at)


def _newest_own_stamp(replica: Replica) -> hlc.Hlc:
    with replica.store.engine.connect() as connection:
        stamp = connection.exec_driver_sql(
            "SELECT stamp FROM changes ORDER BY seq DESC LIMIT 1"
        ).scalar()
    return hlc.parse(str(stamp))


def _says(notices: list[str], words: str) -> bool:
    return any(words in notice for notice in notices)


# --- clocks -------------------------------------------------------------------------------


def test_a_laptop_a_year_ahead_publishes_again_as_soon_as_its_clock_is_set_right(
    team: Team,
) -> None:
    """Pass: a year ahead, Ben's edits wait (the guard says against what); the moment his
    clock is right they go out with stamps of now, so Ana's later edit still wins."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    whale = ana.book.add_whale("Acme", ana.at).value
    team.sync_all()
    ben.skew_ms = YEAR_MS
    _write_notes(ben, whale, "written while a year ahead")
    report = ben.sync_service().sync(team.shared)
    assert report.published == 0
    clock = (
        "the team server's clock"
        if team.share.kind == "postgres"
        else ("the shared folder's clock (its file server)")
    )
    assert _says(report.notices, f"364 days ahead of {clock}")
    team.world.advance(7 * DAY_MS)  # a week with the wrong clock
    assert ben.sync_service().sync(team.shared).published == 0
    ben.skew_ms = 0
    _write_notes(ben, whale, "written after the clock was fixed")
    report = ben.sync_service().sync(team.shared)
    assert report.published > 0
    assert _says(report.notices, "took the right time")
    assert abs(_newest_own_stamp(ben).wall_ms - team.world.now_ms) <= hlc.MAX_AHEAD_MS
    team.sync_all()
    assert _notes(ana, whale) == "written after the clock was fixed"
    team.world.advance(60_000)
    _write_notes(ana, whale, "Ana, a minute later")
    team.sync_all()
    assert _notes(ana, whale) == _notes(ben, whale) == "Ana, a minute later"
    assert canonical(ana.store) == canonical(ben.store)


def test_teammates_who_applied_a_far_future_file_are_not_judged_by_it(team: Team) -> None:
    """Pass: Ben publishes a year ahead anyway; Ana and Cy apply it, keep their own clocks,
    publish without a word about theirs, and Ana's later edit of that very field wins."""
    ana, ben, cy = team.replica("Ana"), team.replica("Ben"), team.replica("Cy")
    whale = ana.book.add_whale("Acme", ana.at).value
    team.sync_all()
    ben.skew_ms = YEAR_MS
    _write_notes(ben, whale, "from the future")
    assert ben.sync_service().sync(team.shared, clock_is_right=True).published > 0
    ben.skew_ms = 0
    for replica in (ana, cy):
        replica.sync_service().sync(team.shared)
        assert _notes(replica, whale) == "from the future"
    ana.book.add_whale("Globex", ana.at)
    report = ana.sync_service().sync(team.shared)
    assert report.published > 0 and not _says(report.notices, "clock")
    assert abs(_newest_own_stamp(ana).wall_ms - team.world.now_ms) <= hlc.MAX_AHEAD_MS
    _write_notes(ana, whale, "Ana saw it and wrote after")
    team.sync_all()
    for replica in (ana, ben, cy):
        assert _notes(replica, whale) == "Ana saw it and wrote after"
    assert canonical(ana.store) == canonical(ben.store) == canonical(cy.store)
    cy.book.add_whale("Initech", cy.at)
    assert not _says(cy.sync_service().sync(team.shared).notices, "clock")


def test_on_a_cloud_folder_the_guard_compares_with_the_teammates_clocks(team: Team) -> None:
    """Pass: a cloud folder's files carry the laptop's own clock, so a year-ahead laptop is
    measured against its teammates' latest syncs, and the notice says so."""
    ana, ben, cy = team.replica("Ana"), team.replica("Ben"), team.replica("Cy")
    for replica in (ana, ben, cy):
        replica.cloud = True
        replica.book.add_whale(f"From {replica.name}", replica.at)
    team.sync_all()
    ben.skew_ms = YEAR_MS
    ben.book.add_whale("Future Corp", ben.at)
    report = ben.sync_service().sync(team.shared)
    assert report.published == 0
    assert _says(report.notices, "ahead of the latest syncs of the team's 2 other laptops")
    ben.skew_ms = 0
    assert ben.sync_service().sync(team.shared).published > 0


def test_a_quiet_team_is_not_stuck_behind_its_own_silence(team: Team) -> None:
    """Pass: after forty quiet days on a cloud folder, Ana's right clock looks far ahead of
    the team's last syncs; with the system's time server, or her word, she publishes."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    for replica in (ana, ben):
        replica.cloud = True
    team.sync_all()
    team.world.advance(40 * DAY_MS)
    ana.book.add_whale("After the holidays", ana.at)
    report = ana.sync_service().sync(team.shared)
    assert report.published == 0
    assert _says(report.notices, "--clock-is-right")
    ana.time_server = True
    assert ana.sync_service().sync(team.shared).published > 0
    ben.book.add_whale("Ben is back too", ben.at)
    assert ben.sync_service().sync(team.shared, clock_is_right=True).published > 0


# --- files lost or damaged on the share ------------------------------------------------


def _three_files(team: Team, ana: Replica) -> str:
    whale = ana.book.add_whale("Acme", ana.at).value
    ana.sync_service().sync(team.shared)
    for n in (2, 3):
        team.world.advance(1_000)
        ana.book.add_whale(f"Whale {n}", ana.at)
        _write_notes(ana, whale, f"note {n}")
        ana.sync_service().sync(team.shared)
    assert _files(team, ana) == [1, 2, 3]
    return whale


def test_a_deleted_middle_file_is_sent_again_and_nobody_waits_for_it(team: Team) -> None:
    """Pass: with Ana's file 2 deleted, Ben is told whose file is missing and since when;
    Ana's next sync sees it and sends her edits again; Ben then has everything, and Cy, who
    had file 2 all along, applies the resend without a conflict."""
    ana, ben, cy = team.replica("Ana"), team.replica("Ben"), team.replica("Cy")
    _three_files(team, ana)
    cy.sync_service().sync(team.shared)
    team.share.remove(team.device(ana), 2)
    report = ben.sync_service().sync(team.shared)
    assert _says(report.waiting, "waiting for file 2 from Ana")
    assert _says(report.waiting, f"not on {_place(team)} since")
    report = ana.sync_service().sync(team.shared)
    assert _says(report.notices, f"file 2 was missing from {_place(team)}")
    assert report.published > 0
    for replica in (ben, cy):
        report = replica.sync_service().sync(team.shared)
        assert report.waiting == [] and report.new_conflicts == 0
    assert canonical(ana.store) == canonical(ben.store) == canonical(cy.store)
    assert ana.sync_service().sync(team.shared).notices == []  # told once, not every sync


def test_a_bit_flipped_middle_file_is_reported_to_its_writer_and_repaired(team: Team) -> None:
    """Pass: Ana's file 2 damaged on the share is set aside by Ben; Ana's next sync finds it
    damaged and sends its edits again, and Ben's book ends whole."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    _three_files(team, ana)
    device = team.device(ana)
    data = bytearray(team.share.get(device, 2))
    data[len(data) // 2] ^= 0x10
    team.share.put(device, 2, bytes(data))
    assert ben.sync_service().sync(team.shared).quarantined
    report = ana.sync_service().sync(team.shared)
    assert _says(report.notices, f"file 2 was damaged on {_place(team)}")
    report = ben.sync_service().sync(team.shared)
    assert report.waiting == []
    assert canonical(ana.store) == canonical(ben.store)


def test_a_lost_last_file_is_sent_again_not_taken_for_a_copied_book(team: Team) -> None:
    """Pass: Ana's newest file vanishing makes her resend it; she keeps her device."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    _three_files(team, ana)
    device = team.device(ana)
    team.share.remove(device, 3)
    report = ana.sync_service().sync(team.shared)
    assert _says(report.notices, "file 3 was missing")
    assert team.device(ana) == device
    team.sync_all()
    assert canonical(ana.store) == canonical(ben.store)
