"""A whale deleted on one laptop while a teammate, not yet synced, works on it: the teammate's
later touch or deal change keeps the whale, on every laptop (README: "An edit made after a
delete keeps the whale"), whichever laptop syncs first."""

from __future__ import annotations

import pytest

from warroom.services.pipeline import Pipeline
from warroom.services.workspace import Workspace

from .conftest import Replica, Team, canonical


def _live(replica: Replica, whale_id: str) -> bool:
    rows = canonical(replica.store)["whales"]
    return next(row for row in rows if row["id"] == whale_id)["deleted_at"] is None


def _touches(replica: Replica, whale_id: str) -> int:
    return sum(1 for row in canonical(replica.store)["touches"] if row["whale_id"] == whale_id)


@pytest.mark.parametrize("deleter_syncs_first", [True, False])
def test_a_touch_and_a_deal_change_after_a_delete_keep_the_whale(
    team: Team, deleter_syncs_first: bool
) -> None:
    """Pass: Lead deletes Wingtip; Nina, unaware, logs a meeting and moves its stage a few
    seconds later; after syncing (in either order) the whale is live on both laptops, with
    the meeting and the stage, and both books are equal."""
    lead, nina = team.replica("Lead"), team.replica("Nina")
    whale = lead.book.add_whale("Wingtip Toys", lead.at, deal_size=900_000).value
    team.sync_all()
    Workspace(lead.store).set_whale_deleted(whale, True, lead.at)
    team.world.advance(8_000)
    nina.book.log_touch(whale, "meeting", nina.at, nina.at, note="walked the floor")
    Pipeline(nina.book).edit_deal(whale, nina.at, stage="discovery")
    order = (lead, nina) if deleter_syncs_first else (nina, lead)
    notices: dict[str, list[str]] = {"Lead": [], "Nina": []}
    for replica in (*order, *order):
        team.world.advance(10)
        notices[replica.name] += replica.sync_service().sync(team.shared).notices
    # The lead, who deleted it, is told it came back, and by whose work.
    assert any(n.startswith("Wingtip Toys") and "is back: Nina" in n for n in notices["Lead"])
    if deleter_syncs_first:  # Nina saw the delete land on her work
        assert (
            "Wingtip Toys is back: it was deleted on another laptop, and worked on after"
            in (notices["Nina"])
        )
    for replica in (lead, nina):
        assert _live(replica, whale), replica.name
        assert _touches(replica, whale) == 1
        deals = [row for row in canonical(replica.store)["deals"] if row["whale_id"] == whale]
        assert [deal["stage"] for deal in deals] == ["discovery"]
    assert canonical(lead.store) == canonical(nina.store)


def test_a_delete_after_the_edit_still_deletes(team: Team) -> None:
    """Pass: a touch logged before the delete (the deleter had seen it, or not) does not bring
    the whale back: the later act wins."""
    lead, nina = team.replica("Lead"), team.replica("Nina")
    whale = lead.book.add_whale("Wingtip Toys", lead.at).value
    team.sync_all()
    nina.book.log_touch(whale, "call_connected", nina.at, nina.at)
    team.world.advance(8_000)
    Workspace(lead.store).set_whale_deleted(whale, True, lead.at)
    team.sync_all(rounds=3)
    assert not _live(lead, whale) and not _live(nina, whale)
    assert canonical(lead.store) == canonical(nina.store)
