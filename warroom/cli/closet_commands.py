"""`warroom spring-clean` and `warroom hold`: the open deals hiding, decaying, in the
pipeline, and setting one aside until a day with a reason."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from warroom.cli.common import Command, Context, day_argument, iso, open_book, when
from warroom.domain.errors import BadInput
from warroom.domain.words import money, plural

if TYPE_CHECKING:
    from warroom.domain.closet import InCloset
    from warroom.services.closet import ClosetReport


def _cmd_spring_clean(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services.closet import Closet

    at = when(args.at)
    with open_book(ctx) as book:
        report = Closet(book).report(at, args.rep)
    if args.json:
        ctx.emit_json(_report_json(report))
        return 0
    if not report.rows:
        ctx.emit(
            "The closet is empty: every open deal is warm, being re-warmed, or held with a reason."
        )
    else:
        ctx.emit(
            f"{plural(len(report.rows), 'open deal')} in the closet, holding {_value(report)}"
            f" (half-life {report.half_life_days:.0f} days):"
        )
        for row in report.rows:
            whale = row.whale
            ctx.emit(f"  {whale.name}: {whale.deal_size:,} {whale.currency}, {row.why}")
        ctx.emit(
            "Re-warm one (warroom rewarm WHALE), close it (warroom close WHALE --outcome"
            " no_decision --reason timing_or_do_nothing) or hold it (warroom hold WHALE"
            " --until D --reason T)."
        )
    if report.rewarming:
        ctx.emit(f"Being re-warmed ({len(report.rewarming)}): {', '.join(report.rewarming)}")
    if report.holds:
        ctx.emit(f"On hold ({len(report.holds)}):")
        for held in report.holds:
            ctx.emit(f"  {held.whale}: until {held.hold.until.isoformat()}, {held.hold.reason}")
    return 0


def _value(report: ClosetReport) -> str:
    return ", ".join(f"{money(amount)} {currency}" for currency, amount in report.value.items())


def _report_json(report: ClosetReport) -> dict[str, Any]:
    return {
        "at": iso(report.at),
        "half_life_days": round(report.half_life_days, 2),
        "value": report.value,
        "deals": [_row_json(row) for row in report.rows],
        "rewarming": list(report.rewarming),
        "holds": [
            {
                "whale": held.whale,
                "whale_id": held.hold.whale_id,
                "held_on": held.hold.held_on.isoformat(),
                "until": held.hold.until.isoformat(),
                "reason": held.hold.reason,
            }
            for held in report.holds
        ],
    }


def _row_json(row: InCloset) -> dict[str, Any]:
    whale = row.whale
    return {
        "whale": whale.name,
        "whale_id": whale.id,
        "owner": whale.owner or None,
        "amount": whale.deal_size,
        "currency": whale.currency,
        "stage": whale.stage,
        "heat": round(whale.heat, 4),
        "days_cold": round(row.days_cold, 1),
        "why": row.why,
    }


def _cmd_hold(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services.closet import Closet

    at = when(args.at)
    if args.lift:
        if args.until or args.reason:
            raise BadInput("--lift takes neither --until nor --reason")
        with open_book(ctx, writes=True) as book:
            closet = Closet(book)
            whale_id = closet.lift(args.whale, at).value
            name = book.whale_name(whale_id)
        ctx.emit(f"{name} is off hold: back in Today's plans and, if cold, the closet.")
        return 0
    if args.until is None or not (args.reason or "").strip():
        raise BadInput("say until when and why: warroom hold WHALE --until D --reason T")
    with open_book(ctx, writes=True) as book:
        closet = Closet(book)
        whale_id = book.resolve_whale(args.whale)
        before = closet.hold_of(whale_id, closet.day(at))
        hold = closet.hold(whale_id, args.until, args.reason, at).value
        name = book.whale_name(hold.whale_id)
    if args.json:
        ctx.emit_json(
            {
                "whale": name,
                "whale_id": hold.whale_id,
                "held_on": hold.held_on.isoformat(),
                "until": hold.until.isoformat(),
                "reason": hold.reason,
            }
        )
        return 0
    ctx.emit(f"Held {name} until {hold.until.isoformat()}: {hold.reason}")
    if before is not None:
        ctx.emit(f"  (it was held until {before.until.isoformat()}: {before.reason})")
    return 0


def _cmd_rewarm(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services.closet import REWARM, Closet

    at = when(args.at)
    with open_book(ctx, writes=True) as book:
        closet = Closet(book)
        whale_id = book.resolve_whale(args.whale)
        enrolled = closet.rewarm(whale_id, at).value
        name = book.whale_name(whale_id)
    if args.json:
        ctx.emit_json({"whale": name, "whale_id": whale_id, "enrolments": enrolled})
        return 0
    ctx.emit(f"Enrolled {plural(len(enrolled), 'person', 'people')} at {name} in {REWARM!r}.")
    return 0


def register(command: Command) -> None:
    sc = command(
        "spring-clean",
        _cmd_spring_clean,
        "open deals cold for two half-lives or not warmed in 90 days, biggest first",
    )
    sc.add_argument("--rep", metavar="REP", help="one rep's whales (default: the team's)")
    sc.add_argument("--at", metavar="ISO", help="evaluate at this time (default: now)")
    sc.add_argument("--json", action="store_true")

    hd = command("hold", _cmd_hold, "set a whale aside until a day, with a reason")
    hd.add_argument("whale", metavar="WHALE", help="id or unique name")
    hd.add_argument("--until", type=day_argument, metavar="D", help="the day it comes back")
    hd.add_argument("--reason", metavar="T", help="why, in one line")
    hd.add_argument("--lift", action="store_true", help="end the hold now")
    hd.add_argument("--at", metavar="ISO", help="when (default: now)")
    hd.add_argument("--json", action="store_true")

    rw = command("rewarm", _cmd_rewarm, "enrol a cold whale's people in 'Re-warm a sinking whale'")
    rw.add_argument("whale", metavar="WHALE", help="id or unique name")
    rw.add_argument("--at", metavar="ISO", help="when (default: now)")
    rw.add_argument("--json", action="store_true")
