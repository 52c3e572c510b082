"""`warroom duplicates` and `warroom merge` on the demo book: a whale added twice is found,
merged (dry run first), and gone from the list; bad requests are one clear line."""

from __future__ import annotations

from warroom.paths import DataFolder

from .conftest import Cli


def test_a_whale_added_twice_is_found_and_merged(demo_home: DataFolder, cli: Cli) -> None:
    assert cli.json("duplicates") == {"whales": [], "people": []}
    original = next(w for w in cli.json("whales") if w["name"] == "Humongous Insurance")
    twin = cli.json("add-whale", "HUMONGOUS INSURANCE, Inc.", "--deal-size", "5000")
    code, _, _ = cli.run("stakeholder", twin["name"], "Ava Lindqvist", "--email", "a@h.com")
    assert code == 0
    [pair] = cli.json("duplicates")["whales"]
    assert pair["keep"]["id"] == original["id"] and pair["why"] == "same name"

    plan = cli.json("merge", original["id"], twin["id"], "--dry-run")
    assert plan["dry_run"] and plan["people_folded"] == [
        {"keep": "Ava Lindqvist", "other": "Ava Lindqvist"}
    ]
    assert {d["field"] for d in plan["differing"]} >= {"name"}
    assert len(cli.json("whales")) == 61  # a dry run writes nothing

    code, out, _ = cli.run("merge", original["id"], twin["id"], "--take", "name")
    assert code == 0 and out.startswith("Merged HUMONGOUS INSURANCE, Inc. into Humongous")
    names = [w["name"] for w in cli.json("whales")]
    assert len(names) == 60 and "HUMONGOUS INSURANCE, Inc." in names
    assert cli.json("duplicates") == {"whales": [], "people": []}

    code, _, err = cli.run("merge", names[0], names[0])
    assert code == 2 and "into itself" in err
    code, _, err = cli.run("merge", names[0], names[1], "--take", "notes")
    assert code == 2 and "cannot take notes" in err
    code, _, err = cli.run("merge", "--people", "nobody", "nobody-else")
    assert code == 2 and "no stakeholder" in err
