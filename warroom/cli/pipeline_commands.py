"""`warroom deal`, `warroom pipeline` and `warroom stakeholder`: a deal's close date, amount
and stage with their history, what moved since the last session, and who we know."""

from __future__ import annotations

import argparse
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from warroom import clock
from warroom.cli.common import Command, Context, day_argument, iso, open_book, when
from warroom.domain.coverage import gap_words
from warroom.domain.errors import BadInput
from warroom.domain.kinds import STAGES, STAKEHOLDER_ROLES
from warroom.domain.pipeline import change_words, moved_words
from warroom.domain.values import parse_amount
from warroom.domain.words import plural

FUTURE_SLACK = timedelta(minutes=5)  # a clock a little ahead is not the future

if TYPE_CHECKING:
    from warroom.domain.pipeline import DealChange, Moved


def _cmd_deal(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services.pipeline import Pipeline

    at = when(args.at)
    if args.at and at > clock.now() + FUTURE_SLACK:
        raise BadInput("--at is in the future: a change is kept when it is made")
    amount = parse_amount(args.amount) if args.amount is not None else None
    edits = (amount, args.close_date, args.stage)
    with open_book(ctx, writes=any(v is not None for v in edits)) as book:
        pipeline = Pipeline(book)
        if any(v is not None for v in edits):
            pipeline.edit_deal(
                args.whale, at, amount=amount, close_on=args.close_date, stage=args.stage
            )
        story = pipeline.story(args.whale)
    deal = story.deal
    if args.json:
        ctx.emit_json(
            {
                "whale": story.whale,
                "deal": None
                if deal is None
                else {
                    "id": deal.id,
                    "amount": deal.size,
                    "currency": deal.currency,
                    "stage": deal.stage,
                    "close_date": deal.close_on.isoformat() if deal.close_on else None,
                    "opened_on": deal.opened_on.isoformat() if deal.opened_on else None,
                    "closed_on": deal.closed_on.isoformat() if deal.closed_on else None,
                    "outcome": deal.outcome,
                },
                "history": [_change_json(c, story.rep_names) for c in story.history],
            }
        )
        return 0
    if deal is None:
        ctx.emit(f"{story.whale}: no deal yet")
        return 0
    if deal.closed_on is not None:
        close = f"closed {deal.closed_on.isoformat()}"
    else:
        close = f"closes {deal.close_on.isoformat()}" if deal.close_on else "no close date set"
    ctx.emit(f"{story.whale}: {deal.size:,} {deal.currency}, {deal.stage}, {close}")
    for change in story.history:
        who = story.rep_names.get(change.rep_id or "", "someone")
        ctx.emit(f"  {change.changed_at.astimezone():%Y-%m-%d} {who}: {change_words(change)}")
    return 0


def _change_json(change: DealChange, reps: dict[str, str]) -> dict[str, Any]:
    return {
        "at": iso(change.changed_at),
        "by": reps.get(change.rep_id or ""),
        "field": {"close_on": "close_date", "size": "amount"}.get(change.field, change.field),
        "from": change.before or None,
        "to": change.after or None,
    }


def _role(text: str) -> str:
    """A stakeholder's role as a seller writes it: 'economic buyer', 'Economic-Buyer'."""
    role = "_".join(text.strip().lower().replace("-", " ").split())
    if role not in STAKEHOLDER_ROLES:
        roles = ", ".join(r.replace("_", " ") for r in STAKEHOLDER_ROLES)
        raise argparse.ArgumentTypeError(f"{text!r} is not a role; roles: {roles}")
    return role


def _cmd_pipeline(args: argparse.Namespace, ctx: Context) -> int:
    from datetime import datetime, time

    from warroom.services.pipeline import Pipeline

    at = when(args.at)
    # A day starts at midnight in the rep's zone (follow_rep_zone made it this process's).
    start = datetime.combine(args.since, time(0), clock.local_zone()) if args.since else None
    with open_book(ctx) as book:
        since, rows = Pipeline(book).moved(at, start)
    if args.json:
        ctx.emit_json({"since": iso(since), "whales": [_moved_json(m) for m in rows]})
        return 0
    local = since.astimezone(clock.local_zone())
    ctx.emit(f"Since {local:%Y-%m-%d %H:%M %Z}: {plural(len(rows), 'whale')} moved.")
    for moved in rows:
        ctx.emit(f"  {moved.whale}: {moved_words(moved)}")
    return 0


def _moved_json(moved: Moved) -> dict[str, Any]:
    return {
        "whale": moved.whale,
        "whale_id": moved.whale_id,
        "pushes": moved.pushes,
        "pushed_days": moved.pushed_days,
        "pulled_in": moved.pulled_in,
        "pulled_days": moved.pulled_days,
        "slipped": moved.slipped,
        "amount_change": moved.amount_change,
        "stage_from": moved.stage_from,
        "stage_to": moved.stage_to,
        "stage_went": moved.stage_went or None,
        "opened": moved.opened,
        "closed": list(moved.closed),
        "pushes_ever": moved.pushes_ever,
        "flagged": moved.flagged,
    }


def _cmd_stakeholder(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services.people import People, PersonEdit

    if args.now_at is not None and not args.left:
        raise BadInput("--now-at says where someone went: give it with --left")
    change = PersonEdit(
        title=args.title,
        role=args.role,
        email=args.email,
        reports_to=args.reports_to,
        influence=args.influence,
        left=args.left,
        now_at=args.now_at,
    )
    with open_book(ctx, writes=True) as book:
        saved = People(book).save(args.whale, args.name, change, when(args.at)).value
    person = saved.stakeholder
    if args.json:
        ctx.emit_json(
            {
                "id": person.id,
                "whale_id": person.whale_id,
                "name": person.name,
                "title": person.title,
                "role": person.role,
                "email": person.email,
                "influence": person.influence,
                "reports_to_id": person.reports_to_id,
                "left_on": person.left_on.isoformat() if person.left_on else None,
                "now_at": person.now_at or None,
                "added": saved.added,
                "changed": saved.changed,
                "did_you_mean": list(saved.near),
                "moved_in_trigger": saved.moved_in_trigger,
            }
        )
        return 0
    if not saved.changed:
        ctx.emit(f"{person.name} ({person.title or person.role}): no change, it was so already")
        return 0
    verb = "Added" if saved.added else "Saved"
    ctx.emit(f"{verb} {person.name} ({person.title or person.role})")
    if saved.moved_to_whale:
        ctx.emit(f"  and logged 'champion moved in' at {saved.moved_to_whale}")
    elif person.now_at and person.left_on:
        ctx.emit(f"  now at {person.now_at}, not one of our whales: no trigger")
        if saved.near:
            named = " or ".join(repr(name) for name in saved.near[:3])
            ctx.emit(f"  did you mean {named}? (--now-at takes a whale's full name)")
    return 0


def _cmd_coverage(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services.people import People

    at = when(args.at)
    if not args.json:
        with open_book(ctx) as book:
            listed = People(book).gaps(at)
        gaps = [(whale, seen) for whale, seen in listed if seen]
        ctx.emit(f"{plural(len(gaps), 'whale')} of {len(listed)} with a coverage gap:")
        for whale, seen in gaps:
            ctx.emit(f"  {whale}: {gap_words(seen)}")
        return 0
    with open_book(ctx) as book:
        found = People(book).coverage(at)
    ctx.emit_json(
        {
            "at": iso(at),
            "whales": [
                {
                    "whale": w.whale,
                    "whale_id": w.whale_id,
                    "gaps": list(w.coverage.gaps),
                    "people": [
                        {
                            "id": p.id,
                            "name": p.name,
                            "role": p.role,
                            "relationship_typed": p.relationship,
                            "relationship_from_touches": w.coverage.strength.get(p.id, 0),
                            "reports_to_id": p.reports_to_id,
                            "left_on": p.left_on.isoformat() if p.left_on else None,
                            "now_at": p.now_at or None,
                        }
                        for p in w.people
                    ],
                }
                for w in found
            ],
        }
    )
    return 0


def register(command: Command) -> None:
    dl = command("deal", _cmd_deal, "a whale's deal: close date, amount and stage, history kept")
    dl.add_argument("whale", metavar="WHALE", help="id or unique name")
    dl.add_argument("--amount", metavar="N", help="e.g. 750000, 750k or 1.2M")
    dl.add_argument(
        "--close-date", type=day_argument, metavar="D", help="expected close, e.g. 2027-03-31"
    )
    open_stages = [s for s in STAGES if s != "closed"]
    dl.add_argument("--stage", choices=open_stages, metavar="S", help=", ".join(open_stages))
    dl.add_argument("--at", metavar="ISO", help="when the change was made (default: now)")
    dl.add_argument("--json", action="store_true")

    pl = command("pipeline", _cmd_pipeline, "pushes, slips, amount and stage changes per whale")
    pl.add_argument(
        "--since", type=day_argument, metavar="D", help="default: the last war-room session"
    )
    pl.add_argument("--at", metavar="ISO", help="evaluate at this time (default: now)")
    pl.add_argument("--json", action="store_true")

    cv = command(
        "coverage", _cmd_coverage, "who we know at each whale: no champion, buyer never met…"
    )
    cv.add_argument("--at", metavar="ISO", help="evaluate at this time (default: now)")
    cv.add_argument("--json", action="store_true")

    sh = command("stakeholder", _cmd_stakeholder, "add or edit a stakeholder at a whale")
    sh.add_argument("whale", metavar="WHALE", help="id or unique name")
    sh.add_argument("name", metavar="NAME")
    sh.add_argument("--title", metavar="T")
    sh.add_argument(
        "--role",
        type=_role,
        metavar="ROLE",
        help="one of: " + ", ".join(role.replace("_", " ") for role in STAKEHOLDER_ROLES),
    )
    sh.add_argument("--email", metavar="E")
    sh.add_argument("--reports-to", metavar="NAME", help="a stakeholder at the same whale")
    sh.add_argument("--influence", type=int, choices=range(1, 6), metavar="N", help="1 to 5")
    sh.add_argument("--left", action="store_true", help="they left the account")
    sh.add_argument("--now-at", metavar="WHALE_OR_COMPANY", help="where they went (with --left)")
    sh.add_argument("--at", metavar="ISO", help="when (default: now)")
    sh.add_argument("--json", action="store_true")
