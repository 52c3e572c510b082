"""`warroom capture`: touches from calendar and mail exports (.ics, .eml, .mbox, .vcf)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from warroom.cli.common import Command, Context, open_book, when
from warroom.domain.errors import BadInput
from warroom.domain.words import plural

if TYPE_CHECKING:
    from warroom.domain.capture import Captured
    from warroom.services.capture import Logged, Preview


def _cmd_capture(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services.capture import Capture, describe

    paths = [Path(p) for p in args.files]
    now = when(args.at)
    with open_book(ctx) as book:
        capture = Capture(book)
        preview = capture.preview(paths, now)
        for problem in preview.problems:
            print(f"warroom: {problem}", file=sys.stderr)
        if preview.files_read == 0:
            raise BadInput(f"nothing could be read from {plural(len(paths), 'file')}")
        logged = None
        if not args.dry_run:
            logged = capture.log(preview, now, add_people=args.add_people, again=args.again).value
    plan = preview.plan.again() if args.again else preview.plan
    plan = plan if args.add_people else plan.without_new_people()
    if args.json:
        ctx.emit_json(_as_json(preview, plan, logged))
        return 0
    hint = "not added (--add-people adds them and their touches)"
    again = "--again logs again what was deleted since it was captured"
    for line in describe(preview, plan, dry_run=args.dry_run, not_added=hint, again=again):
        ctx.emit(line)
    return 0


def _as_json(preview: Preview, plan: Any, logged: Logged | None) -> dict[str, Any]:
    zone = ZoneInfo(preview.rep.timezone)

    def row(item: Captured) -> dict[str, Any]:
        return {
            "whale": preview.whale_names.get(item.whale_id, item.whale_id),
            "stakeholder": preview.stakeholder_names.get(item.stakeholder_id or "")
            or item.new_address
            or None,
            "kind": item.kind,
            "occurred_at": item.at.astimezone(zone).isoformat(),
            "source": item.source,
            "note": item.note,
        }

    return {
        "dry_run": logged is None,
        "added": len(plan.touches) if logged is None else logged.added,
        "already_logged": plan.already_logged,
        "planned": len(plan.planned) if logged is None else logged.planned,
        "people_added": 0 if logged is None else logged.people,
        "touches": [row(item) for item in plan.touches],
        "planned_touches": [row(item) for item in plan.planned],
        "new_people": [
            {
                "whale": preview.whale_names.get(p.whale_id, p.whale_id),
                "name": p.name,
                "email": p.address,
            }
            for p in preview.plan.new_people
        ],
        "unmatched": [{"address": a, "count": n} for a, n in plan.unmatched.items()],
        "skipped": [{"what": s.what, "why": s.why} for s in plan.skipped],
        "deleted_since_captured": len(plan.deleted),
        "problems": list(preview.problems),
    }


def register(command: Command) -> None:
    cap = command(
        "capture",
        _cmd_capture,
        "touches from calendar and mail exports (.ics, .eml, .mbox, .vcf)",
    )
    cap.add_argument("files", nargs="+", metavar="FILE")
    cap.add_argument("--dry-run", action="store_true", help="show what would be logged")
    cap.add_argument(
        "--add-people",
        action="store_true",
        help="add people at a whale's web domain as new stakeholders, with their touches",
    )
    cap.add_argument(
        "--again",
        action="store_true",
        help="log again what was deleted in the app since it was captured (after an undo)",
    )
    cap.add_argument("--at", metavar="ISO", help="capture as of this time (default: now)")
    cap.add_argument("--json", action="store_true")
