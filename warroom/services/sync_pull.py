"""Applying the other laptops' new segments, in order per laptop; bad files are set aside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from warroom.domain.changes import Changes
from warroom.services import segments
from warroom.services.segments import (
    BadSegment,
    NeedKey,
    Segment,
    digest,
    segment_name,
)
from warroom.services.sync_run import Run, peer_name
from warroom.services.transport import Transport, read_one
from warroom.store import sync_log
from warroom.store.changelog import set_state, state
from warroom.store.db import Connection
from warroom.store.merging import BadRecord, apply_segment

Files = dict[str, set[int]]  # the other laptops' new files on the share, by device and number
# Read and opened per round: a laptop joining a team with a year of files behind it holds a
# round's worth in memory, not the year.
FETCH_BYTES = 64 << 20


@dataclass(frozen=True)
class Fetched:
    """One file of another laptop as read from the share and opened with the team key."""

    data: bytes
    segment: Segment | None
    problem: Exception | None  # OSError (unreadable), BadSegment, or NeedKey


def list_share(transport: Transport, me: str, after: dict[str, int]) -> Files:
    """Every other laptop's files above the last one applied in a row (no book needed)."""
    return transport.listing(me, after)


def fetch(run: Run, wanted: list[tuple[str, int]]) -> dict[tuple[str, int], Fetched]:
    """Read and open files in the order given, up to FETCH_BYTES (always the first): the slow
    part of a sync, which needs the team key but not the book, so it runs on its own thread."""
    found: dict[tuple[str, int], Fetched] = {}
    size = 0
    for device, seq, data in run.transport.read(wanted):
        if isinstance(data, Exception):
            found[device, seq] = Fetched(b"", None, data)
            continue
        size += len(data)
        try:
            segment = segments.open_segment(
                data, team=run.team.id, device=device, seq=seq, keys=run.keys
            )
        except (BadSegment, NeedKey) as exc:
            found[device, seq] = Fetched(data, None, exc)
        else:
            found[device, seq] = Fetched(data, segment, None)
        if size >= FETCH_BYTES:
            break
    return found


class Pull:
    """Applying the other laptops' new files, in order per laptop: a file waits for the one
    before it, for a newer key, or for rows another laptop has not shared yet; a bad one is
    set aside. The book's side only: files come in rounds from `fetch`, which can run on
    another thread while the book serves the app (each file applies in its own transaction)."""

    def __init__(self, run: Run, files: Files) -> None:
        self.run, self.files = run, files
        with run.store.transaction() as session:
            connection = session.connection()
            self.held = {(q.device, q.seq): q.file_hash for q in sync_log.quarantined(connection)}
            self.done = {device: sync_log.applied(connection, device) for device in files}
        self.todo = {
            device: sorted(s for s in files[device] if s not in self.done[device])
            for device in files
        }
        self.bad: dict[str, set[int]] = {device: set() for device in files}
        self.total = sum(len(seqs) for seqs in self.todo.values())
        self.waiting: dict[str, str] = {}
        self.fetched: dict[tuple[str, int], Fetched] = {}
        self.rows: dict[str, set[str]] = {}  # what the applied files wrote, by table

    def wanted(self) -> list[tuple[str, int]]:
        """The files to read next, in the order they apply; none once every laptop is done
        or waits (a waiting laptop's next file is read already)."""
        return [
            (device, seq)
            for device, seqs in self.todo.items()
            if device not in self.waiting
            for seq in seqs
            if (device, seq) not in self.fetched
        ]

    def apply(self, fetched: dict[tuple[str, int], Fetched]) -> None:
        """Apply what can apply of the files read so far (again, until nothing moves: a file
        that waited for another laptop's rows may apply once they are in)."""
        self.fetched.update(fetched)
        moved = True
        while moved:
            moved = False
            for device, seqs in self.todo.items():
                while seqs and self._step(device, seqs):
                    moved = True

    def _step(self, device: str, seqs: list[int]) -> bool:
        """Take the laptop's next file; False when it must wait (or is not read yet)."""
        run, done, bad, waiting = self.run, self.done[device], self.bad[device], self.waiting
        seq = seqs[0]
        name = peer_name(run.store, device)
        gap = seq - 1
        if seq > 1 and gap not in done and gap not in bad:
            resend = _resend_past(run, device, self.files[device], gap)
            if resend is None:
                waiting[device] = _missing(run, device, gap, name)
                return False
            _skip(run, device, range(gap, resend), done)
            seqs[:] = [s for s in seqs if s >= resend]
            return True
        got = self.fetched.get((device, seq))
        if got is None:
            return False  # the next round reads it
        if isinstance(got.problem, OSError):
            waiting[device] = f"file {seq} from {name} cannot be read ({got.problem.strerror})"
            del self.fetched[device, seq]  # read again at the next sync
            return False
        file_hash = digest(got.data)
        if self.held.get((device, seq)) == file_hash:
            bad.add(seq)  # still the same damaged bytes
            self._consumed(device, seqs)
            return True
        try:
            if got.problem is not None:
                raise got.problem
            assert got.segment is not None
            segment = got.segment
            follows = segment.prev == done.get(gap)
            if gap in done and not follows and not 0 < segment.resends <= gap:
                raise BadSegment("does not follow that device's previous file")
            merged = apply_segment(run.store, device, seq, file_hash, segment.writes)
        except NeedKey:
            waiting[device] = (
                f"file {seq} from {name} is sealed with a newer team key; "
                "enter the new recovery code from your lead"
            )
            return False
        except (BadSegment, BadRecord) as exc:
            _quarantine(run, device, seq, got.data, str(exc))
            run.report.quarantined.append(f"file {seq} from {name} was set aside: {exc}")
            bad.add(seq)
            self._consumed(device, seqs)
            return True
        if merged is None:
            waiting[device] = (
                f"file {seq} from {name} edits records another device has not "
                "shared yet; it will apply once they arrive"
            )
            return False
        with run.store.transaction(write=True) as session:
            connection = session.connection()
            set_state(connection, f"peer:{device}", segment.device_name)
            if segment.sealed_ms:
                sync_log.note_peer_clock(connection, device, segment.sealed_ms)
            if (device, seq) in self.held:
                sync_log.release(connection, device, seq)
            _clear_gap(connection, device)
        waiting.pop(device, None)
        done[seq] = file_hash
        self._consumed(device, seqs)
        report = run.report
        report.segments_applied += 1
        report.changes_applied += merged.changes
        report.new_conflicts += merged.conflicts
        report.notices.extend(
            f"{whale}, deleted here, is back: {name} worked on it after"
            if deleted_here
            else f"{whale} is back: it was deleted on another laptop, and worked on after"
            for whale, deleted_here in merged.revived.values()
        )
        # The laptop that deleted it learns too, when another laptop brought it back.
        report.notices.extend(
            f"{whale} is back: {name} worked on it after it was deleted, or brought it back"
            for whale in merged.back.values()
        )
        if merged.revived:
            self.rows.setdefault("whales", set()).update(merged.revived)
        if merged.changes:
            for write in segment.writes:
                self.rows.setdefault(write.table, set()).add(write.row_id)
        run.progress(report.segments_applied, self.total, name)
        return True

    def _consumed(self, device: str, seqs: list[int]) -> None:
        self.fetched.pop((device, seqs.pop(0)), None)

    def finish(self) -> None:
        self.run.report.waiting = list(self.waiting.values())
        # What the files changed, by row, so each view redraws only what it shows of them
        # (every view redrawn every five minutes was what Changes(book=True) cost on a big
        # book); a table with thousands of rows changed is told as "some rows".
        self.run.report.changes = Changes.of_tables(self.rows)


def _resend_past(run: Run, device: str, files: set[int], gap: int) -> int | None:
    """The number of a later file of `device` that resends file `gap` (which is missing),
    checked whole with the team key; None when there is none (yet)."""
    for seq in sorted(s for s in files if s > gap):
        resends = run.transport.resends_from(device, seq)
        if not 0 < resends <= gap:
            continue
        try:
            data = read_one(run.transport, device, seq)
            segments.open_segment(data, team=run.team.id, device=device, seq=seq, keys=run.keys)
        except (BadSegment, NeedKey, OSError):
            continue
        return seq
    return None


def _skip(run: Run, device: str, seqs: range, done: dict[int, str]) -> None:
    """Files a later one resent: recorded as done (with nothing applied), never waited for."""
    with run.store.transaction(write=True) as session:
        connection = session.connection()
        for seq in seqs:
            sync_log.mark_applied(connection, device, seq, RESENT, 0)
            done[seq] = RESENT
        _clear_gap(connection, device)


RESENT = "resent"  # the hash recorded for a file skipped because a later one resent it


def _missing(run: Run, device: str, seq: int, name: str) -> str:
    """Waiting for a file that is not on the share: since when, and who can fix it."""
    with run.store.transaction(write=True) as session:
        connection = session.connection()
        noted = state(connection, _GAP + device)
        if noted is None or not noted.startswith(f"{seq}|"):
            noted = f"{seq}|{run.clock_ms()}"
            set_state(connection, _GAP + device, noted)
    since = datetime.fromtimestamp(int(noted.split("|")[1]) / 1000).strftime("%d %b %H:%M")
    return (
        f"waiting for file {seq} from {name}: not on {run.transport.place} since {since}. "
        f"Its laptop sends it again at its next sync; if that laptop is gone, tell your lead"
    )


_GAP = "gap:"


def _clear_gap(connection: Connection, device: str) -> None:
    connection.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (_GAP + device,))


def _quarantine(run: Run, device: str, seq: int, data: bytes, reason: str) -> None:
    """Keep a copy of a bad file to look at; the share's copy is never touched."""
    folder = run.data_root / "quarantine"
    segments.write_atomically(folder, f"{device}-{segment_name(seq)}", data)
    with run.store.transaction(write=True) as session:
        sync_log.quarantine(
            session.connection(), device, seq, digest(data), reason, datetime.now(UTC)
        )
