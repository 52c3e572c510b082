"""A bad stored setting (written by an old bug, or arrived by sync) is read as the default with
one warning instead of stopping every command, and `warroom settings reset KEY` repairs it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from warroom.cli import main
from warroom.paths import DataFolder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _store_raw(book: Path, key: str, text: str) -> None:
    """Write a setting straight into the file, past every check, as a broken sync could."""
    with sqlite3.connect(book) as db:
        db.execute(
            "INSERT INTO settings (id, value, created_at, updated_at) "
            "VALUES (?, ?, '2026-11-23 15:00:00.000000', '2026-11-23 15:00:00.000000') "
            "ON CONFLICT(id) DO UPDATE SET value = excluded.value",
            (key, text),
        )
    db.close()


@pytest.fixture
def globex(home: DataFolder, capsys: pytest.CaptureFixture[str]) -> DataFolder:
    assert run(capsys, "me", "Avery Chen")[0] == 0
    assert run(capsys, "add-whale", "Globex", "--deal-size", "250k")[0] == 0
    assert run(capsys, "log-touch", "Globex", "--kind", "meeting")[0] == 0
    return home


@pytest.mark.parametrize(
    "text", ["not json", '"not json"', '{"half_life_days": 9999}', '{"learn": "yes"}', "[]"]
)
def test_a_bad_decay_table_warns_once_and_every_command_still_runs(
    globex: DataFolder, capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str
) -> None:
    """Pass: with a stored decay.params that is not a valid table, whales, decay, today, team
    and the CSV export exit 0, each printing one warning naming decay.params and the command
    that repairs it; the half-life in force is the default 30 days."""
    _store_raw(globex.book, "decay.params", text)
    commands = [
        ("whales",),
        ("decay", "Globex"),
        ("today",),
        ("team",),
        ("export", "--format", "csv", "--out", str(tmp_path / "whales.csv")),
    ]
    for argv in commands:
        code, _, err = run(capsys, *argv)
        assert code == 0, (argv, err)
        assert err.count("warning: setting decay.params") == 1, (argv, err)
        assert "warroom settings reset decay.params" in err
    code, out, _ = run(capsys, "whales", "--json")
    assert code == 0 and json.loads(out)[0]["half_life_days"] == 30.0


def test_settings_lists_a_bad_value_and_reset_repairs_it(
    globex: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pass: `settings --json` marks decay.params invalid with its problem; `settings reset
    decay.params` exits 0; afterwards it is valid, unset, and whales runs with no warning."""
    _store_raw(globex.book, "decay.params", "not json")
    code, out, err = run(capsys, "settings", "--json")
    assert code == 0 and err == ""
    listed = {setting["key"]: setting for setting in json.loads(out)}
    assert listed["decay.params"]["valid"] is False
    assert "is not JSON" in listed["decay.params"]["problem"]
    assert listed["team.currency"] == {
        "key": "team.currency",
        "about": "the currency of new deals",
        "stored": False,
        "valid": True,
        "problem": None,
        "value": "USD",
    }
    code, out, _ = run(capsys, "settings")
    assert code == 0 and "decay.params" in out and "bad" in out

    code, out, err = run(capsys, "settings", "reset", "decay.params")
    assert (code, err) == (0, "") and "Reset decay.params" in out

    code, out, _ = run(capsys, "settings", "--json")
    listed = {setting["key"]: setting for setting in json.loads(out)}
    assert listed["decay.params"]["valid"] is True
    assert listed["decay.params"]["stored"] is False
    code, _, err = run(capsys, "whales")
    assert (code, err) == (0, "")
    code, out, _ = run(capsys, "settings", "reset", "decay.params")
    assert code == 0 and "already has its default" in out


def test_reset_of_a_setting_that_does_not_exist_is_refused(
    globex: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pass: `settings reset no.such.key` exits 2 with one line saying how to list settings;
    `settings reset` without a key exits 2 too."""
    code, _, err = run(capsys, "settings", "reset", "no.such.key")
    assert code == 2 and "'warroom settings' lists them" in err
    code, _, err = run(capsys, "settings", "reset")
    assert code == 2 and "say which setting" in err


def test_a_bad_team_currency_falls_back_for_new_whales(
    globex: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pass: a stored team.currency of "NOTACURRENCY" warns, and a new whale gets USD."""
    _store_raw(globex.book, "team.currency", json.dumps("NOTACURRENCY"))
    code, out, err = run(capsys, "add-whale", "Initech", "--json")
    assert code == 0 and "setting team.currency" in err
    code, out, _ = run(capsys, "whales", "--json")
    assert {w["name"]: w["currency"] for w in json.loads(out)}["Initech"] == "USD"
