"""The sync in steps: the shared folder is read and opened in the steps it yields (which an
app runs on another thread), the book is used only between them, and a backlog comes in rounds."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from unittest.mock import patch

from tests.sync.conftest import Team, canonical
from warroom.domain.changes import ANY
from warroom.services import segments, sync_pull


def _busy_day(team: Team, names: tuple[str, ...], days: int) -> None:
    """Each laptop adds and touches whales, syncing (publishing a file) every day."""
    for day in range(days):
        for replica in team.replicas:
            if replica.name in names:
                whale = replica.book.add_whale(f"{replica.name} {day}", replica.at).value
                replica.book.log_touch(whale, "meeting", replica.at, replica.at)
                team.world.advance(60_000)
                replica.sync_service().sync(team.shared)


def test_files_are_read_and_opened_only_in_the_steps_it_yields(team: Team) -> None:
    """Pass: driving Sync.steps with each step run on another thread, every file of another
    laptop is opened on that thread, no transaction is open on the book's thread while a step
    runs, and the book ends as a plain sync leaves it."""
    lead, ana, ben = (team.replica(name) for name in ("Lead", "Ana", "Ben"))
    _busy_day(team, ("Ana", "Ben"), 3)
    opened_on: list[str] = []
    opener = segments.open_segment

    def open_noting(data, *, team, device, seq, keys):  # type: ignore[no-untyped-def]
        if device != lead.sync_service().status().device:
            opened_on.append(threading.current_thread().name)
        return opener(data, team=team, device=device, seq=seq, keys=keys)

    steps = lead.sync_service().steps(team.shared)
    with (
        patch.object(segments, "open_segment", open_noting),
        ThreadPoolExecutor(1, thread_name_prefix="share") as share,
    ):
        try:
            work = next(steps)
            while True:
                assert getattr(lead.store._local, "session", None) is None
                work = steps.send(share.submit(work).result())
        except StopIteration as finished:
            report = finished.value
    assert report.segments_applied == 6
    # The views are told which whales came in, not "the whole book".
    assert len(report.changes.whales) == 6 and ANY not in report.changes.whales
    assert not report.changes.book
    assert opened_on and all(name.startswith("share") for name in opened_on)
    ana.sync_service().sync(team.shared)
    ben.sync_service().sync(team.shared)
    lead.sync_service().sync(team.shared)
    assert canonical(lead.store) == canonical(ana.store) == canonical(ben.store)


def test_a_backlog_is_read_in_rounds_and_all_of_it_applies(team: Team) -> None:
    """Pass: with room for one file per round, a new laptop still applies every file of two
    laptops, in order, and has their whole ocean."""
    team.replica("Lead")
    team.replica("Ana")
    _busy_day(team, ("Lead", "Ana"), 4)
    late = team.replica("Ben")
    rounds: list[int] = []
    fetch = sync_pull.fetch

    def one_round(run, wanted):  # type: ignore[no-untyped-def]
        found = fetch(run, wanted)
        rounds.append(len(found))
        return found

    with (
        patch.object(sync_pull, "FETCH_BYTES", 1),
        patch("warroom.services.sync.fetch", one_round),
    ):
        report = late.sync_service().sync(team.shared)
    assert report.segments_applied >= 8 and rounds and set(rounds) == {1}
    assert len(rounds) >= report.segments_applied
    assert len(canonical(late.store)["whales"]) == 8
