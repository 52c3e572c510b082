"""Publishing this laptop's edits, and making sure it is still the only one publishing as
this device (a crash between rename and commit, a copied or a restored book)."""

from __future__ import annotations

import json

from warroom.domain import clock_guard
from warroom.domain.book_settings import ME
from warroom.domain.words import plural
from warroom.services import segments, settings
from warroom.services.segments import (
    BadSegment,
    NeedKey,
    Segment,
    digest,
)
from warroom.services.sync_run import Run, device_name
from warroom.services.transport import read_one
from warroom.store import changelog, queries, sync_log
from warroom.store.changelog import set_state, state
from warroom.store.db import Connection
from warroom.store.sync_log import Published

SEGMENT_CHANGES = 50_000
_RESEND = "resend_from"  # the first of this laptop's files to send again (lost or damaged)
_SKIPPED = "own_skipped"  # ranges of this laptop's files that later files resent
_CHECKED = "own_checked"  # this laptop's files found whole, by size and time, not hashed again
_FORMER = "former_devices"  # the ids this book synced as before it became a new device


def publish(run: Run) -> None:
    """Seal this laptop's unpublished edits into its next segments, unless the team key was
    changed and this laptop lacks the new one, or its clock runs ahead (see clock_guard).
    Edits stamped while the clock ran ahead are re-timed first, once it is right again."""
    team, keys, me, report = run.team, run.keys, run.device, run.report
    with run.store.transaction() as session:
        connection = session.connection()
        last = sync_log.last_published(connection, me)
        resends = _resend_from(connection, run.republish)
        start = _start(connection, me, last, resends)
        unsent = last.last_change if last else outbox_start(connection)
        if not any(True for _ in sync_log.unpublished(connection, start, 1)):
            return
        peers = sync_log.peer_clocks(connection)
    if team.current not in keys:
        report.notices.append(
            "The lead changed the team key: enter the new recovery code to publish "
            "your edits again (they are kept)."
        )
        return
    share_now = run.share_clock_ms(run.transport, me)
    now = run.clock_ms()
    verdict = clock_guard.judge(now, share_now, run.time_synced(), peers, run.transport.clock_name)
    if verdict.refused and not run.clock_is_right:
        report.notices.append(_refusal(verdict))
        report.clock_doubted = verdict.bound_ms >= clock_guard.PEERS_BOUND_MS
        return
    with run.store.transaction(write=True) as session:
        connection = session.connection()
        # A clock set back (behind the reference) leaves its earlier stamps "ahead" of it
        # too; re-timing them to a wrong time could put them behind versions already seen.
        healed = 0 if verdict.behind else changelog.heal(connection, now, unsent, me)
        batch = list(sync_log.unpublished(connection, start, SEGMENT_CHANGES))
        # One who joined before saying who they are was named by the computer alone: from
        # their next publish, by who they are now.
        name = state(connection, "device_name") or ""
        rep_id: str | None = settings.read(session, ME)
        rep = queries.rep_by_id(session, rep_id) if rep_id else None
        if rep is not None and name in ("", device_name("")):
            name = device_name(rep.name)
    if healed:
        report.notices.append(
            f"This laptop's clock had run ahead; {plural(healed, 'edit')} made then "
            "took the right time and went out with this sync."
        )
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
            now,
            resends,
        )
        data = segments.seal(segment, keys[team.current])
        run.transport.publish(me, seq, data, run.step)
        run.step("commit")  # published, not yet recorded: adopted next time
        last = Published(me, seq, digest(data), segment.last)
        with run.store.transaction(write=True) as session:
            connection = session.connection()
            sync_log.mark_published(connection, last)
            if resends:
                _resent(connection, resends, seq)
                resends = 0
            report.published += len(batch)
            batch = list(sync_log.unpublished(connection, last.last_change, SEGMENT_CHANGES))


def _refusal(verdict: clock_guard.Verdict) -> str:
    return (
        f"This laptop's clock is {clock_guard.span(verdict.ahead_ms)} ahead of "
        f"{verdict.against}, so nothing was published (its edits would win every field "
        "they touch). Set the clock right, then sync again; your edits are kept."
        + (
            " If your teammates have simply not synced for that long, sync with "
            "'My clock is right' (warroom sync --clock-is-right)."
            if verdict.bound_ms >= clock_guard.PEERS_BOUND_MS
            else ""
        )
    )


def _resend_from(connection: Connection, republish: bool) -> int:
    """The first file number the next file resends from (0: it resends nothing)."""
    if republish:
        return 1
    value = state(connection, _RESEND)
    return int(value) if value else 0


def _start(connection: Connection, me: str, last: Published | None, resends: int) -> int:
    """The change number the next file carries edits after."""
    if last is None or resends == 1:
        return outbox_start(connection)
    if resends:
        before = [done for done in sync_log.published(connection, me) if done.seq < resends]
        return before[-1].last_change if before else outbox_start(connection)
    return last.last_change


def _resent(connection: Connection, resends: int, seq: int) -> None:
    """File `seq` resent files `resends`..seq-1: nobody needs them, and nothing checks them."""
    skipped = _skipped(connection)
    skipped.append((resends, seq - 1))
    set_state(connection, _SKIPPED, json.dumps(skipped))
    connection.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (_RESEND,))


def _skipped(connection: Connection) -> list[tuple[int, int]]:
    value = state(connection, _SKIPPED)
    return [(int(a), int(b)) for a, b in json.loads(value)] if value else []


# --- status and conflicts ---------------------------------------------------------------


def check_own_files(run: Run) -> str:
    """This laptop's own files on the share: one missing or damaged is sent again (its edits
    and everything after, in new files readers can skip to); one this laptop wrote but did
    not record (it stopped between the rename and the commit) is adopted; one that another
    copy of this book wrote (a copied or restored book) makes this laptop a new device."""
    device = run.device
    files = run.transport.own(device)
    with run.store.transaction() as session:
        connection = session.connection()
        done = sync_log.published(connection, device)
        skipped = _skipped(connection)
        checked: dict[str, object] = json.loads(state(connection, _CHECKED) or "{}")
    lost: tuple[int, str] | None = None
    for mine in done:
        if any(a <= mine.seq <= b for a, b in skipped):
            continue
        fingerprint = files.get(mine.seq)
        if fingerprint is None:
            lost = (mine.seq, f"missing from {run.transport.place} (deleted, or never delivered)")
            break
        if checked.get(str(mine.seq)) == fingerprint:
            continue
        try:
            data = read_one(run.transport, device, mine.seq)
        except (BadSegment, OSError):
            lost = (mine.seq, f"unreadable on {run.transport.place}")
            break
        if digest(data) == mine.hash:
            checked[str(mine.seq)] = fingerprint
            continue
        try:
            _open(run, mine.seq)
        except BadSegment:
            lost = (mine.seq, f"damaged on {run.transport.place}")
            break
        except NeedKey:
            pass
        return _become_new_device(run, files)  # a whole file of another copy under our number
    with run.store.transaction(write=True) as session:
        connection = session.connection()
        set_state(connection, _CHECKED, json.dumps(checked, separators=(",", ":")))
        if lost is not None:
            pending = _resend_from(connection, False)
            set_state(connection, _RESEND, str(min(lost[0], pending or lost[0])))
    if lost is not None:
        run.report.notices.append(
            f"This laptop's file {lost[0]} was {lost[1]}; its edits from that file on are "
            "sent again with this sync, so the team gets them all."
        )
    last = done[-1] if done else None
    for seq in sorted(s for s in files if s > (last.seq if last else 0)):
        try:
            data, segment = _open(run, seq)
        except (BadSegment, NeedKey, OSError):
            return _become_new_device(run, files, damaged=seq)
        with run.store.transaction(write=True) as session:
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
            if segment.resends:
                _resent(connection, segment.resends, seq)
    else:
        return device
    return _become_new_device(run, files)


def former_devices(connection: Connection) -> list[str]:
    """The ids this book synced as before (a copy or a damaged file made it a new device)."""
    return list(json.loads(state(connection, _FORMER) or "[]"))


def _become_new_device(run: Run, files: dict[int, str], damaged: int | None = None) -> str:
    """Sync on as a new device: this one's numbers hold a file this book did not write (a
    copy of the book's, or one `damaged` past reading), so what it writes next must not be
    read as following it."""
    old, report = run.device, run.report
    new = segments.new_device_id()
    with run.store.transaction(write=True) as session:
        connection = session.connection()
        intact: Published | None = None
        for done in reversed(sync_log.published(connection, old)):
            if done.seq in files and _digest_of(run, done.seq) == done.hash:
                intact = done
                break
        after = intact.last_change if intact else outbox_start(connection)
        for done in sync_log.published(connection, old):
            if intact is not None and done.seq <= intact.seq:
                sync_log.mark_applied(connection, old, done.seq, done.hash, 0)
        sync_log.restamp(connection, after, old, new)
        set_state(connection, "device", new)
        set_state(connection, "outbox_start", str(after))
        set_state(connection, _FORMER, json.dumps([*former_devices(connection), old]))
        for key in (_RESEND, _SKIPPED, _CHECKED):  # about the old device's files
            connection.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (key,))
        run.store.log.device = new
    if damaged is None:
        report.notices.append(
            "Another copy of this book (copied to another laptop, or restored from a backup) "
            "published as this laptop. This laptop now syncs as a new device; nothing was lost."
        )
    else:
        report.notices.append(
            f"File {damaged} in this laptop's own folder on {run.transport.place} cannot be "
            "read (damaged, or sealed with a key this laptop does not have) and was not "
            "written by this book. So that no teammate takes it for this laptop's next file, "
            "this laptop now syncs as a new device; nothing was lost."
        )
    return new


def _open(run: Run, seq: int) -> tuple[bytes, Segment]:
    team, device, keys = run.team, run.device, run.keys
    data = read_one(run.transport, device, seq)
    return data, segments.open_segment(data, team=team.id, device=device, seq=seq, keys=keys)


def _digest_of(run: Run, seq: int) -> str:
    try:
        return digest(read_one(run.transport, run.device, seq))
    except (OSError, BadSegment):
        return ""


def outbox_start(connection: Connection) -> int:
    """The first change this device id publishes after (not 0 once a clone took a new id)."""
    value = state(connection, "outbox_start")
    return int(value) if value else 0
