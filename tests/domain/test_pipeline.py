"""What moved since a day, from a deal's kept history: pushes, pull-ins, slips, amount and
stage, new and closed deals, the flag for a deal pushed three times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.pipeline import DealChange, DealNow, moved_since, moved_words

SINCE = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def _deal(deal_id: str = "d1", whale: str = "Coho", **kwargs: object) -> DealNow:
    values: dict[str, object] = {
        "size": 500_000,
        "stage": "proposal",
        "close_on": date(2027, 3, 31),
        "opened_on": date(2026, 1, 5),
        "closed_on": None,
        "outcome": None,
    }
    values.update(kwargs)
    return DealNow(deal_id, f"w-{whale}", whale, **values)  # type: ignore[arg-type]


def _change(field: str, before: str, after: str, days_after_since: float = 1) -> DealChange:
    at = SINCE + timedelta(days=days_after_since)
    return DealChange("d1", "rep-1", at, field, before, after)


@given(
    st.lists(
        st.tuples(st.integers(-60, 90), st.floats(-20, 6, allow_nan=False)), min_size=1, max_size=8
    )
)
def test_pushes_and_pull_ins_add_up_to_how_far_the_date_moved(moves) -> None:
    """Pass: over any sequence of close-date moves, those since the day are counted once
    each, as a push (later) or a pull-in (earlier); pushed minus pulled days is how far the
    date moved since; the deal is flagged once pushed three times in its life."""
    day = date(2028, 6, 1)  # never past, whatever the moves (8 x -60 days at most): no slip
    changes = []
    for number, (shift, when) in enumerate(sorted(moves, key=lambda m: m[1])):
        after = day + timedelta(days=shift)
        at = SINCE + timedelta(days=when, seconds=number)
        changes.append(DealChange("d1", None, at, "close_on", day.isoformat(), after.isoformat()))
        day = after
    rows = moved_since([_deal(close_on=day)], changes, SINCE, TODAY)
    recent = [c for c in changes if c.changed_at >= SINCE]
    shifts = [(date.fromisoformat(c.after) - date.fromisoformat(c.before)).days for c in recent]
    ever = sum(1 for c in changes if date.fromisoformat(c.after) > date.fromisoformat(c.before))
    if not any(shifts):
        assert rows == []
        return
    (row,) = rows
    assert row.pushes == sum(1 for s in shifts if s > 0)
    assert row.pulled_in == sum(1 for s in shifts if s < 0)
    assert row.pushed_days - row.pulled_days == sum(shifts)
    assert row.flagged == (ever >= 3)


def test_amount_stage_slip_new_and_closed() -> None:
    """Pass: the amount's net change, the stage from before the first change to after the
    last (and which way), a slipped open deal, a new deal and a closed one."""
    changes = [
        _change("size", "500000", "650000"),
        _change("size", "650000", "400000", 2),
        _change("stage", "proposal", "negotiation", 1),
        _change("stage", "negotiation", "discovery", 3),
        _change("close_on", "", "2026-11-20", 2),  # set, not moved: no push
    ]
    slipped = _deal(close_on=date(2026, 11, 20), size=400_000, stage="discovery")
    new = _deal("d2", "Globex", opened_on=date(2026, 11, 18))
    closed = _deal("d3", "Initech", closed_on=date(2026, 11, 19), outcome="lost", stage="closed")
    quiet = _deal("d4", "Umbrella")
    rows = {m.whale: m for m in moved_since([slipped, new, closed, quiet], changes, SINCE, TODAY)}
    coho = rows["Coho"]
    assert (coho.amount_change, coho.stage_from, coho.stage_to) == (
        -100_000,
        "proposal",
        "discovery",
    )
    assert coho.stage_went == "back" and coho.slipped and coho.pushes == 0
    assert rows["Globex"].opened == 1 and rows["Initech"].closed == ("lost",)
    assert "Umbrella" not in rows
    assert moved_words(rows["Initech"]) == "a deal closed lost"  # not the new one, if any


def test_changes_made_at_once_on_three_laptops_read_from_before_to_what_it_is() -> None:
    """Pass: three laptops change the amount and the stage at once, each from what it saw
    (4,710,000, proposal); the one kept stands. The move is from before to what stands (up
    490,000, to negotiation), not the sum of the three steps (down 230,000)."""
    changes = [
        _change("size", "4710000", "5200000", 1),
        _change("size", "4710000", "3900000", 1.01),
        _change("size", "4710000", "4800000", 1.02),
        _change("stage", "proposal", "negotiation", 1),
        _change("stage", "proposal", "discovery", 1.01),
    ]
    (row,) = moved_since([_deal(size=5_200_000, stage="negotiation")], changes, SINCE, TODAY)
    assert (row.amount_change, row.stage_from, row.stage_to) == (490_000, "proposal", "negotiation")
    assert "amount up 490,000" in moved_words(row)


def test_what_moved_before_the_day_does_not_count() -> None:
    early = _change("close_on", "2027-01-31", "2027-03-31", -3)
    assert moved_since([_deal()], [early], SINCE, TODAY) == []
