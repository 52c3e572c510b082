"""Commands that learn from the hunt: the trigger feed, closing deals, reviews, the team."""

from __future__ import annotations

import argparse
from pathlib import Path
from textwrap import shorten
from zoneinfo import ZoneInfo

from warroom import clock
from warroom.cli.common import Command, Context, open_book, when
from warroom.domain.errors import BadInput
from warroom.domain.kinds import REPORT_KINDS, REVIEW_REASONS, TRIGGER_KINDS
from warroom.domain.words import plural, skill_words


def _cmd_triggers(args: argparse.Namespace, ctx: Context) -> int:

    from warroom.services.learning import Learning

    at = when(args.at)
    with open_book(ctx) as book:
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
            f"{i.trigger.kind:<19} +{i.added:.2f}  {mark:<12} "
            + shorten(i.trigger.note, 50, placeholder=" …")
        )
    return 0


def _cmd_close(args: argparse.Namespace, ctx: Context) -> int:

    from warroom.services.learning import Learning

    with open_book(ctx, writes=True) as book:
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

    from warroom.services.learning import Learning

    with open_book(ctx) as book:
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

    from warroom.services.learning import Learning

    at = when(args.at)
    with open_book(ctx) as book:
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
                    "made_rate_4_weeks": (
                        None if j.made_rate_4w is None else round(j.made_rate_4w, 4)
                    ),
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


def _days(text: str) -> int:
    """A whole number of days above 0: a horizon before the close, a feed's window."""
    try:
        days = int(text)
    except ValueError:
        days = 0
    if days <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days above 0")
    return days


def _cmd_backtest(args: argparse.Namespace, ctx: Context) -> int:

    from warroom.domain.win_chance import HORIZONS, MIN_DEALS
    from warroom.services.win_chance import WinChances

    horizons = args.horizon or list(HORIZONS)
    with open_book(ctx) as book:
        at = when(args.at)
        result = WinChances(book.decay).backtest(at, sorted(set(horizons)))
        choice = book.decay.chosen(at)
    half_life = result.half_life
    assert half_life is not None
    if args.json:
        ctx.emit_json(
            {
                "horizons": [
                    {
                        "days": h.days,
                        "deals": h.deals,
                        "base_rate": round(h.base_rate, 4),
                        "brier": round(h.brier, 4),
                        "baseline_brier": round(h.baseline_brier, 4),
                        "skill": round(h.skill, 4),
                        "bins": [
                            {
                                "predicted": round(b.predicted, 4),
                                "observed": round(b.observed, 4),
                                "count": b.count,
                            }
                            for b in h.bins
                        ],
                    }
                    for h in result.horizons
                ],
                "verdict": result.verdict,
                "unscored": result.unscored,
                "half_life": {
                    "days": round(half_life.days, 2),
                    "learned": half_life.learned,
                    "fit": choice.method,
                    "skill_last_flare": _rounded(choice.last_flare_skill),
                    "skill_whole_history": _rounded(choice.whole_history_skill),
                    "reason": half_life.reason,
                },
            }
        )
        return 0
    ctx.emit(result.verdict)
    ctx.emit(f"Half-life in force: {half_life.days:.1f} days, {half_life.reason}.")
    scored = {h.days: h for h in result.horizons}
    for days in sorted(set(horizons)):
        h = scored.get(days)
        if h is None:
            ctx.emit(f"{plural(days, 'day')} before close: nothing to score")
            continue
        ctx.emit(
            f"{plural(days, 'day')} before close: {plural(h.deals, 'deal')}, won "
            f"{h.base_rate:.0%}; Brier {h.brier:.3f} against the win rate's "
            f"{h.baseline_brier:.3f}, skill {skill_words(h.skill)}"
        )
        for b in h.bins:
            said = f"      said {b.predicted:4.0%}  won {b.observed:4.0%}"
            ctx.emit(f"{said}  of {plural(b.count, 'deal')}")
    ctx.emit(
        "Brier: the mean squared gap between the chance said and what happened (0 is "
        "perfect); skill: how much of the plain win rate's gap heat closed."
    )
    if result.unscored:
        ctx.emit(
            f"{plural(result.unscored, 'reading')} from before {MIN_DEALS} deals had closed "
            "are not scored: the app showed no win chance then."
        )
    return 0


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _cmd_meetings(args: argparse.Namespace, ctx: Context) -> int:

    from warroom.services.war_room import WarRoom

    with open_book(ctx) as book:
        held = WarRoom(book).meetings(when(args.at))
        me = book.me()
    # On the clock of this laptop's rep, as the app shows them (and said which).
    zone = ZoneInfo(me.timezone) if me else clock.local_zone()
    if args.json:
        ctx.emit_json(
            [
                {
                    "held_at": m.held_at.isoformat(),
                    "since": m.since.isoformat() if m.since else None,
                    "notes": m.notes,
                    "there": list(m.there),
                    "moved": m.moved,
                    "moves": [
                        {
                            "whale": move.whale.name,
                            "change": move.change,
                            "heat_then": (
                                None if move.heat_then is None else round(move.heat_then, 4)
                            ),
                            "heat": round(move.whale.heat, 4),
                        }
                        for move in m.moves
                    ],
                }
                for m in held
            ]
        )
        return 0
    if not held:
        ctx.emit("No war-room session yet: leaving the war room (F11 in the app) keeps one.")
    elif me:
        ctx.emit(f"(times in {me.timezone})")
    for m in held:
        ctx.emit(f"{m.held_at.astimezone(zone):%Y-%m-%d %H:%M}  {m.summary}")
        if m.there:
            ctx.emit(f"    there: {', '.join(m.there)}")
        for line in (m.notes or "(no notes)").splitlines():
            ctx.emit(f"    {line}")
    return 0


def _cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    if ctx.write_report is None:
        raise BadInput("this build cannot draw PDFs; use the app")
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise BadInput(f"{out}: a report is written to a .pdf file")
    if not out.parent.is_dir():
        raise BadInput(f"{out.parent}: no such folder")
    target = args.whale if args.kind == "account" else args.rep
    if args.kind == "account" and not target:
        raise BadInput("the account report needs a WHALE: warroom report account WHALE --out F")
    with open_book(ctx) as book:
        pages = ctx.write_report(book, args.kind, target, out, args.page, when(args.at))
    ctx.emit(f"Wrote {args.kind} report, {plural(pages, 'page')}, to {out}")
    return 0


def register(command: Command) -> None:
    tg = command("triggers", _cmd_triggers, "the trigger feed, newest first")
    tg.add_argument("--days", type=_days, default=90, help="how far back (default 90)")
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

    rp = command(
        "report", _cmd_report, "a PDF: the weekly war room, a rep's week, an account, a session"
    )
    rp.add_argument("kind", choices=list(REPORT_KINDS))
    rp.add_argument("whale", nargs="?", metavar="WHALE", help="the whale (account)")
    rp.add_argument("--rep", metavar="R", help="one rep's (weekly) or whose week (rep)")
    rp.add_argument("--page", choices=["a4", "letter"], default="a4")
    rp.add_argument("--at", metavar="ISO", help="as of this time (default: now)")
    rp.add_argument("--out", required=True, metavar="FILE.pdf")

    mt = command("meetings", _cmd_meetings, "the war room's sessions, their notes, what moved")
    mt.add_argument("--at", metavar="ISO", help="held up to this time (default: now)")
    mt.add_argument("--json", action="store_true")

    bt = command("backtest", _cmd_backtest, "win chance scored against what happened")
    bt.add_argument(
        "--horizon",
        type=_days,
        action="append",
        metavar="DAYS",
        help="days before each close to predict from (repeat; default 30, 60 and 90)",
    )
    bt.add_argument("--at", metavar="ISO", help="deals closed before this time (default: now)")
    bt.add_argument("--json", action="store_true", help="the scores as JSON")

    tm = command("team", _cmd_team, "phase, pillars and streak per rep")
    tm.add_argument("--at", metavar="ISO")
    tm.add_argument("--json", action="store_true")
