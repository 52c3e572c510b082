"""`warroom duplicates` and `warroom merge` on the demo book: a whale added twice is found,
merged (dry run first), and gone from the list; bad requests are one clear line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from warroom.cli import main
from warroom.paths import DataFolder


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code, out, err = _run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_whale_added_twice_is_found_and_merged(
    demo_home: DataFolder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _json(capsys, "duplicates") == {"whales": [], "people": []}
    original = next(w for w in _json(capsys, "whales") if w["name"] == "Humongous Insurance")
    twin = _json(capsys, "add-whale", "HUMONGOUS INSURANCE, Inc.", "--deal-size", "5000")
    code, _, _ = _run(capsys, "stakeholder", twin["name"], "Ava Lindqvist", "--email", "a@h.com")
    assert code == 0
    [pair] = _json(capsys, "duplicates")["whales"]
    assert pair["keep"]["id"] == original["id"] and pair["why"] == "same name"

    plan = _json(capsys, "merge", original["id"], twin["id"], "--dry-run")
    assert plan["dry_run"] and plan["people_folded"] == [
        {"keep": "Ava Lindqvist", "other": "Ava Lindqvist"}
    ]
    assert {d["field"] for d in plan["differing"]} >= {"name"}
    assert len(_json(capsys, "whales")) == 61  # a dry run writes nothing

    code, out, _ = _run(capsys, "merge", original["id"], twin["id"], "--take", "name")
    assert code == 0 and out.startswith("Merged HUMONGOUS INSURANCE, Inc. into Humongous")
    names = [w["name"] for w in _json(capsys, "whales")]
    assert len(names) == 60 and "HUMONGOUS INSURANCE, Inc." in names
    assert _json(capsys, "duplicates") == {"whales": [], "people": []}

    code, _, err = _run(capsys, "merge", names[0], names[0])
    assert code == 2 and "into itself" in err
    code, _, err = _run(capsys, "merge", names[0], names[1], "--take", "notes")
    assert code == 2 and "cannot take notes" in err
    code, _, err = _run(capsys, "merge", "--people", "nobody", "nobody-else")
    assert code == 2 and "no stakeholder" in err
