"""Publishing this laptop's edits, and making sure it is still the only one publishing as
this device (a crash between rename and commit, a copied or a restored book)."""

from __future__ import annotations

import secrets
from pathlib import Path

from warroom.domain import hlc
from warroom.services import segments
from warroom.services.segments import (
    BadSegment,
    NeedKey,
    Segment,
    SyncError,
    digest,
    segment_name,
    segments_of,
)
from warroom.services.sync_run import Run, device_folder
from warroom.store import sync_log
from warroom.store.changelog import set_state, state
from warroom.store.db import Connection
from warroom.store.sync_log import Published

MAX_AHEAD_MS = 5 * 60 * 1000  # a clock further ahead of the share than this must not publish
SEGMENT_CHANGES = 50_000


def publish(run: Run) -> None:
    """Seal this laptop's unpublished edits into its next segments, unless the team key was
    changed and this laptop lacks the new one, or its clock runs ahead of the share's."""
    shared, team, keys, me, report = run.shared, run.team, run.keys, run.device, run.report
    folder = device_folder(shared, me)
    with run.store.transaction() as session:
        connection = session.connection()
        last = sync_log.last_published(connection, me)
        start = outbox_start(connection) if last is None or run.republish else last.last_change
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
        share_now = run.share_clock_ms(folder)
    except OSError as exc:
        raise SyncError(f"{folder}: cannot write there ({exc.strerror})") from exc
    newest = max(hlc.parse(write.stamp).wall_ms for _, write in batch)
    ahead = max(run.clock_ms(), newest) - share_now
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
            segments.write_atomically(folder, segment_name(seq), data, run.step)
        except OSError as exc:
            raise SyncError(
                f"{folder}: could not write ({exc.strerror}); nothing was published and "
                "the book is unchanged"
            ) from exc
        run.step("commit")  # published, not yet recorded: adopted next time
        last = Published(me, seq, digest(data), segment.last)
        with run.store.transaction() as session:
            connection = session.connection()
            sync_log.mark_published(connection, last)
            report.published += len(batch)
            batch = list(sync_log.unpublished(connection, last.last_change, SEGMENT_CHANGES))


# --- status and conflicts ---------------------------------------------------------------


def check_own_files(run: Run) -> str:
    """Adopt a segment this laptop wrote but did not record (it stopped between the
    rename and the commit); notice a copied or restored book publishing as this device."""
    shared, device = run.shared, run.device
    files = segments_of(device_folder(shared, device))
    with run.store.transaction() as session:
        last = sync_log.last_published(session.connection(), device)
    if last is not None and (
        last.seq not in files or digest(segments.read_limited(files[last.seq])) != last.hash
    ):
        return _become_new_device(run, files)
    for seq in sorted(s for s in files if s > (last.seq if last else 0)):
        try:
            data, segment = _open(run, files[seq], seq)
        except (BadSegment, NeedKey, OSError):
            return _become_new_device(run, files)
        with run.store.transaction() as session:
            connection = session.connection()
            # Ours if it follows our last file and carries exactly our own records (a
            # republished file starts again from the first of them).
            ours = (
                segment.prev == (last.hash if last else "")
                and sync_log.own_writes(connection, segment.first, segment.last) == segment.writes
            )
            if not ours:
                break
            last = Published(device, seq, digest(data), segment.last)
            sync_log.mark_published(connection, last)
    else:
        return device
    return _become_new_device(run, files)


def _become_new_device(run: Run, files: dict[int, Path]) -> str:
    old, report = run.device, run.report
    new = segments.new_device_id()
    with run.store.transaction() as session:
        connection = session.connection()
        intact: Published | None = None
        for done in reversed(sync_log.published(connection, old)):
            if done.seq in files and digest(segments.read_limited(files[done.seq])) == done.hash:
                intact = done
                break
        after = intact.last_change if intact else outbox_start(connection)
        for done in sync_log.published(connection, old):
            if intact is not None and done.seq <= intact.seq:
                sync_log.mark_applied(connection, old, done.seq, done.hash, 0)
        sync_log.restamp(connection, after, old, new)
        set_state(connection, "device", new)
        set_state(connection, "outbox_start", str(after))
        run.store.log.device = new
    report.notices.append(
        "Another copy of this book (copied to another laptop, or restored from a backup) "
        "published as this laptop. This laptop now syncs as a new device; nothing was lost."
    )
    return new


def _open(run: Run, path: Path, seq: int) -> tuple[bytes, Segment]:
    team, device, keys = run.team, run.device, run.keys
    data = segments.read_limited(path)
    return data, segments.open_segment(data, team=team.id, device=device, seq=seq, keys=keys)


def outbox_start(connection: Connection) -> int:
    """The first change this device id publishes after (not 0 once a clone took a new id)."""
    value = state(connection, "outbox_start")
    return int(value) if value else 0


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


def _span(ms: int) -> str:
    minutes = ms // 60_000
    if minutes < 120:
        return f"{minutes} minutes"
    hours = minutes // 60
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"
