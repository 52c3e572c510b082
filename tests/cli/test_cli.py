"""Every command of the foundation, run as a user would, including bad input."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from warroom import __version__
from warroom.cli import main
from warroom.paths import DataFolder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_me_sets_and_shows_who_uses_this_laptop(home: DataFolder, capsys) -> None:
    code, out, _ = run(capsys, "me")
    assert code == 0 and "No rep is set" in out
    assert run(capsys, "me", "Avery Chen")[0] == 0
    code, out, _ = run(capsys, "me", "--json")
    assert code == 0 and json.loads(out)["name"] == "Avery Chen"
    assert json.loads(out)["workdays"] == "Mon-Fri"
    code, out, _ = run(capsys, "me", "--workdays", "sun-thu")  # a week that starts on Sunday
    assert code == 0 and "works Sun-Thu" in out
    code, _, err = run(capsys, "me", "--workdays", "Funday")
    assert code == 2 and err.count("\n") == 1 and "Mon-Fri" in err
    code, out, _ = run(capsys, "me", "--json")
    assert json.loads(out)["workdays"] == "Sun-Thu"


def test_add_whale_then_list_it(home: DataFolder, capsys) -> None:
    run(capsys, "me", "Avery Chen")
    code, out, _ = run(
        capsys,
        "add-whale",
        "Globex",
        "--deal-size",
        "1.2M",
        "--currency",
        "EUR",
        "--solution",
        "Control tower",
        "--json",
    )
    assert code == 0
    whale_id = json.loads(out)["id"]
    code, out, _ = run(capsys, "whales", "--json")
    [whale] = json.loads(out)
    assert whale["id"] == whale_id
    assert (whale["deal_size"], whale["currency"], whale["owner"]) == (
        1_200_000,
        "EUR",
        "Avery Chen",
    )
    code, out, _ = run(capsys, "whales")
    assert code == 0 and "Globex" in out and "1,200,000 EUR" in out
    # The same company again, but for its legal suffix: refused once, added with --anyway.
    code, _, err = run(capsys, "add-whale", "GLOBEX Inc.")
    assert code == 2 and "'Globex' is already in the book" in err
    code, _, _ = run(capsys, "add-whale", "GLOBEX Inc.", "--anyway")
    assert code == 0
    # An abbreviation's dots and an accent are no new company either (two whales, before).
    assert run(capsys, "add-whale", "Nestlé S.A.")[0] == 0
    code, _, err = run(capsys, "add-whale", "Nestle SA")
    assert code == 2 and "'Nestlé S.A.' is already in the book" in err
    assert "accents" in err and "--anyway" in err and "Ctrl+F" not in err


def test_an_empty_book_says_how_to_start(home: DataFolder, capsys) -> None:
    code, out, _ = run(capsys, "whales")
    assert code == 0 and "warroom demo" in out


def test_log_touch_and_trigger_land_on_the_whale(home: DataFolder, capsys) -> None:
    run(capsys, "me", "Avery Chen")
    run(capsys, "add-whale", "Globex")
    code, out, _ = run(
        capsys,
        "log-touch",
        "globex",
        "--kind",
        "meeting",
        "--at",
        "2026-11-20T10:00",
        "--note",
        "Met the CFO",
        "--json",
    )
    assert code == 0 and json.loads(out)["kind"] == "meeting"
    code, out, _ = run(
        capsys,
        "trigger",
        "Globex",
        "--kind",
        "leadership_change",
        "--at",
        "2026-11-19T08:00+01:00",
        "--source",
        "https://news.test/cfo",
    )
    assert code == 0 and "Recorded leadership change at Globex" in out
    [whale] = json.loads(run(capsys, "whales", "--json")[1])
    assert whale["touches"] == 1
    assert whale["last_meaningful_at"].startswith("2026-11-20T10:00")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["log-touch", "Nobody Inc", "--kind", "meeting"], "no whale named 'Nobody Inc'"),
        (["log-touch", "Globex", "--kind", "smoke_signal"], "unknown touch kind 'smoke_signal'"),
        (["log-touch", "Globex", "--kind", "meeting", "--at", "tuesday"], "not an ISO 8601"),
        (["trigger", "Globex", "--kind", "gossip"], "unknown trigger kind 'gossip'"),
        (["add-whale", "Initech", "--deal-size", "lots"], "not an amount"),
        (["add-whale", "Initech", "--currency", "dollars"], "three-letter"),
        (["import", "/no/such/file.json"], "no such file"),
        (["restore", "/no/such/backup.sqlite"], "no such file"),
        (["export"], "the following arguments are required: --out"),
        (["whales", "--frobnicate"], "unrecognized arguments"),
        (["fly"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line_and_changes_nothing(
    home: DataFolder, capsys, argv: list[str], message: str
) -> None:
    run(capsys, "me", "Avery Chen")
    run(capsys, "add-whale", "Globex")
    before = json.loads(run(capsys, "whales", "--json")[1])
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and err.startswith("warroom: ")
    assert json.loads(run(capsys, "whales", "--json")[1]) == before


def test_an_unreadable_file_gives_one_line(home: DataFolder, capsys, tmp_path: Path) -> None:
    path = tmp_path / "locked.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    code, _, err = run(capsys, "import", str(path))
    assert code == 2 and "cannot be read as UTF-8" in err and err.count("\n") == 1


def test_a_book_that_is_not_ours_gives_one_line_and_is_untouched(home: DataFolder, capsys) -> None:
    home.ensure().book.write_text("not a database")
    before = _sha(home.book)
    code, _, err = run(capsys, "whales")
    assert code == 2 and "not a War Room book" in err
    assert _sha(home.book) == before


def test_demo_export_import_roundtrip(
    home: DataFolder, capsys, tmp_path: Path, monkeypatch
) -> None:
    code, out, _ = run(capsys, "demo", "--seed", "2")
    assert code == 0 and "60 whales" in out
    assert run(capsys, "export", "--format", "json", "--out", str(tmp_path / "a.json"))[0] == 0
    monkeypatch.setenv("WARROOM_HOME", str(tmp_path / "other"))
    code, out, _ = run(capsys, "import", str(tmp_path / "a.json"), "--dry-run")
    assert code == 0 and "Would import" in out
    assert run(capsys, "whales", "--json")[1].strip() == "[]"
    assert run(capsys, "import", str(tmp_path / "a.json"), "--format", "warroom")[0] == 0
    run(capsys, "export", "--out", str(tmp_path / "b.json"))
    assert (tmp_path / "a.json").read_text() == (tmp_path / "b.json").read_text()


def test_demo_refuses_a_real_book(home: DataFolder, capsys) -> None:
    run(capsys, "add-whale", "Real Customer")
    code, _, err = run(capsys, "demo")
    assert code == 2 and "--force" in err
    code, out, _ = run(capsys, "demo", "--force")
    assert code == 0 and "The book it replaced is kept at" in out


def test_a_demo_book_with_edits_is_not_replaced_without_force(home: DataFolder, capsys) -> None:
    assert run(capsys, "demo")[0] == 0
    code, out, _ = run(capsys, "demo")  # an untouched demo is simply made again
    assert code == 0 and "kept at" in out
    run(capsys, "log-touch", run_first_whale(capsys), "--kind", "call_attempt")
    code, _, err = run(capsys, "demo")
    assert code == 2 and "your own whales or edits" in err and "--force" in err


def run_first_whale(capsys) -> str:  # type: ignore[no-untyped-def]
    import json

    return str(json.loads(run(capsys, "whales", "--json")[1])[0]["id"])


def test_backup_then_restore(home: DataFolder, capsys, tmp_path: Path) -> None:
    run(capsys, "add-whale", "Before")
    code, out, _ = run(capsys, "backup", "--out", str(tmp_path / "saved"))
    assert code == 0
    [saved] = list((tmp_path / "saved").glob("*.sqlite"))
    run(capsys, "add-whale", "After")
    code, out, _ = run(capsys, "restore", str(saved))
    assert code == 0 and "previous book is kept" in out
    names = [w["name"] for w in json.loads(run(capsys, "whales", "--json")[1])]
    assert names == ["Before"]


def test_help_is_everywhere(home: DataFolder, capsys) -> None:
    for command in [
        "me",
        "demo",
        "add-whale",
        "whales",
        "log-touch",
        "trigger",
        "export",
        "import",
        "backup",
        "restore",
        "gui",
    ]:
        code, out, _ = run(capsys, command, "--help")
        assert code == 0 and "usage: warroom" in out


def test_the_installed_entry_point_runs(home: DataFolder) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "warroom", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == f"warroom {__version__}"


def _history(home: DataFolder) -> None:
    """A team's two years: 90 deals, each open 150 days; the busy ones (a meeting every five
    days) mostly won, the quiet ones (one meeting at the start) mostly lost."""
    from datetime import UTC, datetime, timedelta

    from warroom.domain.records import Touch
    from warroom.services.open_book import OpenBook
    from warroom.store.bulk import insert_touches

    start = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
    book = OpenBook.open(home.ensure().book, start)
    try:
        me = book.book.set_me("Avery Chen", "UTC", start).value
        touches = []
        closes = []
        for i in range(90):
            opened = start + timedelta(days=5 * i)
            whale = book.book.add_whale(f"Whale {i:02d}", opened, deal_size=500_000).value
            busy = i % 3 == 0
            gap = 5 if busy else 200
            moment = opened + timedelta(hours=1)
            while moment < opened + timedelta(days=150):
                touches.append(
                    Touch(f"t-{i}-{moment:%j%H}", whale, me.id, None, "meeting", moment, "")
                )
                moment += timedelta(days=gap)
            won = busy != (i % 10 == 7)
            closes.append(
                (f"Whale {i:02d}", "won" if won else "lost", opened + timedelta(days=150))
            )
        with book.store.transaction(write=True) as session:
            insert_touches(session, touches, start)
        for name, outcome, at in closes:
            book.learning.close(name, outcome, at, primary="product")
    finally:
        book.close()


def test_backtest_scores_win_chance_on_the_teams_history(home: DataFolder, capsys) -> None:
    """Pass: on a history where busy deals are won, the back-test's JSON has each horizon's
    deals, Brier scores, skill above 0 and its bins; the text says heat beat the win rate;
    a horizon of 0 days is refused with one line; on a book with no closed deals it says
    there is not enough history."""
    code, out, _ = run(capsys, "backtest", "--json")
    assert code == 0 and json.loads(out)["horizons"] == []
    code, out, _ = run(capsys, "backtest")
    assert "Not enough history yet: 0 closed deals" in out
    _history(home)
    code, out, _ = run(capsys, "backtest", "--horizon", "1000", "--at", "2026-06-01T00:00:00+00:00")
    assert "Nothing to score: no closed deal was open that long" in out
    code, out, _ = run(capsys, "backtest", "--json", "--at", "2026-06-01T00:00:00+00:00")
    assert code == 0
    found = json.loads(out)
    assert [h["days"] for h in found["horizons"]] == [30, 60, 90]
    for horizon in found["horizons"]:
        assert horizon["deals"] > 0 and horizon["skill"] > 0
        assert horizon["brier"] < horizon["baseline_brier"]
        assert sum(b["count"] for b in horizon["bins"]) == horizon["deals"]
    half_life = found["half_life"]
    assert half_life["learned"] and half_life["fit"] in ("last_flare", "whole_history")
    assert "year's back-test scores it better" in half_life["reason"]
    code, out, _ = run(capsys, "backtest", "--horizon", "45", "--at", "2026-06-01T00:00:00+00:00")
    assert code == 0 and "beat the team's plain win rate" in out and "45 days" in out
    assert "Half-life in force:" in out
    code, _, err = run(capsys, "backtest", "--horizon", "0")
    assert code == 2 and "horizon" in err


def test_log_touch_also_with_credits_each_person_there(demo_home: DataFolder, capsys) -> None:
    """Pass: `log-touch W --kind meeting --contact A --also-with B` logs one meeting with both,
    and `coverage --json` credits each; a name not at the whale is refused by name."""
    whales = json.loads(run(capsys, "coverage", "--json")[1])["whales"]
    whale = next(
        w
        for w in whales
        if len(w["people"]) >= 2 and any(p["relationship_from_touches"] == 0 for p in w["people"])
    )
    second = next(p["name"] for p in whale["people"] if p["relationship_from_touches"] == 0)
    first = next(p["name"] for p in whale["people"] if p["name"] != second)
    code, _, err = run(
        capsys, "log-touch", whale["whale_id"], "--kind", "meeting", "--contact", first,
        "--also-with", second,
    )  # fmt: skip
    assert code == 0, err
    after = json.loads(run(capsys, "coverage", "--json")[1])["whales"]
    people = next(w for w in after if w["whale_id"] == whale["whale_id"])["people"]
    credited = {p["name"]: p["relationship_from_touches"] for p in people}
    assert credited[second] > 0 and credited[first] > 0  # never met before, now met
    code, _, err = run(
        capsys, "log-touch", whale["whale_id"], "--kind", "meeting", "--also-with", "Nobody Here"
    )
    assert code == 2 and "Nobody Here" in err and err.count("\n") == 1
