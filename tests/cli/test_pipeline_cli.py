"""`warroom deal`, `warroom pipeline` and `warroom stakeholder` on a demo book: the history
kept with who and when, what moved since a day, and people added, reporting and leaving."""

from __future__ import annotations

from warroom.paths import DataFolder

from .conftest import Cli

WHALE = "Coho Winery Holdings"


def test_a_deal_keeps_its_history_and_the_pipeline_says_what_moved(
    demo_home: DataFolder, cli: Cli
) -> None:
    """Pass: three pushes since the day, an amount cut and a stage step back are each kept
    with who and when; the pipeline since that day counts them and flags the deal; a
    closing through 'warroom close' is kept as a stage change; bad input is one line."""
    name = next(w["name"] for w in cli.json("whales") if w["stage"] not in ("closed", "identified"))
    cli.json("deal", name, "--close-date", "2026-12-15", "--at", "2026-11-10T10:00:00+00:00")
    for day, close in (("17", "2027-01-15"), ("18", "2027-02-15"), ("19", "2027-03-15")):
        cli.json("deal", name, "--close-date", close, "--at", f"2026-11-{day}T10:00:00+00:00")
    found = cli.json(
        "deal",
        name,
        "--amount",
        "250k",
        "--stage",
        "identified",
        "--at",
        "2026-11-20T10:00:00+00:00",
    )
    assert found["deal"]["close_date"] == "2027-03-15" and found["deal"]["amount"] == 250_000
    fields = [(c["field"], c["to"]) for c in found["history"]]
    assert fields[:4] == [
        ("close_date", "2026-12-15"),
        ("close_date", "2027-01-15"),
        ("close_date", "2027-02-15"),
        ("close_date", "2027-03-15"),
    ]
    assert {"amount", "stage"} <= {c["field"] for c in found["history"]}
    assert all(c["by"] for c in found["history"])  # this laptop's rep
    moved = cli.json("pipeline", "--since", "2026-11-16", "--at", "2026-11-23T15:00:00+00:00")
    row = next(r for r in moved["whales"] if r["whale"] == name)
    assert (row["pushes"], row["pushed_days"], row["flagged"]) == (3, 90, True)
    assert row["amount_change"] < 0 and row["stage_to"] == "identified"
    assert row["stage_went"] == "back" and row["slipped"] is False
    code, out, _ = cli.run("pipeline", "--since", "2026-11-16", "--at", "2026-11-23T15:00:00+00:00")
    assert code == 0 and "close date pushed 3 times by 90 days" in out and "FLAG" in out
    code, _, err = cli.run("deal", name, "--close-date", "31/03/2027")
    assert code == 2 and "is not a date" in err
    code, _, err = cli.run("deal", name)
    assert code == 0
    code, _, err = cli.run("deal", name, "--amount", "-5")
    assert code == 2 and err.count("\n") == 1


def test_a_stakeholder_is_added_reports_and_leaves_for_another_whale(
    demo_home: DataFolder, cli: Cli
) -> None:
    """Pass: a new person is added with title, role and email; another reports to them; one
    who leaves for another of our whales raises a 'champion moved in' trigger there with
    what we did together; a boss nobody knows is one line."""
    whales = [w["name"] for w in cli.json("whales")]
    here, there = WHALE if WHALE in whales else whales[0], whales[-1]
    maya = cli.json(
        "stakeholder",
        here,
        "Maya Singh",
        "--title",
        "CFO",
        "--role",
        "economic_buyer",
        "--email",
        "maya@example.com",
        "--influence",
        "5",
    )
    assert maya["added"] and maya["role"] == "economic_buyer" and maya["influence"] == 5
    ravi = cli.json("stakeholder", here, "Ravi Menon", "--reports-to", "maya singh")
    assert ravi["reports_to_id"] == maya["id"]
    # A role as a seller writes it; a role that is none says which are.
    assert cli.json("stakeholder", here, "Ravi Menon", "--role", "Economic Buyer")["changed"]
    code, _, err = cli.run("stakeholder", here, "Ravi Menon", "--role", "boss")
    assert code == 2 and "economic buyer" in err and err.count("\n") == 1
    # Enough of a name finds the person, as for whales; asking for what is so writes nothing.
    again = cli.json("stakeholder", here, "Ravi Menon", "--reports-to", "Maya")
    assert again["reports_to_id"] == maya["id"] and not again["changed"]
    code, out, _ = cli.run("stakeholder", here, "Ravi Menon", "--reports-to", "may")
    assert code == 0 and "no change" in out
    gone = cli.json(
        "stakeholder",
        here,
        "Maya Singh",
        "--left",
        "--now-at",
        there,
        "--at",
        "2026-11-23T15:00:00+00:00",
    )
    assert not gone["added"] and gone["left_on"] == "2026-11-23" and gone["moved_in_trigger"]
    feed = cli.json("triggers", "--days", "3650")
    moved = [t for t in feed if t["id"] == gone["moved_in_trigger"]]
    assert moved and moved[0]["whale"] == there and "Maya Singh" in moved[0]["note"]
    code, _, err = cli.run("stakeholder", here, "Ravi Menon", "--reports-to", "Nobody Known")
    assert code == 2 and "no stakeholder named 'Nobody Known'" in err
    found = cli.json("coverage", "--at", "2026-11-23T15:00:00+00:00")
    rows = {w["whale"]: w for w in found["whales"]}
    assert set(rows) == set(whales)
    people = {p["name"]: p for p in rows[here]["people"]}
    assert people["Ravi Menon"]["reports_to_id"] == maya["id"]
    assert people["Maya Singh"]["left_on"] == "2026-11-23"
    assert all(0 <= p["relationship_from_touches"] <= 5 for p in people.values())
    champions = [p for p in people.values() if p["role"] == "champion" and not p["left_on"]]
    assert ("no champion" in rows[here]["gaps"]) == (not champions)
    # The listing reads the gaps in SQL, the JSON from every person: they say the same.
    code, out, _ = cli.run("coverage", "--at", "2026-11-23T15:00:00+00:00")
    gapped = [w for w in found["whales"] if w["gaps"]]
    assert code == 0 and out.splitlines() == [
        f"{len(gapped)} whale{'s' if len(gapped) != 1 else ''} of {len(rows)} with a coverage gap:",
        *(f"  {w['whale']}: {'; '.join(w['gaps'])}" for w in gapped),
    ]


def test_dates_and_moves_that_cannot_be_are_refused_by_name(
    demo_home: DataFolder, cli: Cli
) -> None:
    """Pass: a close date ten thousand years out, a change dated tomorrow, someone leaving
    for the whale they are at, a feed of -3 days and the pipeline since a day to come (it
    answered "0 whales moved") are each one line and exit 2."""
    name = next(w["name"] for w in cli.json("whales") if w["stage"] != "closed")
    code, _, err = cli.run("deal", name, "--close-date", "9999-12-31")
    assert code == 2 and "out of range" in err
    code, _, err = cli.run("deal", name, "--close-date", "2027-03-31", "--at", "2099-01-01")
    assert code == 2 and "in the future" in err
    code, _, err = cli.run("stakeholder", name, "Dana Reyes", "--left", "--now-at", name)
    assert code == 2 and "already" in err
    code, _, err = cli.run("triggers", "--days", "-3")
    assert code == 2 and "above 0" in err
    code, _, err = cli.run("pipeline", "--since", "2099-01-01")
    assert code == 2 and "2099-01-01 is after" in err and err.count("\n") == 1


def test_a_company_someone_left_for_becomes_a_whale_and_hears_of_it(
    demo_home: DataFolder, cli: Cli
) -> None:
    """Pass: leaving for a company that is no whale of ours logs no trigger; once that
    company is added as a whale, a 'champion moved in' trigger is there, saying who and
    what we did together."""
    here = cli.json("whales")[0]["name"]
    gone = cli.json("stakeholder", here, "Ines Moreau", "--left", "--now-at", "Initech Global")
    assert gone["moved_in_trigger"] is None
    code, _, err = cli.run("add-whale", "Initech Global")
    assert code == 0, err
    feed = cli.json("triggers", "--days", "3650")
    moved = [t for t in feed if t["whale"] == "Initech Global"]
    assert [t["kind"] for t in moved] == ["champion_moved_in"]
    assert "Ines Moreau" in moved[0]["note"] and here in moved[0]["note"]


def test_loops_in_the_org_chart_are_refused_and_a_near_whale_is_suggested(
    demo_home: DataFolder, cli: Cli
) -> None:
    whales = [w["name"] for w in cli.json("whales")]
    here, there = whales[0], whales[1]
    cli.run("stakeholder", here, "Kenji Watanabe")
    assert cli.run("stakeholder", here, "Hannah Weiss", "--reports-to", "Kenji")[0] == 0
    code, _, err = cli.run("stakeholder", here, "Kenji Watanabe", "--reports-to", "Hannah")
    assert code == 2 and "Hannah Weiss reports to Kenji Watanabe already" in err
    partial = there.split()[0]
    gone = cli.json("stakeholder", here, "Kenji Watanabe", "--left", "--now-at", partial)
    assert gone["moved_in_trigger"] is None and there in gone["did_you_mean"]


def test_the_command_line_keeps_the_reps_day_not_the_laptops(
    demo_home: DataFolder, cli: Cli
) -> None:
    """Pass: on a laptop set to UTC, a rep in New York who moves a close date at 21:00 their
    time sees it on their own day in the history, and `whales` shows a call made then
    and its last touch on that day too, as `today` and the app count it, not a day ahead."""
    assert cli.json("me")["timezone"] == "America/New_York"
    evening = "2026-11-24T02:00:00+00:00"  # Monday 23 November, 21:00 in New York
    cli.json("deal", WHALE, "--close-date", "2027-03-31", "--at", evening)
    code, out, _ = cli.run("deal", WHALE)
    assert code == 0 and "2026-11-23" in out.splitlines()[-1]
    cli.run("log-touch", WHALE, "--kind", "call_connected", "--at", evening)
    code, out, _ = cli.run("whales", "--at", evening)
    row = next(line for line in out.splitlines() if line.startswith(WHALE))
    assert code == 0 and row.endswith("2026-11-23")
    # What the rep types is the rep's own time and day too.
    typed = cli.json("log-touch", WHALE, "--kind", "email_sent", "--at", "2026-11-23 10:00")
    assert typed["occurred_at"].startswith("2026-11-23T15:00")  # 10:00 in New York
    assert cli.json("today", "--date", "2026-11-24")["date"] == "2026-11-24"


def test_a_closed_whale_reads_as_closed_not_as_sinking(demo_home: DataFolder, cli: Cli) -> None:
    """Pass: once its deal is closed won, a whale stands as "deal closed" with no weight in
    the pipeline, in `whales` as in its JSON."""
    open_deal = next(w for w in cli.json("whales") if w["stage"] not in ("closed",))
    code, _, _ = cli.run("close", open_deal["name"], "--outcome", "won", "--reason", "relationship")
    assert code == 0
    row = next(w for w in cli.json("whales") if w["id"] == open_deal["id"])
    assert (row["standing"], row["weighted_value"], row["sinking"]) == ("deal closed", 0, False)
    code, out, _ = cli.run("whales")
    assert "deal closed" in next(
        line for line in out.splitlines() if open_deal["name"][:28] in line
    )
