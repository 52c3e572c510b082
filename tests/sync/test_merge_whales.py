"""Two reps write one company down offline; after a sync a third finds the pair and merges
them: every touch is kept exactly once (a deleted one stays deleted, one logged offline on the
merged whale follows it), the person both had is one, and three laptops converge."""

from __future__ import annotations

from warroom.services.duplicates import Duplicates
from warroom.services.people import People, PersonEdit
from warroom.services.sync import device_name
from warroom.services.workspace import Workspace
from warroom.store.changelog import set_state

from .conftest import Replica, Team, canonical


def _globex(replica: Replica, name: str, touches: int) -> str:
    whale = replica.book.add_whale(name, replica.at, deal_size=500_000).value
    People(replica.book).save(whale, "Dana Reyes", PersonEdit(email="dana@globex.com"), replica.at)
    People(replica.book).save(whale, f"{replica.name} Contact", PersonEdit(), replica.at)
    for _ in range(touches):
        replica.book.log_touch(whale, "meeting", replica.at, replica.at, contact="Dana Reyes")
        replica.world.advance(60_000)
    return whale


def test_a_merge_of_whales_two_reps_made_offline_converges_on_three_laptops(team: Team) -> None:
    ana, ben, cy = team.replica("Ana"), team.replica("Ben"), team.replica("Cy")
    first = _globex(ana, "Globex", 3)
    second = _globex(ben, "Globex Corp.", 3)
    dropped = ben.book.log_touch(second, "call_attempt", ben.at, ben.at).value.id
    Workspace(ben.store).set_touch_deleted(dropped, True, ben.at)
    team.sync_all()
    found = Duplicates(cy.book).find()
    [pair] = found.whales
    assert {pair.keep.id, pair.other.id} == {first, second} and pair.keep.id == first
    before = canonical(cy.store)
    touch_ids = {t["id"] for t in before["touches"] if t["deleted_at"] is None}
    assert len(touch_ids) == 6

    plan = Duplicates(cy.book).merge(pair.keep.id, pair.other.id, cy.at).value
    assert plan.people == (("Dana Reyes", "Dana Reyes"),)
    # Meanwhile Ana, offline, logs a touch on the whale being merged away: it follows.
    late = ana.book.log_touch(second, "call_connected", ana.at, ana.at).value.id
    touch_ids.add(late)
    team.world.advance(60_000)
    team.sync_all(rounds=3)

    dumps = [canonical(r.store) for r in (ana, ben, cy)]
    assert dumps[0] == dumps[1] == dumps[2]
    dump = dumps[0]
    live_whales = [w for w in dump["whales"] if w["deleted_at"] is None]
    assert [w["id"] for w in live_whales] == [first]
    touches = [t for t in dump["touches"] if t["deleted_at"] is None]
    assert sorted(t["id"] for t in touches) == sorted(touch_ids)  # each exactly once
    assert {t["whale_id"] for t in touches} == {first}
    assert [w["merged_into"] for w in dump["whales"] if w["id"] == second] == [first]
    # A touch deleted before the merge stays deleted (moving it would bring it back).
    assert [t["deleted_at"] is not None for t in dump["touches"] if t["id"] == dropped] == [True]
    people = [p for p in dump["stakeholders"] if p["deleted_at"] is None]
    dana = [p for p in people if p["name"] == "Dana Reyes"]
    with_dana = {t["stakeholder_id"] for t in touches if t["id"] != late}
    assert len(dana) == 1 and with_dana == {dana[0]["id"]}
    assert sorted(p["name"] for p in people) == ["Ana Contact", "Ben Contact", "Dana Reyes"]
    assert Duplicates(ana.book).find().whales == ()


def test_a_rep_who_joined_before_saying_who_they_are_is_named_from_their_next_publish(
    team: Team,
) -> None:
    """Pass: Ben's laptop joined before 'warroom me' (named by its computer alone); once he
    says who he is, his next publish names him to the others."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    with ben.store.transaction(write=True) as session:  # as joined before 'warroom me'
        set_state(session.connection(), "device_name", device_name(""))
    ben.book.add_whale("Initech", ben.at)
    team.sync_all()
    names = {d.name for d in ana.sync_service().status().devices}
    assert any(name.startswith("Ben on ") for name in names), names
