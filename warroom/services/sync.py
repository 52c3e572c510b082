"""Team sync through a shared folder: create or join a team, then publish and apply segments.

Each laptop writes only its own immutable segment files and reads everyone else's (see
`segments` for the files and `domain.merge` for how writes land). A sync reads what is new,
applies each segment in one transaction with the record of having applied it, then publishes
this laptop's unpublished edits. Anything wrong with one file sets that file aside and names
its device; anything wrong with the folder or the key stops with one message, changing nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput
from warroom.services import segments
from warroom.services.segments import Step, SyncError, Team
from warroom.services.sync_publish import check_own_files, former_devices, publish
from warroom.services.sync_pull import Pull, fetch, list_share
from warroom.services.sync_run import DeviceSeen, Progress, Run
from warroom.services.sync_run import SyncReport as SyncReport
from warroom.services.sync_run import device_name as device_name
from warroom.services.team_keys import TeamKeys
from warroom.services.time_server import system_clock_synced
from warroom.services.transport import Location, Transport, open_transport
from warroom.store import sync_log, whale_merge
from warroom.store.changelog import now_ms, set_state, state
from warroom.store.db import Connection, Store
from warroom.store.locks import exclusive
from warroom.store.sync_log import Conflict as Conflict


@dataclass(frozen=True)
class Moving:
    """A team's move asked for: the team, where it syncs now (as the book keeps it), and
    where to."""

    team_id: str
    source: str
    dest: Location


@dataclass(frozen=True)
class SyncStatus:
    joined: bool
    team: str
    device: str
    device_name: str
    shared: str
    last_sync: str
    devices: list[DeviceSeen]
    conflicts: int
    quarantined: list[sync_log.Quarantined]


ShareWork = Callable[[], Any]  # work on the share (folder or server) alone, yielded by Sync.steps

SYNCING = "another War Room is syncing this book right now; try again when it is done"


class Sync:
    """The team-sync use cases over one open book."""

    def __init__(
        self,
        store: Store,
        keys: TeamKeys,
        data_root: Path,
        *,
        clock_ms: Callable[[], int] = now_ms,
        share_clock_ms: Callable[[Transport, str], int] | None = None,
        time_synced: Callable[[], bool | None] = system_clock_synced,
        step: Step = lambda _stage: None,
    ) -> None:
        self.store = store
        self.time_synced = time_synced
        self.share_clock_ms = share_clock_ms or (
            lambda transport, device: transport.clock_ms(device)
        )
        self.keys = keys
        self.data_root = data_root
        self.clock_ms = clock_ms
        self.step = step

    # --- joining ----------------------------------------------------------------------------

    def create_team(self, shared: Location, device_name: str) -> str:
        """Make `shared` (a folder, or a team server's database) a team with a new key;
        returns the recovery code to hand out."""
        self._refuse_second_team(None)
        key = segments.new_key()
        key_id = segments.key_id(key)
        team_id = secrets.token_hex(16)
        team = Team(team_id, {key_id: segments.key_check(key, team_id)}, key_id)
        with self._opened(shared) as transport:
            transport.check_free()  # before the keyring is asked (it may ask a passphrase)
            self.keys.add(team_id, key_id, key)
            transport.create_team(team)
            self._join(team, transport.location, device_name)
        return segments.recovery_code(key)

    def join_team(self, shared: Location, code: str, device_name: str) -> str:
        """Join the team in `shared` with a recovery code (again, to add a rotated key).
        Returns what happened, in a sentence."""
        with self._opened(shared) as transport:
            team = _not_moved(transport.read_team())
            key = segments.key_from_code(code)
            key_id = segments.key_id(key)
            if team.keys.get(key_id) != segments.key_check(key, team.id):
                raise BadInput(
                    "that recovery code does not open this team (a code for another team?)"
                )
            already = self._refuse_second_team(team.id)
            self.keys.add(team.id, key_id, key)
            if already:
                return self._rejoined(transport.location)
            self._join(team, transport.location, device_name)
        return "joined; sync to bring in the team's ocean"

    def _rejoined(self, location: str) -> str:
        """Joined again: a rotated key added, or the team found where it moved to."""
        with self.store.transaction(write=True) as session:
            connection = session.connection()
            if state(connection, "shared") == location:
                return "the key was added; this laptop was already in the team"
            set_state(connection, "shared", location)
        return f"this laptop was already in the team; it syncs with {location} from now on"

    def move_team(self, dest: Location) -> str:
        """Move the team to another folder or server, every laptop's segments with it, the
        same bytes under the same key. The old place keeps its copy and tells laptops that
        sync there where the team went. Safe to run again after an interruption."""
        moving = self.moving(dest)
        target, said = self.move_files(moving)
        self.moved(target)
        return said

    def moving(self, dest: Location) -> Moving:
        """What a move needs of the book: the team and where it syncs now."""
        with self.store.transaction() as session:
            team_id, saved = (
                state(session.connection(), "team"),
                state(session.connection(), "shared"),
            )
        if team_id is None or not saved:
            raise BadInput("this laptop is not in a team; there is nothing to move")
        return Moving(team_id, saved, dest)

    def move_files(self, moving: Moving) -> tuple[str, str]:
        """The move itself, on the places alone (no book: the app runs it aside, as a slow or
        cloud folder answers): the target's location, and what was moved in words."""
        with self._opened(moving.source) as source, self._opened(moving.dest) as target:
            if target.location == source.location:
                raise BadInput(f"the team is in {source.location} already")
            team = source.read_team()
            if team.id != moving.team_id:
                raise SyncError(f"{source.location} holds another team's files")
            if team.moved_to not in ("", target.location):
                raise BadInput(f"the team has moved to {team.moved_to} already; move it from there")
            team = replace(team, moved_to="")
            _settle(target, team)
            # Then the old place tells laptops that sync there where the team went; what one
            # published just before is taken by the second pass.
            source.write_team(replace(team, moved_to=target.location))
            copied = sum(_copy(source, target) for _pass in range(2))
            return target.location, (
                f"moved {copied} segment{'' if copied == 1 else 's'} to {target.location}"
            )

    def moved(self, target: str) -> None:
        """The book syncs with the team's new place from now on."""
        with self.store.transaction(write=True) as session:
            set_state(session.connection(), "shared", target)

    def rotate_key(self, shared: Location) -> str:
        """A new team key for new segments; old ones stay readable. Returns its recovery code."""
        with self._opened(shared) as transport:
            team = _not_moved(transport.read_team())
            if not self._refuse_second_team(team.id):
                raise BadInput("this laptop is not in the team there")
            key = segments.new_key()
            key_id = segments.key_id(key)
            self.keys.add(team.id, key_id, key)
            keys = {**team.keys, key_id: segments.key_check(key, team.id)}
            transport.write_team(Team(team.id, keys, key_id))
        return segments.recovery_code(key)

    @contextmanager
    def _opened(self, location: Location) -> Iterator[Transport]:
        transport = open_transport(location, self.keys.backend)
        try:
            yield transport
        finally:
            transport.close()

    def _refuse_second_team(self, team: str | None) -> bool:
        with self.store.transaction() as session:
            joined = state(session.connection(), "team")
            where = state(session.connection(), "shared") or "its team folder"
        if joined is not None and joined != team:
            raise BadInput(
                f"this book already belongs to the team in {where}; a book belongs to one team"
            )
        return joined is not None

    def _join(self, team: Team, location: str, device_name: str) -> None:
        with self.store.transaction(write=True) as session:
            connection = session.connection()
            set_state(connection, "shared", location)
            sync_log.join(
                connection, self.store.log, team.id, segments.new_device_id(), device_name
            )

    # --- syncing ----------------------------------------------------------------------------

    def sync(
        self,
        shared: Location | None = None,
        progress: Progress | None = None,
        *,
        republish: bool = False,
        clock_is_right: bool = False,
    ) -> SyncReport:
        """Apply what is new on the share, then publish this laptop's edits (all of them
        again with `republish`, when another laptop had to set one of our files aside;
        `clock_is_right` when the user vouches for a clock the guard doubts)."""
        steps = self.steps(shared, progress, republish=republish, clock_is_right=clock_is_right)
        try:
            work = next(steps)
            while True:
                work = steps.send(work())
        except StopIteration as finished:
            report: SyncReport = finished.value
            return report

    def steps(
        self,
        shared: Location | None = None,
        progress: Progress | None = None,
        *,
        republish: bool = False,
        clock_is_right: bool = False,
    ) -> Generator[ShareWork, Any, SyncReport]:
        """The sync as steps, for a caller that keeps the book's thread free: each value
        yielded is work on the share alone (listing it, reading and opening segments),
        to run anywhere and send back; the code between them uses the book, one transaction
        at a time. The report is the generator's return value."""
        with exclusive(self.data_root / "sync.lock", SYNCING):
            run = self._start(
                shared, progress or (lambda done, total, what: None), republish, clock_is_right
            )
            try:
                run.device = check_own_files(run)
                with self.store.transaction() as session:
                    after = sync_log.applied_through(session.connection())
                files = yield partial(list_share, run.transport, run.device, after)
                applying = Pull(run, files)
                while wanted := applying.wanted():
                    applying.apply((yield partial(fetch, run, wanted)))
                applying.finish()
                if run.report.segments_applied:
                    self._follow_merges(run)
                publish(run)
                return self._finish(run)
            finally:
                run.transport.close()

    def _start(
        self,
        shared_given: Location | None,
        progress: Progress,
        republish: bool,
        clock_is_right: bool,
    ) -> Run:
        with self.store.transaction() as session:
            connection = session.connection()
            team_id, device = state(connection, "team"), state(connection, "device")
            saved = state(connection, "shared")
        if team_id is None or device is None:
            raise SyncError(
                "this laptop is not in a team yet: create one (warroom team-create PATH|URL) "
                "or join one (warroom team-join PATH|URL --code CODE)"
            )
        location = shared_given if shared_given is not None else saved
        if not location:
            raise SyncError("no shared folder or team server given; pass its path or URL")
        transport = open_transport(location, self.keys.backend)
        try:
            team, keys = self._team_and_keys(transport, team_id)
        except BaseException:
            transport.close()
            raise
        run = Run(
            self.store,
            self.data_root,
            transport,
            team,
            keys,
            device,
            self.clock_ms,
            self.share_clock_ms,
            self.step,
            self.time_synced,
            progress,
            republish,
            clock_is_right,
        )
        return run

    def _team_and_keys(self, transport: Transport, team_id: str) -> tuple[Team, dict[str, bytes]]:
        """The team there, and this laptop's keys for it, checked against each other."""
        team = _not_moved(transport.read_team())
        where = transport.location
        if team.id != team_id:
            raise SyncError(f"{where} holds another team's files; this book syncs with its own")
        keys = self.keys.keys(team.id)
        if not keys:
            raise SyncError(
                "this laptop has no key for the team; join again with the recovery code"
            )
        for key_id, key in keys.items():
            if key_id in team.keys and team.keys[key_id] != segments.key_check(key, team.id):
                raise SyncError(
                    "the team key on this laptop does not open this team's files; "
                    "join again with the recovery code from your lead"
                )
        return team, keys

    def _follow_merges(self, run: Run) -> None:
        """A teammate's touch (or trigger, person...) on a whale merged away while they were
        offline moves to the whale it went into; published with this laptop's edits."""
        at = datetime.fromtimestamp(run.clock_ms() / 1000, UTC)
        with self.store.transaction(write=True) as session:
            moved = whale_merge.follow_merges(session, at)
        if moved:
            run.report.changes |= Changes.written(moved)

    def _finish(self, run: Run) -> SyncReport:
        report = run.report
        with self.store.transaction(write=True) as session:
            connection = session.connection()
            set_state(connection, "shared", run.transport.location)
            set_state(connection, "last_sync", datetime.now(UTC).isoformat(timespec="seconds"))
            report.conflicts_waiting = sync_log.conflict_count(connection)
            report.devices = self._devices(connection)
        return report

    def _devices(self, connection: Connection) -> list[DeviceSeen]:
        """The other laptops heard from, by name (their ids are random): not this book under
        a name it synced as before."""
        former = set(former_devices(connection))
        seen = [
            DeviceSeen(device, state(connection, f"peer:{device}") or "", count, total)
            for device, count, total in sync_log.devices_seen(connection)
            if device not in former
        ]
        return sorted(seen, key=lambda d: (d.name.lower(), d.device))

    def status(self) -> SyncStatus:
        with self.store.transaction() as session:
            connection = session.connection()
            team = state(connection, "team")
            return SyncStatus(
                joined=team is not None,
                team=team or "",
                device=state(connection, "device") or "",
                device_name=state(connection, "device_name") or "",
                shared=state(connection, "shared") or "",
                last_sync=state(connection, "last_sync") or "",
                devices=self._devices(connection),
                conflicts=sync_log.conflict_count(connection),
                quarantined=sync_log.quarantined(connection),
            )

    def conflicts(self) -> list[Conflict]:
        with self.store.transaction() as session:
            return sync_log.conflicts(session.connection())

    def choose(self, conflict_id: int, take_theirs: bool) -> Done[int]:
        """Settle a conflict by keeping the current value or taking the other version."""
        with self.store.transaction(write=True) as session:
            connection = session.connection()
            found = [c for c in sync_log.conflicts(connection) if c.id == conflict_id]
            if not found:
                raise BadInput(
                    f"no conflict #{conflict_id} is waiting (settled already, or never one); "
                    "'warroom conflicts' lists those that are"
                )
            sync_log.choose(connection, self.store.log, found[0], take_theirs)
        return Done(conflict_id, Changes(book=True))


def _settle(target: Transport, team: Team) -> None:
    """Make `target` hold the team: new there, or there already (a move resumed, or a team
    moved back to where it was)."""
    try:
        target.create_team(team)
    except SyncError:
        raise
    except BadInput:
        there = target.read_team()
        if there.id != team.id:
            raise BadInput(f"{target.location} holds another team; pick an empty place") from None
        target.write_team(team)


def _copy(source: Transport, target: Transport) -> int:
    """Every segment at `source` that `target` lacks, the same bytes; returns how many."""
    have = target.listing("", {})
    wanted = [
        (device, seq)
        for device, seqs in sorted(source.listing("", {}).items())
        for seq in sorted(seqs)
        if seq not in have.get(device, set())
    ]
    for device, seq, data in source.read(wanted):
        if not isinstance(data, bytes):
            raise SyncError(
                f"segment {seq} of device {device[:8]} cannot be read at {source.location} "
                f"({data}); nothing was lost, run the move again once it can"
            )
        target.publish(device, seq, data, lambda _step: None)
    return len(wanted)


def _not_moved(team: Team) -> Team:
    if team.moved_to:
        raise SyncError(
            f"the team has moved to {team.moved_to}: sync with it once ('warroom sync "
            f"{team.moved_to}'), or join it there again in the app; nothing on this laptop "
            "is lost"
        )
    return team
