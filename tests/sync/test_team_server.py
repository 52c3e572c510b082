"""What only a team server does: a connection dropped mid-publish, a resend after a lost
answer, reading by device and number, and a NOTIFY with each publish."""

from __future__ import annotations

import psycopg
import pytest

from warroom.services.segments import SyncError
from warroom.services.server_passwords import split_password
from warroom.services.team_keys import MemoryKeyring
from warroom.services.transport_pg import ServerTransport, channel

from .conftest import Team, canonical

SERVER = pytest.mark.parametrize("transport", ["postgres"], indirect=True)


def _drop_connections(url: str) -> None:
    """What a network cut does to the app's session: the server ends it."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = 'warroom' AND datname = current_database()"
        )


@SERVER
def test_a_connection_dropped_mid_publish_is_tried_again_once(team: Team) -> None:
    """Pass: the connection cut after the INSERT, before its COMMIT, is reopened and the
    segment sent again: one segment on the server, and the other laptop gets the edit."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    ana.book.add_whale("Acme", ana.at)
    cuts: list[str] = []

    def cut_once(name: str) -> None:
        if name == "flush" and not cuts:
            cuts.append(name)
            _drop_connections(str(team.shared))

    assert ana.sync_service(step=cut_once).sync(team.shared).published > 0
    assert cuts and team.share.seqs(team.device(ana)) == [1]
    ben.sync_service().sync(team.shared)
    assert canonical(ben.store)["whales"] == canonical(ana.store)["whales"]


@SERVER
def test_a_connection_that_keeps_dropping_loses_nothing(team: Team) -> None:
    """Pass: cut at every try, the sync stops with one message naming the server; nothing is
    on the server, the book is unchanged, and the next sync publishes it all."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    ana.book.add_whale("Acme", ana.at)
    before = canonical(ana.store)

    def cut(name: str) -> None:
        if name == "flush":
            _drop_connections(str(team.shared))

    with pytest.raises(SyncError, match="cannot reach the team server"):
        ana.sync_service(step=cut).sync(team.shared)
    assert team.share.seqs(team.device(ana)) == []
    assert canonical(ana.store) == before
    team.sync_all()
    assert canonical(ben.store)["whales"] == before["whales"]


@SERVER
def test_a_resend_is_harmless_and_a_different_segment_is_refused(team: Team) -> None:
    """Pass: publishing the same bytes under a taken number again changes nothing (an answer
    was lost); other bytes under it are refused, naming another copy of the book."""
    ana = team.replica("Ana")
    ana.book.add_whale("Acme", ana.at)
    ana.sync_service().sync(team.shared)
    device = team.device(ana)
    sent = team.share.get(device, 1)
    server = ServerTransport.open(str(team.shared), MemoryKeyring())
    try:
        server.read_team()
        server.publish(device, 1, sent, lambda _step: None)
        with pytest.raises(SyncError, match="another copy of this book"):
            server.publish(device, 1, sent + b"x", lambda _step: None)
    finally:
        server.close()
    assert team.share.get(device, 1) == sent


@SERVER
def test_a_sync_asks_only_for_what_it_has_not_applied(team: Team) -> None:
    """Pass: once Ben applied Ana's segments 1 and 2, the server lists only her third."""
    ana, ben = team.replica("Ana"), team.replica("Ben")
    for name in ("Acme", "Globex"):
        ana.book.add_whale(name, ana.at)
        ana.sync_service().sync(team.shared)
    ben.sync_service().sync(team.shared)
    ana.book.add_whale("Initech", ana.at)
    ana.sync_service().sync(team.shared)
    server = ServerTransport.open(str(team.shared), MemoryKeyring())
    try:
        server.read_team()
        device = team.device(ana)
        assert server.listing(team.device(ben), {device: 2}) == {device: {3}}
        assert server.listing(team.device(ben), {device: 3}) == {}
    finally:
        server.close()


@SERVER
def test_each_publish_notifies_the_team_channel(team: Team) -> None:
    """Pass: a laptop listening on the team's channel hears Ana's segment, by device and
    number, when her sync commits it."""
    ana = team.replica("Ana")
    with psycopg.connect(str(team.shared), autocommit=True) as listener:
        team_id = ana.sync_service().status().team
        listener.execute(f"LISTEN {channel(team_id)}")
        ana.book.add_whale("Acme", ana.at)
        ana.sync_service().sync(team.shared)
        heard = [n.payload for n in listener.notifies(timeout=5, stop_after=1)]
    assert heard == [f"{team.device(ana)}:1"]


@pytest.mark.parametrize(
    ("given", "kept", "password"),
    [
        ("postgresql://rep@db.example.com/sales", "postgresql://rep@db.example.com/sales", None),
        (
            "postgresql://rep:p%40ss@db:5433/sales?sslmode=require",
            "postgresql://rep@db:5433/sales?sslmode=require",
            "p@ss",
        ),
        (
            "postgresql://rep@db/sales?sslmode=verify-full&password=s3cret",
            "postgresql://rep@db/sales?sslmode=verify-full",
            "s3cret",
        ),
        ("postgres://a:b@h1:5432,h2:5433/db", "postgres://a@h1:5432,h2:5433/db", "b"),
    ],
)
def test_a_password_never_stays_in_the_url_the_book_keeps(
    given: str, kept: str, password: str | None
) -> None:
    """Pass: a password in the user part or as a `password=` option is taken out; the other
    options (sslmode) and several hosts stay as given."""
    assert split_password(given) == (kept, password)
