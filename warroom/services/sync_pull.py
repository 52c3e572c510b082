"""Applying the other laptops' new segments, in order per laptop; bad files are set aside."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from warroom.domain.changes import Changes
from warroom.services import segments
from warroom.services.segments import BadSegment, NeedKey, digest, segment_name, segments_of
from warroom.services.sync_run import Progress, Run, device_folder, peer_name
from warroom.store import sync_log
from warroom.store.changelog import set_state
from warroom.store.merging import BadRecord, apply_segment


def pull(run: Run, progress: Progress) -> None:
    """Apply every new file that can apply: a file waits for the one before it, for a newer
    key, or for rows another laptop has not shared yet; a bad one is set aside."""
    shared, team, keys, me, report = run.shared, run.team, run.keys, run.device, run.report
    todo: dict[str, list[int]] = {}
    files: dict[str, dict[int, Path]] = {}
    done: dict[str, dict[int, str]] = {}
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
                with run.store.transaction() as session:
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


def _quarantine(run: Run, device: str, seq: int, data: bytes, reason: str) -> None:
    """Keep a copy of a bad file to look at; the share's copy is never touched."""
    folder = run.data_root / "quarantine"
    segments.write_atomically(folder, f"{device}-{segment_name(seq)}", data)
    with run.store.transaction() as session:
        sync_log.quarantine(
            session.connection(), device, seq, digest(data), reason, datetime.now(UTC)
        )
