"""Applying the other laptops' new segments, in order per laptop; bad files are set aside."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from warroom.domain.changes import Changes
from warroom.services import segments
from warroom.services.segments import BadSegment, NeedKey, digest, segment_name, segments_of
from warroom.services.sync_run import Progress, Run, device_folder, peer_name
from warroom.store import sync_log
from warroom.store.changelog import set_state, state
from warroom.store.db import Connection
from warroom.store.merging import BadRecord, apply_segment


def pull(run: Run, progress: Progress) -> None:
    """Apply every new file that can apply: a file waits for the one before it, for a newer
    key, or for rows another laptop has not shared yet; a bad one is set aside."""
    shared, team, keys, me, report = run.shared, run.team, run.keys, run.device, run.report
    todo: dict[str, list[int]] = {}
    files: dict[str, dict[int, Path]] = {}
    done: dict[str, dict[int, str]] = {}
    tables: set[str] = set()  # what the applied files wrote
    with run.store.transaction() as session:
        connection = session.connection()
        held = {(q.device, q.seq): q.file_hash for q in sync_log.quarantined(connection)}
        for device in segments.devices_in(shared):
            if device == me:
                continue
            files[device] = segments_of(device_folder(shared, device))
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
                name = peer_name(run.store, device)
                gap = seq - 1
                if seq > 1 and gap not in done[device] and gap not in bad[device]:
                    resend = _resend_past(run, device, files[device], gap)
                    if resend is None:
                        waiting[device] = _missing(run, device, gap, name)
                        break
                    _skip(run, device, range(gap, resend), done[device])
                    seqs[:] = [s for s in seqs if s >= resend]
                    continue
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
                    follows = segment.prev == done[device].get(gap)
                    if gap in done[device] and not follows and not 0 < segment.resends <= gap:
                        raise BadSegment("does not follow that device's previous file")
                    merged = apply_segment(run.store, device, seq, file_hash, segment.writes)
                except NeedKey:
                    waiting[device] = (
                        f"file {seq} from {name} is sealed with a newer team key; "
                        "enter the new recovery code from your lead"
                    )
                    break
                except (BadSegment, BadRecord) as exc:
                    _quarantine(run, device, seq, data, str(exc))
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
                with run.store.transaction(write=True) as session:
                    connection = session.connection()
                    set_state(connection, f"peer:{device}", segment.device_name)
                    if segment.sealed_ms:
                        sync_log.note_peer_clock(connection, device, segment.sealed_ms)
                    if (device, seq) in held:
                        sync_log.release(connection, device, seq)
                    _clear_gap(connection, device)
                waiting.pop(device, None)
                done[device][seq] = file_hash
                seqs.pop(0)
                moved = True
                report.segments_applied += 1
                report.changes_applied += merged.changes
                report.new_conflicts += merged.conflicts
                if merged.changes:
                    tables.update(write.table for write in segment.writes)
                progress(report.segments_applied, total, name)
    report.waiting = list(waiting.values())
    # What the files changed, by kind, as another program's writes are told: each view
    # reloads only if its kind of data moved (every view redrawn every five minutes was what
    # Changes(book=True) cost on a big book).
    report.changes = Changes.outside(tables)


def _resend_past(run: Run, device: str, files: dict[int, Path], gap: int) -> int | None:
    """The number of a later file of `device` that resends file `gap` (which is missing),
    checked whole with the team key; None when there is none (yet)."""
    for seq in sorted(s for s in files if s > gap):
        resends = segments.resends_from(files[seq])
        if not 0 < resends <= gap:
            continue
        try:
            data = segments.read_limited(files[seq])
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
        f"waiting for file {seq} from {name}: not on the shared folder since {since}. "
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
