"""The command line: argparse over services. Exit 0 ok, 2 bad input (one line), 1 a bug."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from warroom import __version__
from warroom.cli import (
    book_commands,
    capture_commands,
    closet_commands,
    duplicates_commands,
    hunt_commands,
    learning_commands,
    pipeline_commands,
    settings_commands,
    sync_commands,
)
from warroom.cli.common import Context, OpenGui, Parser, ReportWriter, follow_rep_zone
from warroom.domain.errors import WarroomError
from warroom.logs import start_logging
from warroom.paths import data_folder
from warroom.store.staging import clean_leftovers

if TYPE_CHECKING:
    from warroom.services.team_keys import KeyringBackend

log = logging.getLogger("warroom")
__all__ = ["OpenGui", "ReportWriter", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="warroom",
        description="Whale War Room: hunt the few accounts that "
        "make a year. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"warroom {__version__}")
    parser.set_defaults(handler=book_commands.open_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace, Context], int], help_: str
    ) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_, description=help_)
        cmd.set_defaults(handler=handler, command=name)
        return cmd

    for module in (
        book_commands,
        capture_commands,
        closet_commands,
        duplicates_commands,
        hunt_commands,
        learning_commands,
        pipeline_commands,
        settings_commands,
        sync_commands,
    ):
        module.register(command)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    open_gui: OpenGui | None = None,
    write_report: ReportWriter | None = None,
    keyring: Callable[[], KeyringBackend] | None = None,
) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    ctx = Context(data_folder(), open_gui, write_report, keyring)
    follow_rep_zone(ctx.folder)
    try:
        clean_leftovers(ctx.folder.root, ctx.folder.backups)
        return int(args.handler(args, ctx))
    except WarroomError as exc:
        print(f"warroom: {exc}", file=sys.stderr)
        if getattr(args, "json", False):
            # A script asked for JSON: it gets JSON that says what went wrong, not nothing.
            ctx.emit_json({"error": str(exc)})
        return 2
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not a fault of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        # Ctrl+C: every write is one transaction, so what was not committed is not there.
        print("warroom: interrupted; nothing was half-written", file=sys.stderr)
        return 130
    except Exception as exc:
        if "database or disk is full" in str(exc):
            print(
                "warroom: the disk is full; nothing was written (free some space)", file=sys.stderr
            )
            return 2
        path = start_logging(ctx.folder.logs)
        # The command's name only: its arguments may hold a note or a name.
        log.exception("unexpected fault in the %s command", getattr(args, "command", "gui"))
        print(f"warroom: unexpected fault; the details are in {path}", file=sys.stderr)
        return 1
