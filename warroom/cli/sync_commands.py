"""Team sync on the command line: create or join a team, sync, review conflicts."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from warroom import clock
from warroom.cli.common import Command, Context
from warroom.domain.errors import BadInput
from warroom.domain.words import plural

if TYPE_CHECKING:
    # Loaded by the sync commands only: cryptography need not slow every other command.
    from warroom.services.sync import Sync, SyncReport
    from warroom.services.transport import Location
    from warroom.store.db import Store

_WHERE = "a shared folder, or a team server: postgresql://USER@HOST[:PORT]/DB[?sslmode=...]"


def _location(text: str) -> Location:
    """A team server's URL as given (its password, if any, goes to the keyring), else a path."""
    from warroom.services.transport import location_of

    return location_of(text)


def _sync(ctx: Context, store: Store) -> Sync:
    from warroom.services.key_file import key_store
    from warroom.services.sync import Sync
    from warroom.services.team_keys import TeamKeys

    if ctx.keyring is None:
        raise BadInput("this build has no access to an OS keyring, so it cannot sync")
    keys = key_store(ctx.folder.root, ctx.keyring, _passphrase)
    return Sync(store, TeamKeys(keys), ctx.folder.root)


def _passphrase(new: bool) -> str:
    """The key file's passphrase: WARROOM_PASSPHRASE (for scripts), else asked here."""
    given = os.environ.get("WARROOM_PASSPHRASE")
    if given:
        return given
    if not sys.stdin.isatty():
        raise BadInput(
            "the team key file needs its passphrase: run this in a terminal, or set "
            "WARROOM_PASSPHRASE for a script"
        )
    if not new:
        return getpass.getpass("Passphrase for the team key file: ")
    first = getpass.getpass("Choose a passphrase for the team key file: ")
    if getpass.getpass("The same passphrase again: ") != first:
        raise BadInput("the two passphrases differ; nothing was saved")
    return first


def _name(store: Store) -> str:
    from warroom.services.book import Book
    from warroom.services.sync import device_name

    me = Book(store).me()
    return device_name(me.name if me else "")


def _cmd_team_create(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    try:
        sync = _sync(ctx, store)
        code = sync.create_team(_location(args.path), _name(store))
        where = sync.status().shared  # a server's URL without its password
    finally:
        store.close()
    if args.json:
        ctx.emit_json({"recovery_code": code, "shared": where})
        return 0
    ctx.emit(f"Team created in {where}.")
    ctx.emit(f"Recovery code (shown once; give it to each rep, keep a copy safe):\n\n  {code}\n")
    ctx.emit(f"Each rep runs: warroom team-join {where} --code CODE")
    return 0


def _cmd_team_join(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    try:
        said = _sync(ctx, store).join_team(_location(args.path), args.code, _name(store))
    finally:
        store.close()
    ctx.emit(said[0].upper() + said[1:] + ".")
    return 0


def _cmd_team_rotate(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    try:
        code = _sync(ctx, store).rotate_key(_location(args.path))
    finally:
        store.close()
    ctx.emit(f"New team key. Recovery code (shown once):\n\n  {code}\n")
    ctx.emit("Old files stay readable; reps add the new key with team-join --code.")
    return 0


def _cmd_team_move(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    try:
        sync = _sync(ctx, store)
        said = sync.move_team(_location(args.dest))
        where = sync.status().shared  # a server's URL without its password
    finally:
        store.close()
    ctx.emit(said[0].upper() + said[1:] + ".")
    ctx.emit(f"Each rep syncs once with: warroom sync {where}   (the same recovery code works)")
    return 0


def report_lines(report: SyncReport) -> list[str]:
    lines = [
        f"Applied {plural(report.changes_applied, 'change')} from"
        f" {plural(report.segments_applied, 'file')}; published"
        f" {plural(report.published, 'change')}.",
        f"Devices seen: {len(report.devices)}. Conflicts waiting: {report.conflicts_waiting}.",
    ]
    lines += [f"Set aside: {line}" for line in report.quarantined]
    lines += [f"Waiting: {line}" for line in report.waiting]
    lines += report.notices
    return lines


def _cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    try:
        shared = _location(args.path) if args.path else None
        report = _sync(ctx, store).sync(
            shared, republish=args.republish, clock_is_right=args.clock_is_right
        )
    finally:
        store.close()
    if args.json:
        data = asdict(report)
        data.pop("changes")
        ctx.emit_json(data)
    else:
        for line in report_lines(report):
            ctx.emit(line)
    return 0


_KEEP = {"book": False, "mine": False, "other": True, "theirs": True}


def _cmd_conflicts(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    try:
        sync = _sync(ctx, store)
        kept = None
        if args.take is not None:
            conflict_id, side = args.take
            if side not in _KEEP or not conflict_id.isdigit():
                raise BadInput(
                    "--take ID book|other: keep what the book holds now, or take the other"
                    " version, with ID the number 'warroom conflicts' shows (#3)"
                )
            chosen = [c for c in sync.conflicts() if c.id == int(conflict_id)]
            sync.choose(int(conflict_id), take_theirs=_KEEP[side])
            if chosen:
                c = chosen[0]
                kept = (c, c.theirs if _KEEP[side] else c.current)
        found = sync.conflicts()
    finally:
        store.close()
    if args.json:
        ctx.emit_json([asdict(conflict) for conflict in found])
        return 0
    if kept is not None:
        c, value = kept
        ctx.emit(f"Kept {c.field} {_value(value)} at {c.label}; every laptop gets it next sync.")
    if not found:
        ctx.emit("No conflicts waiting.")
    zone = clock.local_zone()  # the edits' times as this laptop's clock reads them
    for c in found:
        ctx.emit(
            f"#{c.id} {c.label}, {c.field}: the book holds {_value(c.current)}"
            f" ({c.current_by}, {c.current_at.astimezone(zone):%d %b %H:%M %Z}); the other"
            f" version {_value(c.theirs)} ({c.theirs_by},"
            f" {c.theirs_at.astimezone(zone):%d %b %H:%M %Z})"
        )
    if found:
        ctx.emit("Settle one with --take ID book (keep it) or --take ID other (take the other).")
    return 0


def _value(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return repr(value) if value not in (None, "") else "(empty)"


def register(command: Command) -> None:
    tc = command(
        "team-create", _cmd_team_create, "make a shared folder or a server a team (the lead, once)"
    )
    tc.add_argument("path", metavar="PATH|URL", help=_WHERE)
    tc.add_argument("--json", action="store_true")

    tj = command("team-join", _cmd_team_join, "join the team in a shared folder or on a server")
    tj.add_argument("path", metavar="PATH|URL", help=_WHERE)
    tj.add_argument("--code", required=True, metavar="C", help="the lead's recovery code")

    tr = command("team-rotate-key", _cmd_team_rotate, "a new team key (old files stay readable)")
    tr.add_argument("path", metavar="PATH|URL")

    tm = command(
        "team-move", _cmd_team_move, "move the team to another folder or server (same key)"
    )
    tm.add_argument("dest", metavar="DEST", help=_WHERE)

    sy = command("sync", _cmd_sync, "sync with the team's shared folder or server")
    sy.add_argument(
        "path", metavar="PATH|URL", nargs="?", help="default: the folder or server last synced"
    )
    sy.add_argument(
        "--republish",
        action="store_true",
        help="send all of this laptop's edits again (when a teammate's app set a file aside)",
    )
    sy.add_argument(
        "--clock-is-right",
        action="store_true",
        help="publish although the team's last syncs are long past (a quiet team, not a "
        "wrong clock)",
    )
    sy.add_argument("--json", action="store_true")

    cf = command("conflicts", _cmd_conflicts, "edits that lost to a concurrent edit")
    cf.add_argument(
        "--take", nargs=2, metavar=("ID", "book|other"), help="settle one: keep it, or the other"
    )
    cf.add_argument("--json", action="store_true")
