"""Commands over the book: who I am, the demo, whales, decay, touches, triggers, files."""

from __future__ import annotations

import argparse
from pathlib import Path

from warroom import clock
from warroom.cli.common import Command, Context, iso, open_book, when
from warroom.domain.capture import addresses_in
from warroom.domain.columns import plain
from warroom.domain.errors import BadInput, SameCompany
from warroom.domain.import_rows import IMPORT_FIELDS
from warroom.domain.kinds import (
    STAGES,
    TOUCH_KINDS,
    TOUCH_LABELS,
    TRIGGER_KINDS,
    TRIGGER_LABELS,
)
from warroom.domain.values import parse_amount, parse_workdays, workdays_words
from warroom.domain.words import chance_words, days_ago, plural, standing_words
from warroom.paths import resources_dir


def open_gui(args: argparse.Namespace, ctx: Context) -> int:
    if ctx.open_gui is None:
        raise BadInput("this build has no window; use the commands in 'warroom --help'")
    screenshot = getattr(args, "screenshot", None)
    return ctx.open_gui(
        ctx.folder, bool(getattr(args, "war_room", False)), Path(screenshot) if screenshot else None
    )


def _cmd_me(args: argparse.Namespace, ctx: Context) -> int:
    days = parse_workdays(args.workdays) if args.workdays else None
    with open_book(ctx, writes=bool(args.name or args.email or days)) as book:
        if args.name:
            rep = book.set_me(args.name, clock.local_zone_name(), clock.now(), args.email).value
        elif args.email:
            found = book.me()
            if found is None:
                raise BadInput("say who you are with your addresses: 'warroom me NAME --email A'")
            rep = book.set_me(found.name, found.timezone, clock.now(), args.email).value
        else:
            found = book.me()
            if found is None:
                ctx.emit("No rep is set for this laptop; run 'warroom me NAME'.")
                return 0
            rep = found
        if days is not None:
            rep = book.set_workdays(days, clock.now()).value
    emails = list(addresses_in(rep.email))
    if args.json:
        ctx.emit_json(
            {
                "id": rep.id,
                "name": rep.name,
                "timezone": rep.timezone,
                "emails": emails,
                "workdays": workdays_words(rep.workdays),
            }
        )
    else:
        mail = f"; {', '.join(emails)}" if emails else "; no email address set (--email)"
        ctx.emit(
            f"{rep.name} ({rep.timezone}, works {workdays_words(rep.workdays)}, "
            f"lunch cut-off {rep.lunch_cutoff:%H:%M}{mail})"
        )
    return 0


def _cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services import demo

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
    if summary.kept is not None:
        ctx.emit(
            f"The book it replaced is kept at {summary.kept} ('warroom restore' brings it back)"
        )
    return 0


def _cmd_add_whale(args: argparse.Namespace, ctx: Context) -> int:
    size = parse_amount(args.deal_size) if args.deal_size else 0
    with open_book(ctx, writes=True) as book:
        if not args.anyway:
            try:
                book.check_new_company(args.name)
            except SameCompany as error:
                raise SameCompany(f"{error}; add it all the same with --anyway") from None
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
    at = when(args.at)
    with open_book(ctx) as book:
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
                    "last_touch_at": iso(w.last_touch_at),
                    "last_meaningful_at": iso(w.last_meaningful_at),
                    "heat": round(w.heat, 6),
                    "half_life_days": round(params.half_life_days, 3),
                    "watermark": params.watermark,
                    "days_to_sink": round(w.days_to_sink, 3),
                    "sinking": w.sinking,
                    "standing": standing_words(w, at, clock.local_zone()),
                    "weighted_value": round(w.weighted_value, 2),
                    "win_chance": None if w.win_chance is None else round(w.win_chance, 4),
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
        f"Half-life {params.half_life_days:.1f} days, {half_life.half_life.reason}; "
        f"watermark {params.watermark:.2f}"
    )
    zone = clock.local_zone()
    standings = [standing_words(w, at, zone) for w in whales]
    # As wide as its longest words ('on hold until Fri 15 Jan 2027'), so the columns after
    # it stay in line.
    wide = max(19, *(len(words) for words in standings))
    ctx.emit(
        f"{'Whale':<28} {'Owner':<16} {'Deal':>13} {'Stage':<11} {'Heat':>5} {'Win':>4} "
        f"{'Where it stands':<{wide}} {'Weighted':>13}  Last touch"
    )
    for w, stands in zip(whales, standings, strict=True):
        last = w.last_touch_at.astimezone(zone).strftime("%Y-%m-%d") if w.last_touch_at else "never"
        deal = f"{w.deal_size:,} {w.currency}".strip()
        win = chance_words(w.win_chance)
        ctx.emit(
            f"{w.name[:28]:<28} {w.owner[:16]:<16} {deal:>13} {w.stage[:11]:<11} "
            f"{w.heat:>5.2f} {win:>4} {stands:<{wide}} {w.weighted_value:>13,.0f}  {last}"
        )
    return 0


def _cmd_decay(args: argparse.Namespace, ctx: Context) -> int:
    at = when(args.at)
    with open_book(ctx) as book:
        report = book.decay.whale(book.resolve_whale(args.whale), at)
        # The chance is of an open deal: a whale with none has no chance to show.
        chance = book.win_chances.explain(report.heat, at) if report.deal_open else None
        said = book.win_chances.words(report.heat, report.deal_open, at)
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
                "sinks_at": iso(report.sinks_at),
                "deal_size": report.deal_size,
                "currency": report.currency,
                "weighted_value": round(report.weighted_value, 2),
                "win_chance": None if chance is None else round(chance.chance, 4),
                "win_chance_reason": None if chance is None else chance.reason,
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
    ctx.emit(f"{report.name} at {report.at.astimezone(zone):%Y-%m-%d %H:%M %Z}")
    ctx.emit(f"  heat {report.heat:.3f} (watermark {params.watermark:.2f})")
    standing = report.standing(zone)
    if report.sinks_at is None:
        ctx.emit(f"  {standing}: in do-nothing territory")
    else:
        ctx.emit(f"  {standing}, on {report.sinks_at.astimezone(zone):%Y-%m-%d}")
    ctx.emit(f"  half-life {params.half_life_days:.1f} days: {report.half_life.reason}")
    if said:
        ctx.emit(f"  {said}")
    if report.deal_size:
        ctx.emit(
            f"  weighted value {report.weighted_value:,.0f} {report.currency} "
            f"of {report.deal_size:,}"
        )
    shown = [c for c in report.explanation.contributions if c.now >= 0.0005]
    flared = len(report.explanation.contributions)
    if not flared:
        ctx.emit("  nothing has flared it yet: no meaningful touch or trigger")
    else:
        ctx.emit(
            f"  {plural(flared, 'event')} flared it; {len(shown)} still count for 0.0005 "
            "or more" + (":" if shown else "")
        )
    for c in shown:
        what = _label(c.event.kind)
        ctx.emit(
            f"    {c.event.at.astimezone(zone):%Y-%m-%d}  {what:<28} "
            f"added {c.added:.3f}, now {c.now:.3f} ({days_ago(round(c.days_ago))})"
        )
    for planned in report.planned:
        day = f"{planned.due_on:%Y-%m-%d}"
        ctx.emit(f"  planned: {_label(planned.kind)} on {day} {planned.note}".rstrip())
    return 0


def _label(kind: str) -> str:
    """A kind as the app names it ("Call, connected"), not as it is stored."""
    return (TOUCH_LABELS.get(kind) or TRIGGER_LABELS.get(kind) or kind).lower()


def _cmd_log_touch(args: argparse.Namespace, ctx: Context) -> int:
    occurred = when(args.at)
    with open_book(ctx, writes=True) as book:
        touch = book.log_touch(
            args.whale,
            args.kind,
            occurred,
            clock.now(),
            rep=args.rep,
            contact=args.contact,
            note=args.note or "",
            also_with=args.also_with,
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
        local = touch.occurred_at.astimezone(clock.local_zone())
        ctx.emit(f"Logged {_label(touch.kind)} on {name} at {local:%Y-%m-%d %H:%M %Z} ({touch.id})")
    return 0


def _cmd_trigger(args: argparse.Namespace, ctx: Context) -> int:
    occurred = when(args.at)
    with open_book(ctx, writes=True) as book:
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
        ctx.emit(f"Recorded {_label(trigger.kind)} at {name} ({trigger.id})")
    return 0


def _cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services import exporting

    out = Path(args.out)
    with open_book(ctx) as book:
        if args.format == "csv":
            rows = exporting.export_csv(book.whales(clock.now()), out)
        else:
            rows = exporting.export_json(book.store, out)
    ctx.emit(f"Exported {rows} rows to {out}")
    return 0


def _cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services import importing

    path = Path(args.file)
    if args.format != "warroom" and (args.format != "auto" or path.suffix.lower() != ".json"):
        return _import_csv(args, ctx, path)
    with open_book(ctx, writes=True) as book:
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


def _import_csv(args: argparse.Namespace, ctx: Context, path: Path) -> int:

    from warroom.services.importing_csv import CsvImport

    if path.suffix.lower() == ".xls":
        raise BadInput(f"{path}: save the sheet as .xlsx or CSV; .xls is not read")
    forced = None if args.format == "auto" else args.format
    mapping = None
    if args.map:
        mapping = {}
        for pair in args.map:
            field, _, column = pair.partition("=")
            if field not in IMPORT_FIELDS or not column:
                raise BadInput(
                    f"--map {pair!r}: write FIELD=COLUMN, FIELD one of {', '.join(IMPORT_FIELDS)}"
                )
            mapping[field] = column
    stages = {}
    for pair in args.stage or ():
        theirs, _, ours = pair.rpartition("=")
        if not theirs or ours not in STAGES:
            raise BadInput(f"--stage {pair!r}: write THEIRS=OURS, OURS one of {', '.join(STAGES)}")
        stages[theirs] = ours
    with open_book(ctx, writes=True) as book:
        report = (
            CsvImport(book)
            .run(
                path,
                clock.now(),
                forced=forced,
                dry_run=args.dry_run,
                overrides=mapping,
                stages=stages,
            )
            .value
        )
    if args.json:
        ctx.emit_json(
            {
                "format": report.format,
                "dry_run": report.dry_run,
                "rows": report.rows,
                "new_whales": report.new_whales,
                "updated_whales": report.updated_whales,
                "new_stakeholders": report.new_stakeholders,
                "updated_stakeholders": report.updated_stakeholders,
                "unchanged": report.unchanged,
                "read_as": report.read_as,
                "stages": report.stages,
                "invalid": [{"line": p.line, "reason": p.reason} for p in report.invalid],
                "conflicts": [
                    {"line": c.line, "what": c.what, "ours": c.ours, "theirs": c.theirs}
                    for c in report.conflicts
                ],
                "former_signers": [
                    {"line": f.line, "person": f.person, "whale": f.whale, "signed_at": f.signed_at}
                    for f in report.former_signers
                ],
                "moved": [
                    {"line": m.line, "person": m.person, "left": m.left, "now_at": m.now_at}
                    for m in report.moved
                ],
                "moved_in_triggers": report.moved_in,
            }
        )
        return 0
    verb = "Would import" if report.dry_run else "Imported"
    ctx.emit(
        f"{verb} {path} ({report.format}): {plural(report.new_whales, 'new whale')}, "
        f"{report.updated_whales} updated, {plural(report.new_stakeholders, 'new stakeholder')}"
        f", {report.updated_stakeholders} updated, "
        f"{plural(report.unchanged, 'row')} changing nothing"
    )
    ctx.emit(f"  read as {'; '.join(report.read_as)}")
    for stage, ours in report.stages.items():
        read = ours or "identified (not a stage we know: --stage THEIRS=OURS)"
        ctx.emit(f"  stage {stage!r} ({plural(report.stage_rows.get(stage, 0), 'row')}): {read}")
    named = {plain(stage) for stage in report.stages}
    for theirs in stages:
        if plain(theirs) not in named:
            ctx.emit(f"  --stage {theirs!r}: no row of the file has that stage")
    for problem in report.invalid:
        ctx.emit(f"  line {problem.line}: skipped, {problem.reason}")
    for conflict in report.conflicts:
        ctx.emit(
            f"  line {conflict.line}: kept {conflict.what} {conflict.ours!r}, the file "
            f"says {conflict.theirs!r}"
        )
    for moved in report.moved:
        ctx.emit(
            f"  line {moved.line}: {moved.person} left {moved.left} for {moved.now_at}: marked"
            f" as left, and 'champion moved in' {'would be' if report.dry_run else 'is'} logged"
            f" at {moved.now_at}"
        )
    if report.moved_in:
        ctx.emit(
            "  'champion moved in' at new whales, for "
            f"{plural(report.moved_in, 'person', 'people')} we knew who had left for them"
        )
    for signer in report.former_signers:
        ctx.emit(
            f"  line {signer.line}: {signer.person} signed with us at {signer.signed_at} "
            f"and is now at {signer.whale}: log a champion_moved_in trigger there"
        )
    return 0


def _cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services import backups

    folder = ctx.folder
    target = Path(args.out) if args.out else folder.backups
    path = backups.backup(folder.book, target, clock.now())
    ctx.emit(f"Backed up to {path}")
    return 0


def _cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    from warroom.services import backups

    folder = ctx.folder.ensure()
    safety = backups.restore(folder.book, Path(args.file), folder.backups, clock.now())
    ctx.emit(
        f"Restored {args.file}" + (f"; the previous book is kept at {safety}" if safety else "")
    )
    return 0


def register(command: Command) -> None:
    gui = command("gui", open_gui, "open the app")
    gui.add_argument("--war-room", action="store_true", help="open straight into the war room")
    gui.add_argument(
        "--screenshot",
        metavar="PNG",
        help="save a picture of the window once it has loaded, then quit",
    )

    me = command("me", _cmd_me, "show or set who uses this laptop")
    me.add_argument("name", nargs="?", metavar="NAME")
    me.add_argument(
        "--email",
        action="append",
        metavar="ADDR",
        help="your own address (repeat for each): capture tells your side of mail by it",
    )
    me.add_argument(
        "--workdays",
        metavar="DAYS",
        help="the days you work: Mon-Fri (the default), Sun-Thu, Mon,Wed,Fri…; your made days, "
        "streak and cadence due dates count them",
    )
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
    add.add_argument(
        "--anyway",
        action="store_true",
        help="add it though a whale of the same company ('Globex' for 'Globex Inc') exists",
    )
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
    lt.add_argument(
        "--also-with",
        action="append",
        default=[],
        metavar="C",
        help="another stakeholder there (repeat for several): each is credited in coverage",
    )
    lt.add_argument("--note", metavar="T")
    lt.add_argument("--json", action="store_true")

    tr = command("trigger", _cmd_trigger, "record a trigger event at a whale")
    tr.add_argument("whale", metavar="WHALE")
    tr.add_argument("--kind", required=True, metavar="K", help=", ".join(TRIGGER_KINDS))
    tr.add_argument("--at", metavar="ISO")
    tr.add_argument("--source", metavar="URL")
    tr.add_argument("--note", metavar="T")
    tr.add_argument("--json", action="store_true")

    ex = command("export", _cmd_export, "export the whole book")
    ex.add_argument(
        "--format",
        choices=["json", "csv"],
        default="json",
        help="json: the whole book; csv: one row per whale, for a spreadsheet",
    )
    ex.add_argument("--out", required=True, metavar="PATH")

    im = command("import", _cmd_import, "import a file into the book")
    im.add_argument("file", metavar="FILE")
    im.add_argument(
        "--format",
        default="auto",
        choices=["auto", "warroom", "salesforce", "hubspot", "pipedrive", "linkedin", "salesnav"],
    )
    im.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help="which column holds a field, for any CSV or .xlsx: " + ", ".join(IMPORT_FIELDS),
    )
    im.add_argument(
        "--stage",
        action="append",
        metavar="THEIRS=OURS",
        help="read a stage name of the file as one of ours: " + ", ".join(STAGES),
    )
    im.add_argument("--json", action="store_true")
    im.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")

    bk = command("backup", _cmd_backup, "back up the book")
    bk.add_argument("--out", metavar="FOLDER", help="where (default: the data folder's backups)")

    rs = command(
        "restore", _cmd_restore, "replace the book with a backup (the current one is kept)"
    )
    rs.add_argument("file", metavar="FILE")
