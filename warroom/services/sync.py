"""Team sync through a shared folder: create or join a team, then publish and apply segments.

Each laptop writes only its own immutable segment files and reads everyone else's (see
`segments` for the files and `domain.merge` for how writes land). A sync reads what is new,
applies each segment in one transaction with the record of having applied it, then publishes
this laptop's unpublished edits. Anything wrong with one file sets that file aside and names
its device; anything wrong with the folder or the key stops with one message, changing nothing.
"""

from __future__ import annotations

import secrets
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from warroom.domain import hlc
from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput
from warroom.services import segments
from warroom.services.segments import (
    BadSegment,
    NeedKey,
    Segment,
    Step,
    SyncError,
    Team,
    digest,
    segment_name,
    segments_of,
    team_folder,
)
from warroom.services.team_keys import TeamKeys
from warroom.store import sync_log
from warroom.store.changelog import now_ms, set_state, state
from warroom.store.db import Connection, Store
from warroom.store.merging import BadRecord, apply_segment
from warroom.store.sync_log import Conflict as Conflict
from warroom.store.sync_log import Published

MAX_AHEAD_MS = 5 * 60 * 1000  # a clock further ahead of the share than this must not publish
SEGMENT_CHANGES = 50_000
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DeviceSeen:
    device: str
    name: str
    segments: int
    changes: int


@dataclass
class SyncReport:
    """What one sync did, and what is left for the user to know or do."""

    published: int = 0
    segments_applied: int = 0
    changes_applied: int = 0
    new_conflicts: int = 0
    conflicts_waiting: int = 0
    devices: list[DeviceSeen] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)


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


def _device_folder(shared: Path, device: str) -> Path:
    return team_folder(shared) / "devices" / device


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """One sync at a time per book, across processes (the app and the command line)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+b")
    try:
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SyncError(
                "another War Room is syncing this book right now; try again when it is done"
            ) from None
        yield
    finally:
        handle.close()


class Sync:
    """The team-sync use cases over one open book."""

    def __init__(
        self,
        store: Store,
        keys: TeamKeys,
        data_root: Path,
        *,
        clock_ms: Callable[[], int] = now_ms,
        share_clock_ms: Callable[[Path], int] | None = None,
        step: Step | None = None,
    ) -> None:
        self.store = store
        self.share_clock_ms = share_clock_ms or share_clock
        self.keys = keys
        self.data_root = data_root
        self.clock_ms = clock_ms
        self.step = step
        store.log.clock_ms = clock_ms

    # --- joining ----------------------------------------------------------------------------

    def create_team(self, shared: Path, device_name: str) -> str:
        """Make `shared` a team folder with a new key; returns the recovery code to hand out."""
        self._refuse_second_team(None)
        if (team_folder(shared) / "team.json").exists():
            raise BadInput(f"{shared} already holds a team; join it with its recovery code")
        if not shared.is_dir():
            raise BadInput(f"{shared}: no such folder")
        key = segments.new_key()
        key_id = segments.key_id(key)
        team_id = secrets.token_hex(16)
        team = Team(team_id, {key_id: segments.key_check(key, team_id)}, key_id)
        self.keys.add(team_id, key_id, key)
        try:
            segments.write_team(shared, team)
        except OSError as exc:
            raise SyncError(f"{shared}: cannot write the team file ({exc.strerror})") from exc
        self._join(team, shared, device_name)
        return segments.recovery_code(key)

    def join_team(self, shared: Path, code: str, device_name: str) -> str:
        """Join the team in `shared` with a recovery code (again, to add a rotated key).
        Returns what happened, in a sentence."""
        team = segments.read_team(shared)
        key = segments.key_from_code(code)
        key_id = segments.key_id(key)
        if team.keys.get(key_id) != segments.key_check(key, team.id):
            raise BadInput("that recovery code does not open this team (a code for another team?)")
        already = self._refuse_second_team(team.id)
        self.keys.add(team.id, key_id, key)
        if already:
            return "the key was added; this laptop was already in the team"
        self._join(team, shared, device_name)
        return "joined; sync to bring in the team's ocean"

    def rotate_key(self, shared: Path) -> str:
        """A new team key for new segments; old ones stay readable. Returns its recovery code."""
        team = segments.read_team(shared)
        if self._refuse_second_team(team.id) is False:
            raise BadInput("this laptop is not in the team in that folder")
        key = segments.new_key()
        key_id = segments.key_id(key)
        self.keys.add(team.id, key_id, key)
        keys = {**team.keys, key_id: segments.key_check(key, team.id)}
        segments.write_team(shared, Team(team.id, keys, key_id))
        return segments.recovery_code(key)

    def _refuse_second_team(self, team: str | None) -> bool:
        with self.store.transaction() as session:
            joined = state(session.connection(), "team")
        if joined is not None and joined != team:
            raise BadInput("this book already syncs with another team; a book belongs to one team")
        return joined is not None

    def _join(self, team: Team, shared: Path, device_name: str) -> None:
        with self.store.transaction() as session:
            connection = session.connection()
            set_state(connection, "shared", str(shared))
            sync_log.join(
                connection, self.store.log, team.id, segments.new_device_id(), device_name
            )

    # --- syncing ----------------------------------------------------------------------------

    def sync(self, shared: Path | None = None, progress: Progress | None = None) -> SyncReport:
        """Apply what is new on the share, then publish this laptop's edits."""
        with _exclusive(self.data_root / "sync.lock"):
            return self._sync(shared, progress or (lambda done, total, what: None))

    def _sync(self, shared_given: Path | None, progress: Progress) -> SyncReport:
        with self.store.transaction() as session:
            connection = session.connection()
            team_id, device = state(connection, "team"), state(connection, "device")
            saved = state(connection, "shared")
        if team_id is None or device is None:
            raise SyncError(
                "this laptop is not in a team yet: create one (warroom team-create PATH) "
                "or join one (warroom team-join PATH --code CODE)"
            )
        shared = shared_given or (Path(saved) if saved else None)
        if shared is None:
            raise SyncError("no shared folder given; pass its path")
        if not shared.is_dir():
            raise SyncError(f"{shared}: the shared folder is not there (not mounted yet?)")
        team = segments.read_team(shared)
        if team.id != team_id:
            raise SyncError(f"{shared} holds another team's files; this book syncs with its own")
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
        report = SyncReport()
        device = self._check_own_files(shared, team, keys, device, report)
        self._pull(shared, team, keys, device, report, progress)
        self._publish(shared, team, keys, device, report)
        with self.store.transaction() as session:
            connection = session.connection()
            set_state(connection, "shared", str(shared))
            set_state(connection, "last_sync", datetime.now(UTC).isoformat(timespec="seconds"))
            report.conflicts_waiting = sync_log.conflict_count(connection)
            report.devices = self._devices(connection)
        return report

    def _open(
        self, path: Path, team: Team, device: str, seq: int, keys: dict[str, bytes]
    ) -> tuple[bytes, Segment]:
        data = segments.read_limited(path)
        return data, segments.open_segment(data, team=team.id, device=device, seq=seq, keys=keys)

    def _check_own_files(
        self, shared: Path, team: Team, keys: dict[str, bytes], device: str, report: SyncReport
    ) -> str:
        """Adopt a segment this laptop wrote but did not record (it stopped between the
        rename and the commit); notice a copied or restored book publishing as this device."""
        files = segments_of(_device_folder(shared, device))
        with self.store.transaction() as session:
            last = sync_log.last_published(session.connection(), device)
        if last is not None and (
            last.seq not in files or digest(segments.read_limited(files[last.seq])) != last.hash
        ):
            return self._become_new_device(shared, device, files, report)
        for seq in sorted(s for s in files if s > (last.seq if last else 0)):
            try:
                data, segment = self._open(files[seq], team, device, seq, keys)
            except (BadSegment, NeedKey, OSError):
                return self._become_new_device(shared, device, files, report)
            with self.store.transaction() as session:
                connection = session.connection()
                start = last.last_change if last else self._outbox_start(connection)
                ours = (
                    segment.first == start + 1
                    and segment.prev == (last.hash if last else "")
                    and sync_log.own_writes(connection, segment.first, segment.last)
                    == segment.writes
                )
                if not ours:
                    break
                last = Published(device, seq, digest(data), segment.last)
                sync_log.mark_published(connection, last)
        else:
            return device
        return self._become_new_device(shared, device, files, report)

    def _become_new_device(
        self, shared: Path, old: str, files: dict[int, Path], report: SyncReport
    ) -> str:
        new = segments.new_device_id()
        with self.store.transaction() as session:
            connection = session.connection()
            intact: Published | None = None
            for done in reversed(sync_log.published(connection, old)):
                if done.seq in files and digest(files[done.seq].read_bytes()) == done.hash:
                    intact = done
                    break
            after = intact.last_change if intact else self._outbox_start(connection)
            for done in sync_log.published(connection, old):
                if intact is not None and done.seq <= intact.seq:
                    sync_log.mark_applied(connection, old, done.seq, done.hash, 0)
            sync_log.restamp(connection, after, old, new)
            set_state(connection, "device", new)
            set_state(connection, "outbox_start", str(after))
            self.store.log.device = new
        report.notices.append(
            "Another copy of this book (copied to another laptop, or restored from a backup) "
            "published as this laptop. This laptop now syncs as a new device; nothing was lost."
        )
        return new

    def _outbox_start(self, connection: Connection) -> int:
        value = state(connection, "outbox_start")
        return int(value) if value else 0

    def _pull(
        self,
        shared: Path,
        team: Team,
        keys: dict[str, bytes],
        me: str,
        report: SyncReport,
        progress: Progress,
    ) -> None:
        todo: dict[str, list[int]] = {}
        files: dict[str, dict[int, Path]] = {}
        done: dict[str, dict[int, str]] = {}
        with self.store.transaction() as session:
            connection = session.connection()
            held = {(q.device, q.seq): q.file_hash for q in sync_log.quarantined(connection)}
            for device in segments.devices_in(shared):
                if device == me:
                    continue
                files[device] = segments_of(_device_folder(shared, device))
                done[device] = sync_log.applied(connection, device)
                todo[device] = sorted(s for s in files[device] if s not in done[device])
        bad: dict[str, set[int]] = {device: set() for device in todo}
        total = sum(len(seqs) for seqs in todo.values())
        waiting: dict[str, str] = {}
        moved = True
        while moved:
            moved = False
            for device, seqs in todo.items():
                while seqs:
                    seq = seqs[0]
                    name = self._peer_name(device)
                    if seq > 1 and seq - 1 not in done[device] and seq - 1 not in bad[device]:
                        waiting[device] = f"waiting for file {seq - 1} from {name} (not here yet)"
                        break
                    try:
                        data = segments.read_limited(files[device][seq])
                    except OSError as exc:
                        waiting[device] = f"file {seq} from {name} cannot be read ({exc.strerror})"
                        break
                    file_hash = digest(data)
                    if held.get((device, seq)) == file_hash:
                        bad[device].add(seq)  # still the same damaged bytes
                        seqs.pop(0)
                        continue
                    try:
                        segment = segments.open_segment(
                            data, team=team.id, device=device, seq=seq, keys=keys
                        )
                        if seq - 1 in done[device] and segment.prev != done[device][seq - 1]:
                            raise BadSegment("does not follow that device's previous file")
                        merged = apply_segment(self.store, device, seq, file_hash, segment.writes)
                    except NeedKey:
                        waiting[device] = (
                            f"file {seq} from {name} is sealed with a newer team key; "
                            "enter the new recovery code from your lead"
                        )
                        break
                    except (BadSegment, BadRecord) as exc:
                        self._quarantine(device, seq, data, str(exc))
                        report.quarantined.append(f"file {seq} from {name} was set aside: {exc}")
                        bad[device].add(seq)
                        seqs.pop(0)
                        continue
                    if merged is None:
                        waiting[device] = (
                            f"file {seq} from {name} edits records another device has not "
                            "shared yet; it will apply once they arrive"
                        )
                        break
                    with self.store.transaction() as session:
                        connection = session.connection()
                        set_state(connection, f"peer:{device}", segment.device_name)
                        if (device, seq) in held:
                            sync_log.release(connection, device, seq)
                    waiting.pop(device, None)
                    done[device][seq] = file_hash
                    seqs.pop(0)
                    moved = True
                    report.segments_applied += 1
                    report.changes_applied += merged.changes
                    report.new_conflicts += merged.conflicts
                    progress(report.segments_applied, total, name)
        report.waiting = list(waiting.values())
        if report.changes_applied:
            report.changes = Changes(book=True)

    def _peer_name(self, device: str) -> str:
        with self.store.transaction() as session:
            name = state(session.connection(), f"peer:{device}")
        return f"{name} ({device[:8]})" if name else f"device {device[:8]}"

    def _quarantine(self, device: str, seq: int, data: bytes, reason: str) -> None:
        folder = self.data_root / "quarantine"
        segments.write_atomically(folder, f"{device}-{segment_name(seq)}", data)
        with self.store.transaction() as session:
            sync_log.quarantine(
                session.connection(), device, seq, digest(data), reason, datetime.now(UTC)
            )

    def _publish(
        self, shared: Path, team: Team, keys: dict[str, bytes], me: str, report: SyncReport
    ) -> None:
        folder = _device_folder(shared, me)
        with self.store.transaction() as session:
            connection = session.connection()
            last = sync_log.last_published(connection, me)
            start = last.last_change if last else self._outbox_start(connection)
            batch = list(sync_log.unpublished(connection, start, SEGMENT_CHANGES))
            name = state(connection, "device_name") or ""
        if not batch:
            return
        if team.current not in keys:
            report.notices.append(
                "The lead changed the team key: enter the new recovery code to publish "
                "your edits again (they are kept)."
            )
            return
        try:
            share_now = self.share_clock_ms(folder)
        except OSError as exc:
            raise SyncError(f"{folder}: cannot write there ({exc.strerror})") from exc
        newest = max(hlc.parse(write.stamp).wall_ms for _, write in batch)
        ahead = max(self.clock_ms(), newest) - share_now
        if ahead > MAX_AHEAD_MS:
            report.notices.append(
                f"This laptop's clock is {_span(ahead)} ahead of the shared folder's, so "
                "nothing was published (its edits would win every field). Set the clock "
                "right, then sync again; your edits are kept."
            )
            return
        while batch:
            seq = last.seq + 1 if last else 1
            segment = Segment(
                team.id,
                me,
                seq,
                team.current,
                last.hash if last else "",
                batch[0][0],
                batch[-1][0],
                name,
                [write for _, write in batch],
            )
            data = segments.seal(segment, keys[team.current])
            if seq in segments_of(folder):
                raise SyncError(
                    f"{folder}: file {seq} appeared while publishing; another copy of this "
                    "book is syncing as this laptop. Sync again to sort it out."
                )
            try:
                segments.write_atomically(folder, segment_name(seq), data, self.step or _none)
            except OSError as exc:
                raise SyncError(
                    f"{folder}: could not write ({exc.strerror}); nothing was published and "
                    "the book is unchanged"
                ) from exc
            (self.step or _none)("commit")  # published, not yet recorded: adopted next time
            last = Published(me, seq, digest(data), segment.last)
            with self.store.transaction() as session:
                connection = session.connection()
                sync_log.mark_published(connection, last)
                report.published += len(batch)
                batch = list(sync_log.unpublished(connection, last.last_change, SEGMENT_CHANGES))

    # --- status and conflicts ---------------------------------------------------------------

    def _devices(self, connection: Connection) -> list[DeviceSeen]:
        return [
            DeviceSeen(device, state(connection, f"peer:{device}") or "", count, total)
            for device, count, total in sync_log.devices_seen(connection)
        ]

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
        with self.store.transaction() as session:
            connection = session.connection()
            found = [c for c in sync_log.conflicts(connection) if c.id == conflict_id]
            if not found:
                raise BadInput("that conflict was already settled")
            sync_log.choose(connection, self.store.log, found[0], take_theirs)
        return Done(conflict_id, Changes(book=True))


def device_name(rep: str) -> str:
    """How other laptops name this one: the rep and the computer."""
    host = socket.gethostname().split(".")[0] or "a laptop"
    return f"{rep} on {host}" if rep else host


def share_clock(folder: Path) -> int:
    """The shared folder's idea of now: the time its file system gives a file we write there
    (a file server's clock, not this laptop's)."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f".clock-{secrets.token_hex(4)}.tmp"
    try:
        probe.write_bytes(b"")
        return probe.stat().st_mtime_ns // 1_000_000
    finally:
        probe.unlink(missing_ok=True)


def _none(_name: str) -> None:
    return None


def _span(ms: int) -> str:
    minutes = ms // 60_000
    if minutes < 120:
        return f"{minutes} minutes"
    hours = minutes // 60
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"
