"""Team sync from the command line, two laptops (two data folders) and one shared folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from warroom.domain.records import TeamSettings
from warroom.services.book import Book
from warroom.store.db import open_store

from .conftest import Laptop


def test_lead_creates_a_team_a_rep_joins_and_both_see_the_same_whales(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    shared = tmp_path / "Dropbox"
    shared.mkdir()
    lead = Laptop(tmp_path / "lead", monkeypatch, capsys)
    rep = Laptop(tmp_path / "rep", monkeypatch, capsys)
    lead.run("me", "Lee Lead")
    lead.run("add-whale", "Globex", "--deal-size", "500000")
    code, out, _ = lead.run("team-create", str(shared), "--json")
    assert code == 0
    recovery = json.loads(out)["recovery_code"]
    assert lead.run("sync", str(shared))[0] == 0

    code, _, err = rep.run("team-join", str(shared), "--code", "AAAA-BBBB")
    assert code == 2 and "recovery code" in err
    rep.run("me", "Rae Rep")
    code, out, _ = rep.run("team-join", str(shared), "--code", recovery)
    assert code == 0 and "Joined" in out
    rep.run("add-whale", "Initech")
    code, out, _ = rep.run("sync", "--json")  # the folder it joined is remembered
    assert code == 0
    report = json.loads(out)
    assert report["changes_applied"] > 0 and report["published"] > 0
    assert [d["name"].split(" on ")[0] for d in report["devices"]] == ["Lee Lead"]
    lead.run("sync")
    for laptop in (lead, rep):
        code, out, _ = laptop.run("whales", "--json")
        assert sorted(w["name"] for w in json.loads(out)) == ["Globex", "Initech"]


def test_sync_without_a_team_or_a_folder_is_one_clear_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    laptop = Laptop(tmp_path / "solo", monkeypatch, capsys)
    code, _, err = laptop.run("sync", str(tmp_path))
    assert code == 2 and "not in a team yet" in err and err.count("\n") == 1
    # With --json, the script reading stdout gets the same reason as JSON, not nothing.
    code, out, err = laptop.run("sync", str(tmp_path), "--json")
    assert code == 2 and "not in a team yet" in json.loads(out)["error"]
    code, _, err = laptop.run("team-join", str(tmp_path), "--code", "X")
    assert code == 2 and "not a War Room team folder" in err
    code, _, err = laptop.run("team-create", str(tmp_path / "missing"))
    assert code == 2 and "no such folder" in err


def test_conflicts_are_listed_and_settled_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    shared = tmp_path / "share"
    shared.mkdir()
    ana = Laptop(tmp_path / "ana", monkeypatch, capsys)
    ben = Laptop(tmp_path / "ben", monkeypatch, capsys)
    ana.run("me", "Ana")
    code = json.loads(ana.run("team-create", str(shared), "--json")[1])["recovery_code"]
    ben.run("team-join", str(shared), "--code", code)
    ben.run("me", "Ben")
    ana.run("sync")
    ben.run("sync")
    # Both laptops rename the team, offline; the later one wins, the other is kept.
    # Ana lives in Tokyo, on a laptop whose clock says UTC.
    for laptop, me, team_name, zone in (
        (ana, "Ana", "Whalers", "Asia/Tokyo"),
        (ben, "Ben", "Harpooners", "UTC"),
    ):
        store = open_store(laptop.root / "book.sqlite")
        settings = TeamSettings(team_name, "USD", time(12))
        Book(store).save_settings(me, settings, zone, datetime.now(UTC))
        store.close()
    for laptop in (ana, ben, ana):
        laptop.run("sync")
    code, out, _ = ana.run("conflicts", "--json")
    found = json.loads(out)
    assert code == 0 and [c["theirs"] for c in found] == ['"Whalers"']
    code, out, _ = ana.run("conflicts")  # the times as Ana reads them, in her own zone
    assert code == 0 and f"#{found[0]['id']} {found[0]['label']}," in out
    theirs = datetime.fromisoformat(found[0]["theirs_at"]).astimezone(ZoneInfo("Asia/Tokyo"))
    assert f"{theirs:%d %b %H:%M} JST)" in out
    assert "the book holds" in out and "--take ID book" in out
    code, _, err = ana.run("conflicts", "--take", str(found[0]["id"]), "yours")
    assert code == 2 and "--take ID book|other" in err
    code, out, _ = ana.run("conflicts", "--take", str(found[0]["id"]), "other")
    assert code == 0 and out.startswith("Kept ") and "No conflicts waiting" in out


def _headless(home: Path, *argv: str, passphrase: str | None) -> subprocess.CompletedProcess[str]:
    """The real `warroom` on a machine with no Secret Service, as a script runs it (no
    terminal): the team key goes to the passphrase-wrapped file."""
    env = {**os.environ, "WARROOM_HOME": str(home), "WARROOM_KEYRING": "file"}
    env.pop("WARROOM_PASSPHRASE", None)
    if passphrase is not None:
        env["WARROOM_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "warroom", *argv],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_a_headless_machine_keeps_the_team_key_in_a_passphrase_file(tmp_path: Path) -> None:
    """Pass: with no keyring, the lead creates and a rep joins with a passphrase each; sync
    works; the key file is the only place the key is; no passphrase, or a wrong one, is one
    line and exit 2."""
    shared = tmp_path / "share"
    shared.mkdir()
    lead, rep = tmp_path / "lead", tmp_path / "rep"
    assert _headless(lead, "me", "Lee Lead", passphrase=None).returncode == 0
    assert _headless(lead, "add-whale", "Globex", passphrase=None).returncode == 0
    made = _headless(lead, "team-create", str(shared), "--json", passphrase="lead passphrase")
    assert made.returncode == 0, made.stderr
    code = json.loads(made.stdout)["recovery_code"]
    assert (lead / "team-keys.wrapped").exists()
    assert _headless(lead, "sync", passphrase="lead passphrase").returncode == 0
    joined = _headless(rep, "team-join", str(shared), "--code", code, passphrase="rep's own one")
    assert joined.returncode == 0, joined.stderr
    assert _headless(rep, "sync", passphrase="rep's own one").returncode == 0
    listed = _headless(rep, "whales", "--json", passphrase=None)
    assert [w["name"] for w in json.loads(listed.stdout)] == ["Globex"]
    book_bytes = (rep / "book.sqlite").read_bytes()
    assert code.replace("-", "").encode() not in book_bytes
    unasked = _headless(rep, "sync", passphrase=None)
    assert unasked.returncode == 2 and "WARROOM_PASSPHRASE" in unasked.stderr
    assert len(unasked.stderr.strip().splitlines()) == 1
    wrong = _headless(rep, "sync", passphrase="not the one")
    assert wrong.returncode == 2 and "that passphrase does not open" in wrong.stderr
