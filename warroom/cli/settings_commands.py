"""The settings command: every setting, whether its stored value is good, and a reset."""

from __future__ import annotations

import argparse
from datetime import time
from typing import Any

from warroom import clock
from warroom.cli.common import Command, Context, open_book
from warroom.domain.book_settings import StoredSetting, rule_for, shown
from warroom.domain.decay_settings import DecaySettings, settings_as_json
from warroom.domain.errors import BadInput


def _plain(value: Any) -> Any:
    """A setting's value in use as JSON shows it."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, DecaySettings):
        return settings_as_json(value)
    return value


def _as_json(setting: StoredSetting) -> dict[str, Any]:
    rule = rule_for(setting.key)
    return {
        "key": setting.key,
        "about": rule.about if rule else "not known to this version; kept as it is",
        "stored": setting.stored,
        "valid": setting.problem is None,
        "problem": setting.problem,
        "value": _plain(setting.value),
    }


def _cmd_settings(args: argparse.Namespace, ctx: Context) -> int:
    if args.action == "reset":
        return _reset(args, ctx)
    with open_book(ctx, warns=False) as book:
        found = book.settings.all()
    if args.json:
        ctx.emit_json([_as_json(setting) for setting in found])
        return 0
    for setting in found:
        if setting.problem:
            ctx.emit(
                f"{setting.key:<24} bad      {setting.problem}; the default is used "
                f"('warroom settings reset {setting.key}')"
            )
        else:
            state = "set" if setting.stored else "default"
            ctx.emit(f"{setting.key:<24} {state:<8} {shown(_plain(setting.value))}")
    return 0


def _reset(args: argparse.Namespace, ctx: Context) -> int:
    if not args.key:
        raise BadInput(
            "say which setting: 'warroom settings reset KEY' ('warroom settings' lists them)"
        )
    with open_book(ctx, writes=True, warns=False) as book:
        changed = book.settings.reset(args.key, clock.now()).value
    if args.json:
        ctx.emit_json({"key": args.key, "reset": changed})
    elif changed:
        ctx.emit(f"Reset {args.key} to its default")
    else:
        ctx.emit(f"{args.key} already has its default")
    return 0


def register(command: Command) -> None:
    st = command(
        "settings",
        _cmd_settings,
        "list the book's settings and whether each is valid; 'reset KEY' restores a default",
    )
    st.add_argument("action", nargs="?", choices=["reset"], help="reset KEY to its default")
    st.add_argument("key", nargs="?", metavar="KEY")
    st.add_argument("--json", action="store_true")
