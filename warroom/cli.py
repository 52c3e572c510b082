"""The command line: argparse over services. Exit 0 ok, 2 bad input (one line), 1 a bug."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from warroom import __version__, clock
from warroom.domain.cadence import Enrolment
from warroom.domain.errors import BadInput, WarroomError
from warroom.domain.kinds import REVIEW_REASONS, TOUCH_KINDS, TRIGGER_KINDS
from warroom.domain.today import progress_text
from warroom.domain.values import WEEKDAY_NAMES, parse_amount, parse_day, parse_instant
from warroom.paths import DataFolder, data_folder, resources_dir
from warroom.services import backups, demo, exporting, importing
from warroom.services.book import Book
from warroom.services.cadences import Cadences
from warroom.services.learning import Learning
from warroom.services.today import Today
from warroom.store.db import Store, open_store

log = logging.getLogger("warroom")
OpenGui = Callable[[DataFolder, bool, Path | None], int]


class _Parser(argparse.ArgumentParser):
    """Usage errors as one clear line and exit 2, as for any other bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"warroom: {message} (see 'warroom {self._sub_name()}--help')\n")

    def _sub_name(self) -> str:
        parts = self.prog.split()[1:]
        return " ".join(parts) + " " if parts else ""


@dataclass
class Context:
    folder: DataFolder
    open_gui: OpenGui | None

    def store(self) -> Store:
        return open_store(self.folder.ensure().book, at=clock.now())

    def emit(self, text: str) -> None:
        print(text)

    def emit_json(self, value: Any) -> None:
        print(json.dumps(value, indent=2, sort_keys=True, default=str))


def _when(text: str | None) -> datetime:
    return parse_instant(text, clock.local_zone()) if text else clock.now()


def _cmd_gui(args: argparse.Namespace, ctx: Context) -> int:
    if ctx.open_gui is None:
        raise BadInput("this build has no window; use the commands in 'warroom --help'")
    screenshot = getattr(args, "screenshot", None)
    return ctx.open_gui(
        ctx.folder, bool(getattr(args, "war_room", False)), Path(screenshot) if screenshot else None
    )


def _cmd_me(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store()
    try:
        book = Book(store)
        if args.name:
            rep = book.set_me(args.name, clock.local_zone_name(), clock.now()).value
        else:
            found = book.me()
            if found is None:
                ctx.emit("No rep is set for this laptop; run 'warroom me NAME'.")
                return 0
            rep = found
    finally:
        store.close()
    if args.json:
        ctx.emit_json({"id": rep.id, "name": rep.name, "timezone": rep.timezone})
    else:
        ctx.emit(f"{rep.name} ({rep.timezone}, lunch cut-off {rep.lunch_cutoff:%H:%M})")
    return 0


def _cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    folder = ctx.folder.ensure()
    now = clock.now()
    summary = demo.create_demo_book(
        folder.book,
        folder.backups,
        seed=args.seed,
        today=now.astimezone(clock.local_zone()).date(),
        resources=resources_dir(),
        at=now,
        force=args.force,
    )
    ctx.emit(
        f"Demo book (seed {args.seed}): {summary.reps} reps, {summary.whales} whales, "
        f"{summary.touches} touches in {folder.book}"
    )
    return 0


def _cmd_add_whale(args: argparse.Namespace, ctx: Context) -> int:
    size = parse_amount(args.deal_size) if args.deal_size else 0
    with _book(ctx) as book:
        done = book.add_whale(
            args.name,
            clock.now(),
            deal_size=size,
            currency=args.currency,
            solution=args.solution or "",
            owner=args.owner,
        )
    if args.json:
        ctx.emit_json({"id": done.value, "name": args.name.strip()})
    else:
        ctx.emit(f"Added {args.name.strip()} ({done.value})")
    return 0


def _cmd_whales(args: argparse.Namespace, ctx: Context) -> int:
    at = _when(args.at)
    with _book(ctx) as book:
        whales = book.whales(at)
        half_life = book.decay.book_heat(at)
    params = half_life.params
    if args.json:
        ctx.emit_json(
            [
                {
                    "id": w.id,
                    "name": w.name,
                    "owner": w.owner,
                    "deal_size": w.deal_size,
                    "currency": w.currency,
                    "stage": w.stage,
                    "top_ten": w.top_ten,
                    "touches": w.touch_count,
                    "last_touch_at": _iso(w.last_touch_at),
                    "last_meaningful_at": _iso(w.last_meaningful_at),
                    "heat": round(w.heat, 6),
                    "half_life_days": round(params.half_life_days, 3),
                    "watermark": params.watermark,
                    "days_to_sink": round(w.days_to_sink, 3),
                    "sinking": w.sinking,
                    "weighted_value": round(w.weighted_value, 2),
                }
                for w in whales
            ]
        )
        return 0
    if not whales:
        ctx.emit(
            "No whales yet: 'warroom add-whale NAME', 'warroom import FILE' or 'warroom demo'."
        )
        return 0
    ctx.emit(
        f"Half-life {params.half_life_days:.1f} days ({half_life.half_life.reason}); "
        f"watermark {params.watermark:.2f}"
    )
    ctx.emit(
        f"{'Whale':<28} {'Owner':<16} {'Deal':>13} {'Stage':<11} {'Heat':>5} "
        f"{'Sinks in':>9} {'Weighted':>13}  Last touch"
    )
    zone = clock.local_zone()
    for w in whales:
        last = w.last_touch_at.astimezone(zone).strftime("%Y-%m-%d") if w.last_touch_at else "never"
        deal = f"{w.deal_size:,} {w.currency}".strip()
        sinks = "sinking" if w.sinking else f"{w.days_to_sink:.0f} d"
        ctx.emit(
            f"{w.name[:28]:<28} {w.owner[:16]:<16} {deal:>13} {w.stage[:11]:<11} "
            f"{w.heat:>5.2f} {sinks:>9} {w.weighted_value:>13,.0f}  {last}"
        )
    return 0


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _cmd_decay(args: argparse.Namespace, ctx: Context) -> int:
    at = _when(args.at)
    with _book(ctx) as book:
        report = book.decay.whale(book.resolve_whale(args.whale), at)
    params = report.params
    if args.json:
        ctx.emit_json(
            {
                "whale_id": report.whale_id,
                "name": report.name,
                "at": report.at.isoformat(),
                "heat": round(report.heat, 6),
                "half_life_days": round(params.half_life_days, 3),
                "half_life_learned": report.half_life.learned,
                "half_life_reason": report.half_life.reason,
                "watermark": params.watermark,
                "days_to_sink": round(report.days_to_sink, 3),
                "sinks_at": _iso(report.sinks_at),
                "deal_size": report.deal_size,
                "currency": report.currency,
                "weighted_value": round(report.weighted_value, 2),
                "events": [
                    {
                        "at": c.event.at.isoformat(),
                        "source": c.event.source,
                        "kind": c.event.kind,
                        "id": c.event.ref_id,
                        "strength": c.event.strength,
                        "added": round(c.added, 6),
                        "now": round(c.now, 6),
                        "days_ago": round(c.days_ago, 3),
                    }
                    for c in report.explanation.contributions
                ],
                "planned": [
                    {"id": p.id, "kind": p.kind, "due_on": p.due_on.isoformat(), "note": p.note}
                    for p in report.planned
                ],
            }
        )
        return 0
    zone = clock.local_zone()
    ctx.emit(f"{report.name} at {report.at.astimezone(zone):%Y-%m-%d %H:%M}")
    ctx.emit(f"  heat {report.heat:.3f} (watermark {params.watermark:.2f})")
    if report.sinks_at is None:
        ctx.emit("  under the watermark: sinking into do-nothing")
    else:
        ctx.emit(
            f"  sinks in {report.days_to_sink:.1f} days, on "
            f"{report.sinks_at.astimezone(zone):%Y-%m-%d}"
        )
    ctx.emit(f"  half-life {params.half_life_days:.1f} days: {report.half_life.reason}")
    if report.deal_size:
        ctx.emit(
            f"  weighted value {report.weighted_value:,.0f} {report.currency} "
            f"of {report.deal_size:,}"
        )
    shown = [c for c in report.explanation.contributions if c.now >= 0.0005]
    ctx.emit(
        f"  {len(report.explanation.contributions)} events flared it; "
        f"{len(shown)} still count for 0.0005 or more:"
    )
    for c in shown:
        ctx.emit(
            f"    {c.event.at.astimezone(zone):%Y-%m-%d}  {c.event.kind:<20} "
            f"added {c.added:.3f}, now {c.now:.3f} ({c.days_ago:.0f} days ago)"
        )
    for planned in report.planned:
        ctx.emit(f"  planned: {planned.kind} on {planned.due_on:%Y-%m-%d} {planned.note}".rstrip())
    return 0


def _cmd_log_touch(args: argparse.Namespace, ctx: Context) -> int:
    occurred = _when(args.at)
    with _book(ctx) as book:
        touch = book.log_touch(
            args.whale,
            args.kind,
            occurred,
            clock.now(),
            rep=args.rep,
            contact=args.contact,
            note=args.note or "",
        ).value
        name = book.whale_name(touch.whale_id)
    if args.json:
        ctx.emit_json(
            {
                "id": touch.id,
                "whale_id": touch.whale_id,
                "kind": touch.kind,
                "occurred_at": touch.occurred_at.isoformat(),
            }
        )
    else:
        ctx.emit(
            f"Logged {touch.kind} on {name} at {touch.occurred_at:%Y-%m-%d %H:%M} UTC ({touch.id})"
        )
    return 0


def _cmd_trigger(args: argparse.Namespace, ctx: Context) -> int:
    occurred = _when(args.at)
    with _book(ctx) as book:
        trigger = book.add_trigger(
            args.whale,
            args.kind,
            occurred,
            clock.now(),
            source_url=args.source or "",
            note=args.note or "",
        ).value
        name = book.whale_name(trigger.whale_id)
    if args.json:
        ctx.emit_json(
            {
                "id": trigger.id,
                "whale_id": trigger.whale_id,
                "kind": trigger.kind,
                "occurred_at": trigger.occurred_at.isoformat(),
            }
        )
    else:
        ctx.emit(f"Recorded {trigger.kind} at {name} ({trigger.id})")
    return 0


def _today_at(args: argparse.Namespace) -> datetime:
    if args.at:
        return _when(args.at)
    if getattr(args, "date", None):
        zone = clock.local_zone()
        clock_time = clock.now().astimezone(zone).time()
        return datetime.combine(parse_day(args.date), clock_time, zone).astimezone(UTC)
    return clock.now()


def _cmd_today(args: argparse.Namespace, ctx: Context) -> int:
    at = _today_at(args)
    with _book(ctx) as book:
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
                        "rule": row.rule,
                        "reason": row.reason,
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
    progress = progress_text(report.before_lunch, report.cutoff, report.at)
    ctx.emit(f"{report.rep.name}, {report.day:%A %d %B %Y}: {progress}")
    ctx.emit(f"Streak: {report.streak.current} workdays (best {report.streak.best})")
    if not report.rows:
        ctx.emit("No whales yet: add some with 'warroom add-whale' or 'warroom import'.")
    for number, row in enumerate(report.rows, start=1):
        mark = "[x]" if row.done else "[ ]"
        ctx.emit(f"{number:>2}. {mark} {row.whale.name[:32]:<32} {row.reason}")
    return 0


def _cmd_streak(args: argparse.Namespace, ctx: Context) -> int:
    at = _when(args.at)
    with _book(ctx) as book:
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
                "made_rate_4_weeks": round(report.made_rate_4_weeks, 4),
                "calendar": [{"date": d.isoformat(), "made": m} for d, m in report.calendar],
            }
        )
        return 0
    ctx.emit(
        f"{report.rep.name}: streak {current.current} workdays, best {current.best}, "
        f"made {report.made_rate_4_weeks:.0%} of workdays in the last 4 weeks"
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
    now = clock.now()
    with _book(ctx) as book:
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
            items = cadences.due(args.rep, _when(args.at))
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
            for e in found:
                ctx.emit(
                    f"{e.id}  {e.whale}, {e.stakeholder}: {e.template} ({e.status}, "
                    f"{e.done_steps} of {len(e.steps)} steps done)"
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


def _cmd_triggers(args: argparse.Namespace, ctx: Context) -> int:
    at = _when(args.at)
    with _book(ctx) as book:
        items = Learning(book).feed(
            at, days=args.days, kind=args.kind, rep=args.rep, unanswered=args.unanswered
        )
    if args.json:
        ctx.emit_json(
            [
                {
                    "id": i.trigger.id,
                    "whale": i.whale,
                    "whale_id": i.trigger.whale_id,
                    "kind": i.trigger.kind,
                    "occurred_at": i.trigger.occurred_at.isoformat(),
                    "source_url": i.trigger.source_url,
                    "note": i.trigger.note,
                    "heat_added": round(i.added, 6),
                    "answered": i.answered,
                }
                for i in items
            ]
        )
        return 0
    if not items:
        ctx.emit("No triggers in that window.")
    zone = clock.local_zone()
    for i in items:
        mark = "answered" if i.answered else "NOT ANSWERED"
        ctx.emit(
            f"{i.trigger.occurred_at.astimezone(zone):%Y-%m-%d}  {i.whale[:26]:<26} "
            f"{i.trigger.kind:<19} +{i.added:.2f}  {mark:<12} {i.trigger.note[:50]}"
        )
    return 0


def _cmd_close(args: argparse.Namespace, ctx: Context) -> int:
    with _book(ctx) as book:
        Learning(book).close(
            args.whale,
            args.outcome,
            clock.now(),
            primary=args.reason,
            secondary=args.also or [],
            differently=args.differently or "",
            quote=args.quote or "",
            to_review=args.to_review,
        )
        name = book.whale_name(book.resolve_whale(args.whale))
    later = " (review to write later)" if args.reason is None else ""
    ctx.emit(f"Closed {name} as {args.outcome}{later}")
    return 0


def _cmd_reviews(args: argparse.Namespace, ctx: Context) -> int:
    with _book(ctx) as book:
        learning = Learning(book)
        reviews, waiting = learning.reviews(), learning.to_review()
    if args.json:
        ctx.emit_json(
            {
                "reviews": [
                    {
                        "deal_id": r.deal_id,
                        "whale": r.whale,
                        "outcome": r.outcome,
                        "primary_reason": r.primary_reason,
                        "secondary_reasons": list(r.secondary_reasons),
                        "do_differently": r.do_differently,
                        "customer_quote": r.customer_quote,
                        "reviewed_on": r.reviewed_on.isoformat(),
                    }
                    for r in reviews
                ],
                "to_review": [
                    {
                        "deal_id": d.deal_id,
                        "whale": d.whale,
                        "outcome": d.outcome,
                        "closed_on": d.closed_on.isoformat(),
                    }
                    for d in waiting
                ],
            }
        )
        return 0
    for r in reviews:
        ctx.emit(
            f"{r.reviewed_on}  {r.whale[:26]:<26} {r.outcome:<11} {r.primary_reason:<20} "
            f"{r.do_differently[:60]}"
        )
    for d in waiting:
        ctx.emit(f"TO REVIEW   {d.whale[:26]:<26} {d.outcome:<11} closed {d.closed_on}")
    return 0


def _cmd_team(args: argparse.Namespace, ctx: Context) -> int:
    at = _when(args.at)
    with _book(ctx) as book:
        team = Learning(book).team(at)
    if args.json:
        ctx.emit_json(
            [
                {
                    "rep": j.rep.name,
                    "phase": j.phase.number,
                    "phase_name": j.phase.name,
                    "reason": j.phase.reason,
                    "at_risk": j.phase.at_risk,
                    "pillars": {
                        p.name: {"held": p.held, "measure": p.measure} for p in j.practice.pillars
                    },
                    "practice_score": j.practice.score,
                    "streak": j.streak,
                    "made_rate_4_weeks": round(j.made_rate_4w, 4),
                }
                for j in team
            ]
        )
        return 0
    for j in team:
        holes = ", ".join(j.practice.missing) or "none"
        ctx.emit(f"{j.rep.name}: {j.phase.describe()}")
        ctx.emit(f"    streak {j.streak}, practice {j.practice.score} (missing: {holes})")
    return 0


def _cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    out = Path(args.out)
    with _book(ctx) as book:
        rows = exporting.export_json(book.store, out)
    ctx.emit(f"Exported {rows} rows to {out}")
    return 0


def _cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    path = Path(args.file)
    if args.format == "auto" and path.suffix.lower() != ".json":
        raise BadInput(
            f"{path}: cannot tell the format; this version reads War Room JSON "
            "exports (--format warroom)"
        )
    with _book(ctx) as book:
        report = importing.import_json(book.store, path, dry_run=args.dry_run).value
    verb = "Would import" if report.dry_run else "Imported"
    ctx.emit(f"{verb} {path}: {report.added} new rows, {report.updated} updated")
    for name, count in report.tables.items():
        if count.added or count.updated or count.unchanged:
            ctx.emit(
                f"  {name:<16} {count.added:>6} new {count.updated:>6} updated "
                f"{count.unchanged:>6} unchanged"
            )
    return 0


def _cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    folder = ctx.folder
    target = Path(args.out) if args.out else folder.backups
    path = backups.backup(folder.book, target, clock.now())
    ctx.emit(f"Backed up to {path}")
    return 0


def _cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    folder = ctx.folder.ensure()
    safety = backups.restore(folder.book, Path(args.file), folder.backups, clock.now())
    ctx.emit(
        f"Restored {args.file}" + (f"; the previous book is kept at {safety}" if safety else "")
    )
    return 0


class _book:
    """`with _book(ctx) as book:` opens the store and always closes it."""

    def __init__(self, ctx: Context) -> None:
        self.store = ctx.store()

    def __enter__(self) -> Book:
        return Book(self.store)

    def __exit__(self, *exc: object) -> None:
        self.store.close()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="warroom",
        description="Whale War Room: hunt the few accounts that "
        "make a year. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"warroom {__version__}")
    parser.set_defaults(handler=_cmd_gui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str, handler: Callable[[argparse.Namespace, Context], int], help_: str
    ) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_, description=help_)
        cmd.set_defaults(handler=handler)
        return cmd

    gui = command("gui", _cmd_gui, "open the app")
    gui.add_argument("--war-room", action="store_true", help="open straight into the war room")
    gui.add_argument(
        "--screenshot",
        metavar="PNG",
        help="save a picture of the window once it has loaded, then quit",
    )

    me = command("me", _cmd_me, "show or set who uses this laptop")
    me.add_argument("name", nargs="?", metavar="NAME")
    me.add_argument("--json", action="store_true")

    dm = command("demo", _cmd_demo, "create a realistic demo book")
    dm.add_argument("--seed", type=int, default=1, help="same seed, same book (default 1)")
    dm.add_argument("--force", action="store_true", help="replace a book with real data")

    add = command("add-whale", _cmd_add_whale, "add a whale with its deal")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--deal-size", metavar="N", help="e.g. 750000, 750k or 1.2M")
    add.add_argument("--currency", metavar="C", help="three-letter code (default: the team's)")
    add.add_argument("--solution", metavar="T")
    add.add_argument("--owner", metavar="R", help="rep name or id (default: me)")
    add.add_argument("--json", action="store_true")

    wl = command(
        "whales", _cmd_whales, "whales with heat, half-life, days to sink and weighted value"
    )
    wl.add_argument("--json", action="store_true")
    wl.add_argument("--at", metavar="ISO", help="evaluate at this time (default: now)")

    dc = command("decay", _cmd_decay, "a whale's heat, its history and when it sinks")
    dc.add_argument("whale", metavar="WHALE", help="id or unique name")
    dc.add_argument("--json", action="store_true")
    dc.add_argument("--at", metavar="ISO", help="evaluate at this time (default: now)")

    lt = command("log-touch", _cmd_log_touch, "log a touch on a whale")
    lt.add_argument("whale", metavar="WHALE", help="id or unique name")
    lt.add_argument("--kind", required=True, metavar="K", help=", ".join(TOUCH_KINDS))
    lt.add_argument("--at", metavar="ISO", help="when (ISO 8601, local time without a zone)")
    lt.add_argument("--rep", metavar="R", help="rep name or id (default: me)")
    lt.add_argument("--contact", metavar="C", help="stakeholder name or id")
    lt.add_argument("--note", metavar="T")
    lt.add_argument("--json", action="store_true")

    tr = command("trigger", _cmd_trigger, "record a trigger event at a whale")
    tr.add_argument("whale", metavar="WHALE")
    tr.add_argument("--kind", required=True, metavar="K", help=", ".join(TRIGGER_KINDS))
    tr.add_argument("--at", metavar="ISO")
    tr.add_argument("--source", metavar="URL")
    tr.add_argument("--note", metavar="T")
    tr.add_argument("--json", action="store_true")

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

    tg = command("triggers", _cmd_triggers, "the trigger feed, newest first")
    tg.add_argument("--days", type=int, default=90, help="how far back (default 90)")
    tg.add_argument("--kind", metavar="K", help=", ".join(TRIGGER_KINDS))
    tg.add_argument("--rep", metavar="R", help="whales of this rep only")
    tg.add_argument("--unanswered", action="store_true", help="only those nobody answered")
    tg.add_argument("--at", metavar="ISO")
    tg.add_argument("--json", action="store_true")

    cl = command("close", _cmd_close, "close a whale's open deal with its win/loss review")
    cl.add_argument("whale", metavar="WHALE")
    cl.add_argument("--outcome", required=True, choices=["won", "lost", "no_decision"])
    cl.add_argument("--reason", metavar="R", help="primary reason: " + ", ".join(REVIEW_REASONS))
    cl.add_argument("--also", action="append", metavar="R", help="a secondary reason (repeat)")
    cl.add_argument("--differently", metavar="T", help="what we would do differently")
    cl.add_argument("--quote", metavar="T", help="a customer quote")
    cl.add_argument("--to-review", action="store_true", help="close now, review later")

    rv = command("reviews", _cmd_reviews, "win/loss reviews, and deals still to review")
    rv.add_argument("--json", action="store_true")

    tm = command("team", _cmd_team, "phase, pillars and streak per rep")
    tm.add_argument("--at", metavar="ISO")
    tm.add_argument("--json", action="store_true")

    ex = command("export", _cmd_export, "export the whole book")
    ex.add_argument("--format", choices=["json"], default="json")
    ex.add_argument("--out", required=True, metavar="PATH")

    im = command("import", _cmd_import, "import a file into the book")
    im.add_argument("file", metavar="FILE")
    im.add_argument("--format", choices=["auto", "warroom"], default="auto")
    im.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")

    bk = command("backup", _cmd_backup, "back up the book")
    bk.add_argument("--out", metavar="FOLDER", help="where (default: the data folder's backups)")

    rs = command(
        "restore", _cmd_restore, "replace the book with a backup (the current one is kept)"
    )
    rs.add_argument("file", metavar="FILE")
    return parser


def _log_to_file(folder: DataFolder) -> Path:
    folder.logs.mkdir(parents=True, exist_ok=True)
    path = folder.logs / "warroom.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    return path


def main(argv: Sequence[str] | None = None, *, open_gui: OpenGui | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    ctx = Context(data_folder(), open_gui)
    try:
        return int(args.handler(args, ctx))
    except WarroomError as exc:
        print(f"warroom: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not a fault of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:
        path = _log_to_file(ctx.folder)
        log.exception("unexpected fault in %s", argv)
        print(f"warroom: unexpected fault; the details are in {path}", file=sys.stderr)
        return 1
