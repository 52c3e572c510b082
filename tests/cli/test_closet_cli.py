"""`warroom spring-clean`, `warroom hold` and `warroom rewarm` on the demo book: the closet
biggest first with what it holds; a held whale leaves it and Today's plans until its day; a
re-warmed one leaves it while the cadence runs."""

from __future__ import annotations

from warroom.paths import DataFolder

from .conftest import Cli

AT = "2026-11-23T15:00:00+00:00"


def _planned(cli: Cli, rep: str, day: str) -> set[str]:
    rows = cli.json("today", "--rep", rep, "--at", f"{day}T07:00:00+00:00")["rows"]
    return {row["whale"] for row in rows}


def test_the_closet_a_hold_and_a_rewarm(demo_home: DataFolder, cli: Cli) -> None:
    """Pass: the closet lists open deals cold for two half-lives or 90 days, biggest first,
    with their value; a hold takes one out of it and out of its owner's next plans, a lift
    brings it back; a re-warm enrols its people and takes it out while the cadence runs; a
    second re-warm and a hold without a reason are one clear line each."""
    report = cli.json("spring-clean", "--at", AT)
    deals = report["deals"]
    assert deals, "the demo book has cold deals"
    sizes = [d["amount"] for d in deals]
    assert sizes == sorted(sizes, reverse=True)
    assert sum(report["value"].values()) == sum(sizes)
    for deal in deals:
        assert deal["stage"] != "closed"
        assert "under the watermark" in deal["why"] or "warmed" in deal["why"]

    first = deals[0]
    owner = first["owner"]
    code, out, _ = cli.run(
        "hold", first["whale"], "--until", "2027-01-15", "--reason", "Budget in Q1",
        "--at", AT,
    )  # fmt: skip
    assert code == 0 and "Held" in out
    after = cli.json("spring-clean", "--at", AT)
    assert first["whale_id"] not in {d["whale_id"] for d in after["deals"]}
    assert after["holds"] == [
        {
            "whale": first["whale"],
            "whale_id": first["whale_id"],
            "held_on": "2026-11-23",
            "until": "2027-01-15",
            "reason": "Budget in Q1",
        }
    ]
    # Its owner's plans leave it out until its day, and take it again from then.
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        assert first["whale"] not in _planned(cli, owner, day)
    code, _, _ = cli.run("hold", first["whale"], "--lift", "--at", AT)
    assert code == 0
    assert first["whale_id"] in {
        d["whale_id"] for d in cli.json("spring-clean", "--at", AT)["deals"]
    }

    done = cli.json("rewarm", first["whale"], "--at", AT)
    assert done["enrolments"]
    after = cli.json("spring-clean", "--at", AT)
    assert first["whale"] in after["rewarming"]
    assert first["whale_id"] not in {d["whale_id"] for d in after["deals"]}
    code, _, err = cli.run("rewarm", first["whale"], "--at", AT)
    assert code == 2 and "in a cadence already" in err

    code, _, err = cli.run("hold", first["whale"], "--until", "2027-01-15", "--at", AT)
    assert code == 2 and "say until when and why" in err
    code, _, err = cli.run(
        "hold", first["whale"], "--until", "2026-11-01", "--reason", "x", "--at", AT
    )
    assert code == 2 and "a day after today" in err
    code, out, _ = cli.run("spring-clean", "--at", AT)
    assert "Being re-warmed" in out


def test_a_closed_deal_has_nothing_to_hold_and_a_held_one_is_not_rewarmed(
    demo_home: DataFolder, cli: Cli
) -> None:
    first = cli.json("spring-clean", "--at", AT)["deals"][0]["whale"]
    assert cli.run("hold", first, "--until", "2027-01-15", "--reason", "Budget", "--at", AT)[0] == 0
    code, _, err = cli.run("rewarm", first, "--at", AT)
    assert code == 2 and "on hold until 2027-01-15 (Budget): lift the hold first" in err
    code, out, _ = cli.run("hold", first, "--until", "2027-02-01", "--reason", "Later", "--at", AT)
    assert code == 0 and "(it was held until 2027-01-15: Budget)" in out
    code, _, err = cli.run(
        "close", first, "--outcome", "no_decision", "--reason", "timing_or_do_nothing"
    )
    assert code == 0, err
    assert cli.json("spring-clean", "--at", AT)["holds"] == []  # closing lifted it
    code, _, err = cli.run("hold", first, "--until", "2027-01-15", "--reason", "x", "--at", AT)
    assert code == 2 and "has no open deal: nothing to hold" in err
    code, _, err = cli.run("rewarm", first, "--at", AT)
    assert code == 2 and "has no open deal: nothing to re-warm" in err
