"""`warroom duplicates` and `warroom merge`: whales and people written down twice, and one
merged into the other in one edit."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from warroom.cli.common import Command, Context, open_book, when
from warroom.domain.errors import BadInput
from warroom.domain.words import plural

if TYPE_CHECKING:
    from warroom.domain.duplicates import Pair
    from warroom.services.duplicates import MergePlan


def _pair_json(pair: Pair, whales: dict[str, str]) -> dict[str, Any]:
    def side(entry: Any) -> dict[str, Any]:
        out = {"id": entry.id, "name": entry.name, "touches": entry.touches}
        if entry.whale_id:
            out["whale"] = whales.get(entry.whale_id, "")
        return out

    return {
        "keep": side(pair.keep),
        "other": side(pair.other),
        "why": pair.why,
        "score": pair.score,
    }


def _cmd_duplicates(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services.duplicates import Duplicates

    with open_book(ctx) as book:
        found = Duplicates(book).find()
    names = found.whale_names
    if args.json:
        ctx.emit_json(
            {
                "whales": [_pair_json(p, names) for p in found.whales],
                "people": [_pair_json(p, names) for p in found.people],
            }
        )
        return 0
    if not found.whales and not found.people:
        ctx.emit("No likely duplicates: every whale and person is written down once.")
        return 0
    lines = []  # printed at once: a sales floor lists 60,000 lines
    if found.whales:
        lines.append(f"{plural(len(found.whales), 'likely duplicate whale')}:")
    for pair in found.whales:
        lines.append(f"  {pair.keep.name!r} and {pair.other.name!r}: {pair.why}")
        lines.append(f"    warroom merge {pair.keep.id} {pair.other.id}")
    if found.people:
        lines.append(
            f"{plural(len(found.people), 'likely duplicate person', 'likely duplicate people')}:"
        )
    for pair in found.people:
        where = names.get(pair.keep.whale_id, "")
        lines.append(f"  {pair.keep.name!r} and {pair.other.name!r} at {where}: {pair.why}")
        lines.append(f"    warroom merge --people {pair.keep.id} {pair.other.id}")
    ctx.emit("\n".join(lines))
    return 0


def _plan_json(plan: MergePlan) -> dict[str, Any]:
    return {
        "keep": {"id": plan.keep_id, "name": plan.keep},
        "other": {"id": plan.other_id, "name": plan.other},
        "differing": [{"field": d.field, "keep": d.keep, "other": d.other} for d in plan.differing],
        "filled_from_other": list(plan.filled),
        "people_folded": [{"keep": a, "other": b} for a, b in plan.people],
        "moves": plan.moves,
    }


def _cmd_merge(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services.duplicates import Duplicates

    at = when(args.at)
    if args.people:
        if args.take:
            raise BadInput("--take chooses a whale's fields; two people merge without it")
        with open_book(ctx, writes=not args.dry_run) as book:
            duplicates = Duplicates(book)
            if args.dry_run:
                pair = duplicates.people_pair(args.keep, args.other)
            else:
                pair = duplicates.merge_people(args.keep, args.other, at).value
        if args.json:
            ctx.emit_json(
                {
                    "keep": {"id": pair.keep.id, "name": pair.keep.name},
                    "other": {"id": pair.other.id, "name": pair.other.name},
                    "touches_moved": pair.other.touches,
                    "dry_run": args.dry_run,
                }
            )
            return 0
        ctx.emit(("Would merge " if args.dry_run else "Merged ") + pair.words() + ".")
        return 0
    with open_book(ctx, writes=not args.dry_run) as book:
        duplicates = Duplicates(book)
        if args.dry_run:
            plan = duplicates.plan(args.keep, args.other)
            taken = set(plan.fields_named(args.take or ()))
        else:
            plan = duplicates.merge(args.keep, args.other, at, args.take or ()).value
            taken = set(plan.fields_named(args.take or ()))
    if args.json:
        ctx.emit_json({**_plan_json(plan), "taken": sorted(taken), "dry_run": args.dry_run})
        return 0
    ctx.emit(("Would merge " if args.dry_run else "Merged ") + plan.words(not args.dry_run) + ".")
    for d in plan.differing:
        chosen, left = (d.other, d.keep) if d.field in taken else (d.keep, d.other)
        verb = "keeps" if args.dry_run else "kept"
        ctx.emit(f"  {d.label}: {verb} {chosen!r} (not {left!r})")
    if plan.differing and args.dry_run:
        labels = ", ".join(repr(d.label.lower()) for d in plan.differing)
        ctx.emit(f"  (--take takes the other's value of: {labels})")
    return 0


def register(command: Command) -> None:
    dp = command("duplicates", _cmd_duplicates, "whales and people likely written down twice")
    dp.add_argument("--json", action="store_true")

    mg = command("merge", _cmd_merge, "merge a whale (or a person) written down twice into one")
    mg.add_argument("keep", metavar="KEEP", help="the whale (id or unique name) that stays")
    mg.add_argument("other", metavar="OTHER", help="the whale merged into it, then deleted")
    mg.add_argument(
        "--take", action="append", metavar="FIELD", help="take the other's value of a field"
    )
    mg.add_argument("--people", action="store_true", help="KEEP and OTHER are stakeholder ids")
    mg.add_argument("--dry-run", action="store_true", help="say what would happen, write nothing")
    mg.add_argument("--at", metavar="ISO", help="when (default: now)")
    mg.add_argument("--json", action="store_true")
