"""`warroom duplicates` and `warroom merge` on the demo book: a whale added twice is found,
merged (dry run first), and gone from the list; bad requests are one clear line."""

from __future__ import annotations

from warroom.paths import DataFolder

from .conftest import Cli


def test_a_whale_added_twice_is_found_and_merged(demo_home: DataFolder, cli: Cli) -> None:
    assert cli.json("duplicates") == {"whales": [], "people": []}
    original = next(w for w in cli.json("whales") if w["name"] == "Humongous Insurance")
    twin = cli.json("add-whale", "HUMONGOUS INSURANCE, Inc.", "--deal-size", "5000", "--anyway")
    code, _, _ = cli.run("stakeholder", twin["name"], "Ava Lindqvist", "--email", "a@h.com")
    assert code == 0
    [pair] = cli.json("duplicates")["whales"]
    assert (
        pair["keep"]["id"] == original["id"]
        and pair["why"] == "same name but for punctuation or legal form"
    )

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


def test_merge_refusals_and_a_dry_run_of_two_people(demo_home: DataFolder, cli: Cli) -> None:
    """Pass: a dry run of two people writes nothing; --take names a field by its label or
    is refused, in a dry run too; people at two whales are refused."""
    whale = cli.json("whales")[0]["name"]
    for name in ("Jon Smith", "John Smith"):
        assert cli.run("stakeholder", whale, name)[0] == 0
    [pair] = [p for p in cli.json("duplicates")["people"] if p["keep"]["whale"] == whale]
    keep, other = pair["keep"]["id"], pair["other"]["id"]
    plan = cli.json("merge", "--people", keep, other, "--dry-run")
    assert plan["dry_run"] and plan["other"]["id"] == other
    assert [p for p in cli.json("duplicates")["people"] if p["keep"]["whale"] == whale]
    done = cli.json("merge", "--people", keep, other)
    assert not done["dry_run"] and cli.json("duplicates")["people"] == []

    twin = cli.json("add-whale", f"{whale} Inc", "--deal-size", "1000", "--anyway")
    code, _, err = cli.run("merge", whale, twin["name"], "--take", "banana", "--dry-run")
    assert code == 2 and "cannot take banana" in err
    plan = cli.json("merge", whale, twin["name"], "--take", "Open deal", "--dry-run")
    assert plan["taken"] == ["deal"]
    others = cli.json("whales")[1]["name"]
    code, _, err = cli.run("stakeholder", others, "Ana Twin", "--email", "ana@x.com")
    assert code == 0
    cli.run("stakeholder", whale, "Ana Twin", "--email", "ana@x.com")
    people = {
        w["whale"]: {p["name"]: p["id"] for p in w["people"]}
        for w in cli.json("coverage")["whales"]
    }
    code, _, err = cli.run(
        "merge", "--people", people[whale]["Ana Twin"], people[others]["Ana Twin"]
    )
    assert code == 2 and "are at two whales" in err
