"""Moving a team from a shared folder to a team server and back: nothing lost, the same key,
and laptops syncing at the old place told where the team went."""

from __future__ import annotations

from pathlib import Path

import pytest

from warroom.domain.errors import BadInput
from warroom.services.segments import SyncError

from .conftest import Team, canonical


@pytest.mark.parametrize("transport", ["folder"], indirect=True)
def test_a_team_moves_to_a_server_and_back_without_losing_an_edit(team: Team, pg_url: str) -> None:
    """Pass: Ana moves the folder team to a server; Ben, syncing at the folder, is told where
    it went and refused (his edit kept); synced with the server once, he has everything and
    his edit reaches Ana. Then Ben moves it back to a new folder, and all three books agree,
    with no new recovery code anywhere."""
    ana, ben, cy = team.replica("Ana"), team.replica("Ben"), team.replica("Cy")
    for replica in (ana, ben, cy):
        replica.book.add_whale(f"{replica.name}'s whale", replica.at)
    team.sync_all()
    ana.book.add_whale("Ana, not yet synced", ana.at)
    ben.book.add_whale("Ben, during the move", ben.at)

    said = ana.sync_service().move_team(pg_url)
    assert said.startswith("moved ") and pg_url in said
    assert ana.sync_service().status().shared == pg_url
    with pytest.raises(SyncError, match="has moved to " + pg_url):
        ben.sync_service().sync(team.shared)
    for replica in (ana, ben, cy):
        replica.sync_service().sync(pg_url)
    ana.sync_service().sync()
    whales = {row["name"] for row in canonical(ana.store)["whales"]}
    assert {"Ana, not yet synced", "Ben, during the move", "Cy's whale"} <= whales
    assert canonical(ana.store) == canonical(ben.store) == canonical(cy.store)

    back = team.base / "New share"
    back.mkdir()
    ben.sync_service().move_team(back)
    cy.book.add_whale("Cy, after moving back", cy.at)
    with pytest.raises(SyncError, match="has moved to"):
        cy.sync_service().sync()
    for replica in (cy, ana, ben, cy):
        replica.sync_service().sync(back)
    assert canonical(ana.store) == canonical(ben.store) == canonical(cy.store)
    assert "Cy, after moving back" in {row["name"] for row in canonical(ben.store)["whales"]}


def test_a_move_to_a_place_holding_another_team_is_refused(team: Team, tmp_path: Path) -> None:
    """Pass: moving onto another team's folder is refused naming it, and the team stays
    where it was, syncing as before."""
    ana = team.replica("Ana")
    other = Team(tmp_path / "other")
    other.replica("Zed")
    with pytest.raises(BadInput, match="holds another team"):
        ana.sync_service().move_team(other.shared)
    ana.book.add_whale("Still here", ana.at)
    assert ana.sync_service().sync().published > 0
    other.close()
