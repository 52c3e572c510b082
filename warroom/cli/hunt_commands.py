"""Commands of the daily hunt: today's five, the streak, and outreach cadences."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warroom import clock
from warroom.cli.common import Command, Context, open_book, when
from warroom.domain.cadence import Enrolment
from warroom.domain.errors import BadInput
from warroom.domain.today import progress_text
from warroom.domain.values import WEEKDAY_NAMES, parse_day
from warroom.domain.words import plural, rate_words


def _today_at(args: argparse.Namespace) -> datetime:
    if args.at:
        return when(args.at)
    if getattr(args, "date", None):
        zone = clock.local_zone()
        clock_time = clock.now().astimezone(zone).time()
        return datetime.combine(parse_day(args.date), clock_time, zone).astimezone(UTC)
    return clock.now()


def _cmd_today(args: argparse.Namespace, ctx: Context) -> int:

    from warroom.services.today import Today

    at = _today_at(args)
    with open_book(ctx) as book:
        report = Today(book).today(args.rep, at)
    if args.json:
        ctx.emit_json(
            {
                "rep": report.rep.name,
                "date": report.day.isoformat(),
                "at": report.at.isoformat(),
                "cutoff": report.cutoff.isoformat(),
                "before_lunch": report.before_lunch,
                "made": report.streak.made_today,
                "streak": report.streak.current,
                "rows": [
                    {
                        "whale_id": row.whale.id,
                        "whale": row.whale.name,
                        "origin": row.plan.origin,
                        "rule": row.rule,
                        "reason": row.reason,
                        "gaps": list(row.gaps),
                        "suggested_kind": row.suggested_kind,
                        "done": row.done,
                        "deal_size": row.whale.deal_size,
                        "heat": round(row.whale.heat, 6),
                    }
                    for row in report.rows
                ],
            }
        )
        return 0
    workday = report.day.isoweekday() in report.rep.workdays
    progress = progress_text(report.before_lunch, report.cutoff, report.at, workday)
    ctx.emit(f"{report.rep.name}, {report.day:%A %d %B %Y}: {progress}")
    ctx.emit(f"Streak: {plural(report.streak.current, 'workday')} (best {report.streak.best})")
    if not report.rows:
        ctx.emit("No whales yet: add some with 'warroom add-whale' or 'warroom import'.")
    for number, row in enumerate(report.rows, start=1):
        mark = "[x]" if row.done else "[ ]"
        ctx.emit(f"{number:>2}. {mark} {row.whale.name[:32]:<32} {row.why}")
    return 0


def _cmd_streak(args: argparse.Namespace, ctx: Context) -> int:

    from warroom.services.today import Today

    at = when(args.at)
    with open_book(ctx) as book:
        report = Today(book).streak(args.rep, at)
    current = report.streak
    if args.json:
        ctx.emit_json(
            {
                "rep": report.rep.name,
                "date": report.day.isoformat(),
                "current": current.current,
                "best": current.best,
                "made_today": current.made_today,
                "today_before_lunch": current.today_count,
                "made_rate_4_weeks": (
                    None if report.made_rate_4_weeks is None else round(report.made_rate_4_weeks, 4)
                ),
                "calendar": [{"date": d.isoformat(), "made": m} for d, m in report.calendar],
            }
        )
        return 0
    ctx.emit(
        f"{report.rep.name}: streak {plural(current.current, 'workday')}, best {current.best}, "
        f"made {rate_words(report.made_rate_4_weeks)} of workdays in the last 4 weeks"
    )
    weeks: dict[int, list[str]] = {}
    for day, made in report.calendar:
        weeks.setdefault(day.isoweekday(), []).append("■" if made else "·")
    for weekday, cells in sorted(weeks.items()):
        ctx.emit(f"  {WEEKDAY_NAMES[weekday - 1]} {''.join(cells)}")
    return 0


def _enrolment_json(e: Enrolment) -> dict[str, Any]:
    return {
        "id": e.id,
        "template": e.template,
        "whale": e.whale,
        "whale_id": e.whale_id,
        "stakeholder": e.stakeholder,
        "status": e.status,
        "started_on": e.started_on.isoformat(),
        "stop_reason": e.stop_reason,
        "steps": [
            {
                "id": s.id,
                "number": s.number,
                "channel": s.channel,
                "due_on": s.due_on.isoformat(),
                "status": s.status,
            }
            for s in e.steps
        ],
    }


def _cmd_cadence(args: argparse.Namespace, ctx: Context) -> int:

    from warroom.services.cadences import Cadences

    now = clock.now()
    with open_book(ctx, writes=True) as book:
        cadences = Cadences(book)
        action = args.action
        if action == "templates":
            templates = cadences.templates()
            if args.json:
                ctx.emit_json(
                    [
                        {
                            "id": t.id,
                            "name": t.name,
                            "description": t.description,
                            "steps": [
                                {
                                    "day_offset": s.day_offset,
                                    "channel": s.channel,
                                    "instruction": s.instruction,
                                }
                                for s in t.steps
                            ],
                        }
                        for t in templates
                    ]
                )
                return 0
            for t in templates:
                ctx.emit(
                    f"{t.name}: {len(t.steps)} steps over {t.steps[-1].day_offset} days"
                    if t.steps
                    else f"{t.name}: no steps"
                )
            return 0
        if action == "enrol":
            if not args.whale or not args.template or not args.contact:
                raise BadInput("enrol needs WHALE, --template and at least one --contact")
            start = (
                parse_day(args.start) if args.start else now.astimezone(clock.local_zone()).date()
            )
            made = cadences.enrol(
                args.whale,
                args.contact,
                args.template,
                start,
                now,
                rep=args.rep,
                confirm_double=args.confirm,
            ).value
            ctx.emit(f"Enrolled {len(made)} in {args.template} from {start}: {', '.join(made)}")
            return 0
        if action == "due":
            items = cadences.due(args.rep, when(args.at))
            if args.json:
                ctx.emit_json(
                    [
                        {
                            "step_id": i.step_id,
                            "whale": i.enrolment.whale,
                            "stakeholder": i.enrolment.stakeholder,
                            "template": i.enrolment.template,
                            "number": i.number,
                            "channel": i.channel,
                            "instruction": i.instruction,
                            "due_on": i.due_on.isoformat(),
                            "overdue": i.overdue,
                        }
                        for i in items
                    ]
                )
                return 0
            if not items:
                ctx.emit("Nothing due: every cadence step is done for today.")
            for i in items:
                late = " (overdue)" if i.overdue else ""
                ctx.emit(
                    f"{i.step_id}  {i.enrolment.whale}, {i.enrolment.stakeholder}: step "
                    f"{i.number} of {i.enrolment.template}, {i.channel} due "
                    f"{i.due_on}{late}"
                )
            return 0
        if action in ("done", "skip"):
            if not args.whale:
                raise BadInput(f"{action} needs the step id (from 'warroom cadence due')")
            if action == "done":
                cadences.complete(args.whale, now, note=args.note or "")
            else:
                cadences.skip(args.whale, now)
            ctx.emit(f"Step {'done' if action == 'done' else 'skipped'}")
            return 0
        if action in ("stop", "pause", "resume"):
            if not args.whale:
                raise BadInput(f"{action} needs the enrolment id (from 'warroom cadence list')")
            if action == "stop":
                cadences.stop(args.whale, args.reason or "", now)
            elif action == "pause":
                cadences.pause(args.whale, now)
            else:
                cadences.resume(args.whale, now)
            ctx.emit(f"Enrolment {action}{'ped' if action == 'stop' else 'd'}")
            return 0
        if action == "list":
            found = cadences.enrolments(rep=args.rep, whale=args.whale, active_only=not args.all)
            if args.json:
                ctx.emit_json([_enrolment_json(e) for e in found])
                return 0
            # Whose each is: without --rep the list is the whole team's, as the app's is not.
            names = {rep.id: rep.name for rep in book.reps()}
            for e in found:
                why = f": {e.stop_reason}" if e.stop_reason else ""
                ctx.emit(
                    f"{e.id}  {e.whale}, {e.stakeholder}: {e.template} ({e.status}{why}, "
                    f"{e.done_steps} of {len(e.steps)} steps done; "
                    f"{names.get(e.rep_id or '', 'no rep')}'s)"
                )
            return 0
        if action == "follow":
            figures, yields = cadences.follow_through(), cadences.step_yields()
            budget = cadences.inmail_budget(args.rep, now)
            names = {rep.id: rep.name for rep in book.reps()}
            if args.json:
                ctx.emit_json(
                    {
                        "inmail": {
                            "budget": budget.budget,
                            "used": budget.used,
                            "left": budget.left,
                        },
                        "follow_through": [
                            {
                                "rep": names.get(f.rep_id or "", ""),
                                "template": f.template,
                                "enrolments": f.enrolments,
                                "ended": f.ended,
                                "engaged": f.engaged,
                                "abandoned_early": f.abandoned_early,
                                "average_touches": round(f.average_touches, 3),
                            }
                            for f in figures
                        ],
                        "steps": [
                            {
                                "template": y.template,
                                "number": y.number,
                                "channel": y.channel,
                                "done": y.tries,
                                "engaged_after": y.engaged_after,
                            }
                            for y in yields
                        ],
                    }
                )
                return 0
            ctx.emit(f"InMails this month: {budget.used} of {budget.budget} ({budget.left} left)")
            for f in figures:
                ctx.emit(
                    f"{names.get(f.rep_id or '', '')[:16]:<16} {f.template[:24]:<24} "
                    f"{f.ended:>3} ended, {f.engaged:>3} engaged, {f.abandoned_early:>3} "
                    f"given up after 1-2 tries, {f.average_touches:.1f} touches"
                )
            return 0
        if action == "ics":
            if not args.out:
                raise BadInput("ics needs --out FILE.ics")
            count = cadences.export_ics(args.rep, Path(args.out), now)
            ctx.emit(f"Wrote {count} upcoming steps to {args.out}")
            return 0
    raise BadInput(f"unknown cadence action {action!r}")  # pragma: no cover - argparse choices


def register(command: Command) -> None:
    td = command("today", _cmd_today, "five whales before lunch: today's list with reasons")
    td.add_argument("--rep", metavar="R", help="rep name or id (default: me)")
    td.add_argument("--date", metavar="D", help="the list of another day (YYYY-MM-DD)")
    td.add_argument("--at", metavar="ISO", help="evaluate at this time (default: now)")
    td.add_argument("--json", action="store_true")

    sk = command("streak", _cmd_streak, "made days, the streak and 26 weeks of calendar")
    sk.add_argument("--rep", metavar="R", help="rep name or id (default: me)")
    sk.add_argument("--at", metavar="ISO", help="evaluate at this time (default: now)")
    sk.add_argument("--json", action="store_true")

    cd = command("cadence", _cmd_cadence, "outreach cadences: templates, enrolments, due steps")
    cd.add_argument(
        "action",
        choices=[
            "templates",
            "list",
            "enrol",
            "due",
            "done",
            "skip",
            "stop",
            "pause",
            "resume",
            "follow",
            "ics",
        ],
    )
    cd.add_argument(
        "whale",
        nargs="?",
        metavar="WHALE|ID",
        help="the whale (enrol, list), step id (done, skip) or enrolment id",
    )
    cd.add_argument("--template", metavar="T", help="cadence name or id (enrol)")
    cd.add_argument(
        "--contact", action="append", metavar="C", help="stakeholder to enrol (repeat for several)"
    )
    cd.add_argument("--start", metavar="D", help="first day (enrol; default today)")
    cd.add_argument(
        "--confirm", action="store_true", help="enrol even if already in another cadence"
    )
    cd.add_argument("--rep", metavar="R", help="rep name or id (default: me)")
    cd.add_argument("--reason", metavar="T", help="why you stop (stop)")
    cd.add_argument("--note", metavar="T", help="note for the logged touch (done)")
    cd.add_argument("--at", metavar="ISO", help="evaluate at this time (due)")
    cd.add_argument("--all", action="store_true", help="ended enrolments too (list)")
    cd.add_argument("--out", metavar="FILE", help="where to write the calendar (ics)")
    cd.add_argument("--json", action="store_true")
