"""The three PDF reports drawn: the weekly war room, a rep's week, and one whale's account
plan. Their figures come from services.reports (the same services as the app and the `--json`
commands, for one moment), so a PDF says what the screen and the command line say; drawing
charts and pages needs Qt's GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QWidget

from warroom import clock
from warroom.domain.coverage import chart_lines, org_chart
from warroom.domain.journey import PRACTICE_LEGEND
from warroom.domain.kinds import TOUCH_LABELS, TRIGGER_LABELS
from warroom.domain.pipeline import Moved, moved_words
from warroom.domain.words import chance_words, rate_words, standing_words
from warroom.services.book import Book
from warroom.services.reports import (
    AccountReport,
    MeetingReport,
    Report,
    RepWeekReport,
    WeeklyReport,
    load,
)
from warroom.services.war_room import Move
from warroom.ui.charts.style import type_of
from warroom.ui.reports.document import (
    Block,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    pdf_writer,
    render,
)

# Charts are laid out at this size and scaled onto the page's width (about 180 mm), so a
# pixel of the chart is about 0.57 pt on paper and its 15-pixel type about 8.5 pt.
CHART_SIZE = (900, 450)
PRINT_TYPE_PX = 15
LONGEST_TABLE = 40  # rows; a report is read, the app holds the rest
ONE_PAGE_OF_MOVES = 30  # a meeting's record is one page
NUMBERED = 10  # of the top ten table's whales, numbered on the ocean too
OCEAN_MOST = 2000  # bubbles on paper: a sales floor's 30,000 are a blot


def _money(amount: float, currency: str = "") -> str:
    return f"{amount:,.0f} {currency}".strip()


def _laid_out(widget: QWidget) -> QWidget:
    """The chart at its printed size with its axes sized to their type: the first paint
    measures the tick labels, the second lays the axes out around them."""
    widget.resize(*CHART_SIZE)
    widget.grab()
    widget.grab()
    return widget


# --- blocks -----------------------------------------------------------------------------------


def _moves_table(moves: Sequence[Move], heat_now: str) -> Table:
    """Whales that moved between two moments: how, and their heat then and at the second."""
    return Table(
        ("Change", "Whale", "Owner", "Heat then", heat_now, "Deal"),
        tuple(
            (
                m.change,
                m.whale.name,
                m.whale.owner,
                "new" if m.heat_then is None else f"{m.heat_then:.2f}",
                f"{m.whale.heat:.2f}",
                _money(m.whale.deal_size, m.whale.currency),
            )
            for m in moves
        ),
        (0.1, 0.28, 0.18, 0.12, 0.12, 0.2),
    )


def _more(total: int, shown: int, what: str) -> Paragraph:
    """The line under a table cut at `shown` rows: how many more, and where they are."""
    more = total - shown
    return Paragraph(f"And {more} more {what}; the app lists them all." if more > 0 else "")


def _pipeline_blocks(moved: Sequence[Moved]) -> list[Block]:
    """Deals pushed, slipped, resized or restaged since the session; a deal pushed three
    times is flagged."""
    if not moved:
        return []
    rows = tuple(
        (("FLAG " if m.flagged else "") + m.whale, moved_words(m)) for m in moved[:LONGEST_TABLE]
    )
    return [
        Heading("The pipeline: what moved", 2),
        Table(("Whale", "What moved"), rows, (0.3, 0.7)),
        _more(len(moved), LONGEST_TABLE, "whales whose deals moved"),
    ]


def weekly_blocks(data: WeeklyReport, charts: bool = True) -> list[Block]:
    from warroom.ui.charts.ocean_chart import OceanChart

    deck = data.deck
    zone = clock.local_zone()
    since = "the last session" if deck.since_meeting else "a week ago"
    ocean_blocks: list[Block] = []
    if charts:
        ocean = OceanChart()
        ocean.set_type(type_of(pixels=PRINT_TYPE_PX))
        # The page shows the biggest deals (30,000 bubbles also take seconds to print), and
        # says so.
        shown = sorted(deck.whales, key=lambda w: w.deal_size, reverse=True)[:OCEAN_MOST]
        ocean.show_whales(shown, deck.half_life_days, deck.watermark)
        ocean.fit_days()
        ocean.number([w.id for w in deck.top_ten[:NUMBERED]])
        title = "The ocean"
        if len(shown) < len(deck.whales):
            title += f": the {len(shown):,} biggest deals of {len(deck.whales):,} whales"
        numbered = Paragraph(
            "Numbered: the top ten to close, as listed above." if deck.top_ten else ""
        )
        ocean_blocks = [Heading(title, 2), numbered, Chart(_laid_out(ocean))]
    last_notes: list[Block] = (
        [Heading("Notes from the last session", 2), Paragraph(deck.last_notes)]
        if deck.last_notes
        else []
    )
    moves = deck.moves[:LONGEST_TABLE]
    return [
        Heading(f"War room: {data.team}"),
        Paragraph(
            f"Week of {deck.at.astimezone(zone):%A %d %B %Y}, for {deck.rep_name}. Half-life in "
            f"force {deck.half_life_days:.1f} days, watermark {deck.watermark:.2f}."
        ),
        Paragraph(
            f"{len(deck.whales)} whales, {sum(1 for w in deck.whales if w.sinking)} under the "
            f"watermark, {len(deck.sinking)} sinking this week, {len(deck.triggers)} triggers "
            f"waiting for an answer. Sections: since {since}, the top ten, the ocean, sinking "
            "this week, fresh triggers, the scoreboard, follow-through, the team's journey, "
            "wins and losses."
        ),
        *last_notes,
        Heading(f"Since {since} ({deck.since.astimezone(zone):%a %d %b})", 2),
        _moves_table(moves, "Heat now"),
        _more(len(deck.moves), len(moves), "whales moved"),
        *_pipeline_blocks(deck.pipeline),
        Heading("The top ten to close", 2),
        Table(
            ("", "Whale", "The exact deal", "Size", "Heat", "Win chance"),
            tuple(
                (
                    str(place) if place <= NUMBERED else "",  # as numbered on the ocean
                    w.name,
                    data.exact.get(w.id, ""),
                    _money(w.deal_size, w.currency),
                    f"{w.heat:.2f}",
                    chance_words(w.win_chance),
                )
                for place, w in enumerate(deck.top_ten[:LONGEST_TABLE], start=1)
            ),
            (0.04, 0.22, 0.38, 0.16, 0.08, 0.12),
        ),
        _more(len(deck.top_ten), LONGEST_TABLE, "whales in the reps' top tens"),
        *ocean_blocks,
        Heading("Sinking this week", 2),
        Table(
            ("Whale", "Owner", "Where it stands", "Plan"),
            tuple(
                (
                    s.whale.name,
                    s.whale.owner,
                    standing_words(s.whale, deck.at, zone),
                    s.plan,
                )
                for s in deck.sinking[:LONGEST_TABLE]
            ),
            (0.3, 0.2, 0.15, 0.35),
        ),
        _more(len(deck.sinking), LONGEST_TABLE, "whales sinking this week"),
        Heading("Fresh triggers nobody answered", 2),
        Table(
            ("Whale", "Trigger", "What", "When"),
            tuple(
                (
                    t.whale,
                    TRIGGER_LABELS.get(t.trigger.kind, t.trigger.kind),
                    t.trigger.note,
                    f"{t.trigger.occurred_at.astimezone(zone):%Y-%m-%d}",
                )
                for t in deck.triggers[:LONGEST_TABLE]
            ),
            (0.25, 0.18, 0.42, 0.15),
        ),
        _more(len(deck.triggers), LONGEST_TABLE, "triggers nobody answered"),
        Heading("Five before lunch: the scoreboard", 2),
        Table(
            ("Rep", "Today", "Made, 4 weeks", "Streak", "Best"),
            tuple(
                (
                    r.rep.name,
                    f"{r.today} of 5",
                    rate_words(r.made_rate_4_weeks),
                    str(r.streak),
                    str(r.best),
                )
                for r in deck.scoreboard
            ),
            (0.3, 0.15, 0.2, 0.15, 0.2),
        ),
        Heading("Follow-through", 2),
        Table(
            ("Rep", "Cadence", "Ended", "Given up after 1-2 tries", "Touches"),
            tuple(
                (
                    deck.rep_names.get(f.rep_id or "", ""),
                    f.template,
                    str(f.ended),
                    f.given_up_words,
                    f.touches_words,
                )
                for f in deck.follow_through
            ),
            (0.22, 0.3, 0.1, 0.25, 0.13),
        ),
        Heading("The team's journey", 2),
        Paragraph(PRACTICE_LEGEND if deck.journey else ""),
        Table(
            ("Rep", "Phase", "Why", "Practice"),
            tuple(
                (
                    j.rep.name,
                    f"{j.phase.number}. {j.phase.name}",
                    j.phase.reason,
                    f"{j.practice.score} (missing: {', '.join(j.practice.missing) or 'none'})",
                )
                for j in deck.journey
            ),
            (0.18, 0.2, 0.37, 0.25),
        ),
        Heading("Wins, losses and their lessons", 2),
        Table(
            ("Whale", "Outcome", "Why", "Next time"),
            tuple(
                (
                    r.whale,
                    r.outcome.replace("_", " "),
                    r.primary_reason.replace("_", " "),
                    r.do_differently,
                )
                for r in deck.lessons
            ),
            (0.25, 0.15, 0.2, 0.4),
        ),
    ]


def rep_week_blocks(data: RepWeekReport) -> list[Block]:
    streak, deck = data.streak, data.deck
    week = [(day, made) for day, made in streak.calendar if day > streak.day - timedelta(days=7)]
    return [
        Heading(f"My week: {streak.rep.name}"),
        Paragraph(
            f"{data.team}, week to {streak.day:%A %d %B %Y}. Streak {streak.streak.current} "
            f"workdays (best {streak.streak.best}); made {rate_words(streak.made_rate_4_weeks)} of "
            "workdays over the last 4 weeks."
        ),
        Heading("Five before lunch", 2),
        Table(
            ("Day", "Made"),
            tuple((f"{day:%a %d %b}", "yes" if made else "no") for day, made in week),
            (0.5, 0.5),
        ),
        # The rep's own hours: a made day is the rep's morning, so its touches are shown on
        # the rep's clock, not the clock of the machine printing the report.
        Heading(f"Touches this week (times in {data.zone})", 2),
        Table(
            ("When", "Whale", "Touch"),
            tuple(
                (f"{t.at:%a %d %b %H:%M}", t.whale, TOUCH_LABELS.get(t.kind, t.kind))
                for t in data.touches
            ),
            (0.25, 0.45, 0.3),
        ),
        Heading("Cadence steps due", 2),
        Table(
            ("Whale", "Step", "Due"),
            tuple((d.whale, d.step, d.due) for d in data.due),
            (0.4, 0.4, 0.2),
        ),
        Heading("Whales moving", 2),
        Table(
            ("Change", "Whale", "Heat now", "Deal"),
            tuple(
                (m.change, m.whale.name, f"{m.whale.heat:.2f}", _money(m.whale.deal_size))
                for m in deck.moves
            ),
            (0.15, 0.45, 0.15, 0.25),
        ),
    ]


def account_blocks(data: AccountReport) -> list[Block]:
    from warroom.services.decay import planned_event
    from warroom.ui.charts.decay_chart import DecayChart

    page, decay, at = data.page, data.decay, data.at
    d = page.definition
    chart = DecayChart()
    chart.set_type(type_of(pixels=PRINT_TYPE_PX))
    planned = [planned_event(p.kind, p.due_on, decay.params, p.id) for p in decay.planned]
    chart.show_report(decay, planned)
    _laid_out(chart)
    zone = clock.local_zone()
    standing = decay.standing(zone)
    sink = f"{standing}, on {decay.sinks_at:%a %d %b %Y}" if decay.sinks_at else standing
    plan = chart.projection
    after = (
        f"With the planned touches it sinks on {plan.sinks_at:%a %d %b %Y}."
        if planned and plan and plan.sinks_at
        else ""
    )
    people = {p.id: p.name for p in page.stakeholders}
    what_if: list[Block] = (
        [
            Heading("What-if plan", 2),
            Table(
                ("Planned touch", "On"),
                tuple(
                    (TOUCH_LABELS.get(p.kind, p.kind), f"{p.due_on:%a %d %b %Y}")
                    for p in decay.planned
                ),
                (0.6, 0.4),
            ),
        ]
        if decay.planned
        else [Paragraph("No touches are planned yet: the dashed line is where it drifts alone.")]
    )
    return [
        Heading(f"Account plan: {d.name}"),
        Paragraph(
            f"{data.team}, {at:%A %d %B %Y}. Owner {page.owner or '—'}."
            + (" One of the top ten." if d.top_ten else "")
        ),
        Heading("The exact deal", 2),
        Paragraph(
            f"{_money(d.deal_size, d.currency)} · {d.solution or 'no solution named'} · "
            f"stage {d.stage}. {d.exact_deal}"
        ),
        Table(
            ("", ""),
            tuple(
                (label, getattr(d, field) or "—")
                for label, field in (
                    ("Why now", "why_now"),
                    ("Past attempts", "past_attempts"),
                    ("Past proposals", "past_proposals"),
                    ("Competitors", "competitors"),
                    ("What we listen for", "listening"),
                    ("Notes", "notes"),
                )
            ),
            (0.25, 0.75),
        ),
        Heading("Stakeholders: who reports to whom", 2),
        Paragraph(f"Coverage: {page.coverage.words}." if page.coverage else ""),
        Table(
            ("Name", "Title", "Role", "Influence", "Typed", "From touches", "Signed, left"),
            tuple(
                (
                    lines + s.name,
                    s.title,
                    s.role.replace("_", " "),
                    str(s.influence),
                    str(s.relationship),
                    str(page.coverage.strength.get(s.id, 0)) if page.coverage else "",
                    "; ".join(
                        part
                        for part in (
                            s.moved_from or ("signed before" if s.signed_before else ""),
                            f"left {s.left_on:%Y-%m-%d}" + (f" for {s.now_at}" if s.now_at else "")
                            if s.left_on
                            else "",
                        )
                        if part
                    ),
                )
                for s, lines in chart_lines(org_chart(page.stakeholders))
            ),
            (0.2, 0.18, 0.14, 0.09, 0.08, 0.11, 0.2),
        ),
        Heading("Heat and decay", 2),
        Paragraph(
            f"Heat {decay.heat:.2f} (watermark {decay.params.watermark:.2f}), {sink}; "
            f"half-life {decay.params.half_life_days:.1f} days, {decay.half_life.reason}; "
            f"weighted value {_money(decay.weighted_value, d.currency)}. {after}"
        ),
        Paragraph(data.chance),
        Chart(chart),
        *what_if,
        PageBreak(),
        Heading("Timeline (latest 40 touches)", 2),
        Table(
            ("When", "Touch", "With", "Note"),
            tuple(
                (
                    f"{t.occurred_at.astimezone():%Y-%m-%d}",
                    TOUCH_LABELS.get(t.kind, t.kind),
                    people.get(t.stakeholder_id or "", ""),
                    t.note,
                )
                for t in page.timeline[:40]
            ),
            (0.15, 0.22, 0.2, 0.43),
        ),
    ]


def meeting_blocks(data: MeetingReport) -> list[Block]:
    """One page: the session, its notes, and what moved since the session before."""
    meeting = data.meeting
    since = (
        f"the session before ({meeting.since.astimezone():%a %d %b})"
        if meeting.since
        else f"the week before ({(meeting.held_at - timedelta(days=7)).astimezone():%a %d %b})"
    )
    return [
        Heading(f"War-room session: {data.team}"),
        Paragraph(
            f"Held {meeting.held_at.astimezone(ZoneInfo(data.zone)):%A %d %B %Y, %H:%M} "
            f"({data.zone}). "
            f"Since {since}: {meeting.summary}."
            + (f" There: {', '.join(meeting.there)}." if meeting.there else "")
        ),
        Heading("Notes", 2),
        Paragraph(meeting.notes or "No notes were typed during this session."),
        Heading(f"What moved since {since}", 2),
        _moves_table(meeting.moves[:ONE_PAGE_OF_MOVES], "Heat at the session"),
        Paragraph(
            f"And {len(meeting.moves) - ONE_PAGE_OF_MOVES} more; the app's War room section "
            "lists them all."
            if len(meeting.moves) > ONE_PAGE_OF_MOVES
            else ""
        ),
    ]


def blocks(report: Report, charts: bool = True) -> list[Block]:
    """The report's pages, to write or print (`charts` off: the benchmark's baseline)."""
    if isinstance(report, WeeklyReport):
        return weekly_blocks(report, charts)
    if isinstance(report, RepWeekReport):
        return rep_week_blocks(report)
    if isinstance(report, MeetingReport):
        return meeting_blocks(report)
    return account_blocks(report)


def write(report: Report, out: Path, page: str, charts: bool = True) -> int:
    """Render to a PDF at `out` (written beside it first, then renamed); returns pages."""
    partial = out.with_name(f".{out.name}.part")
    writer = pdf_writer(str(partial), page, report.title)
    pages = render(writer, blocks(report, charts), report.footer)
    del writer  # closes the file
    partial.replace(out)
    return pages


def write_report(
    book: Book, kind: str, target: str | None, out: Path, page: str, at: datetime
) -> int:
    """Load and draw one report (the GUI thread, a QApplication running); returns pages."""
    return write(load(book, kind, target, at), out, page)
