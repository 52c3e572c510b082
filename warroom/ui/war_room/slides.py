"""What each war-room slide says, as HTML that scales with the screen's type size."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from textwrap import shorten

from warroom.clock import local_zone
from warroom.domain.journey import PRACTICE_LEGEND
from warroom.domain.kinds import TRIGGER_LABELS
from warroom.domain.pipeline import moved_words
from warroom.domain.records import WhaleSummary
from warroom.domain.words import (
    chance_words,
    days_ago,
    plural,
    rate_words,
    standing_words,
)
from warroom.services.war_room import Deck

ARROWS = {
    "added": ("+", "#5dade2"),
    "rose": ("▲", "#58d68d"),
    "sank": ("▼", "#ec7063"),
    "fell": ("▾", "#f5b041"),
}


HEAT_ROWS = 14  # what one slide holds at the war room's type size
PIPELINE_ROWS = 4


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], empty: str) -> str:
    if not rows:
        return f"<p style='color:#aab7b8'>{escape(empty)}</p>"
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f"<table cellspacing='0' cellpadding='6' width='100%'><tr style='color:#aab7b8'>"
        f"{head}</tr>{body}</table>"
    )


CLOSET_ROWS = 8  # what a slide shows at a glance; the section has the rest


def money(amount: float) -> str:
    return f"{amount / 1_000_000:.2f}M" if amount >= 1_000_000 else f"{amount / 1000:.0f}K"


def since(deck: Deck) -> str:
    """Heat that moved, then (when any) the deals that moved: pushed, slipped, resized."""
    what = "the last session" if deck.since_meeting else "a week ago"
    pipeline = [
        [
            ("<span style='color:#ec7063'>⚑</span> " if m.flagged else "") + escape(m.whale),
            escape(moved_words(m)),
        ]
        for m in deck.pipeline[:PIPELINE_ROWS]
    ]
    shown = HEAT_ROWS if not pipeline else HEAT_ROWS - len(pipeline) - 3
    rows = []
    for move in deck.moves[:shown]:
        arrow, colour = ARROWS[move.change]
        then = "new" if move.heat_then is None else f"{move.heat_then:.2f}"
        rows.append(
            [
                f"<span style='color:{colour}'>{arrow} {move.change}</span>",
                escape(move.whale.name),
                escape(move.whale.owner),
                f"{then} → <b>{move.whale.heat:.2f}</b>",
                money(move.whale.deal_size),
            ]
        )
    more = (
        f"<p style='color:#aab7b8'>and {len(deck.moves) - shown} more</p>"
        if len(deck.moves) > shown
        else ""
    )
    deals = (
        "<h2>The pipeline</h2>"
        + table(["Whale", "What moved"], pipeline, "")
        + (
            f"<p style='color:#aab7b8'>and {len(deck.pipeline) - PIPELINE_ROWS} more</p>"
            if len(deck.pipeline) > PIPELINE_ROWS
            else ""
        )
        if pipeline
        else ""
    )
    return (
        f"<h1>Since {what} ({deck.since.astimezone(local_zone()):%a %d %b})</h1>"
        + table(["", "Whale", "Owner", "Heat", "Deal"], rows, "No whale moved: the ocean was calm.")
        + more
        + deals
    )


def top_ten(deck: Deck, exact: dict[str, str]) -> str:
    rows = [
        [
            escape(w.name) + _gaps(deck.gaps.get(w.id, "")),
            escape(exact.get(w.id, "") or "—"),
            money(w.deal_size),
            f"{w.heat:.2f}",
            chance_words(w.win_chance),
            escape(w.owner),
        ]
        for w in deck.top_ten
    ]
    return "<h1>The top ten to close</h1>" + table(
        ["Whale", "The exact deal", "Size", "Heat", "Win chance", "Owner"],
        rows,
        "No top ten written down yet: mark them on each whale's page.",
    )


def _gaps(words: str) -> str:
    """A top-ten whale's coverage gaps, under its name: the lead asks who we know there."""
    if not words or words == "covered":
        return ""
    return f"<br><span style='color:#f5b041; font-size:small'>{escape(words)}</span>"


def _standing(whale: WhaleSummary, deck: Deck) -> str:
    return standing_words(whale, deck.at, local_zone())


def sinking(deck: Deck) -> str:
    rows = [
        [
            escape(s.whale.name),
            escape(s.whale.owner),
            _standing(s.whale, deck),
            money(s.whale.deal_size),
            escape(s.plan),
        ]
        for s in deck.sinking
    ]
    return "<h1>Sinking this week</h1>" + table(
        ["Whale", "Owner", "Where it stands", "Deal", "Plan"], rows, "Nothing sinks this week."
    )


def closet(deck: Deck) -> str:
    """The cold open deals hiding in the pipeline, what they hold, and the holds with why."""
    report = deck.closet
    if report is None:
        return ""
    value = ", ".join(f"{money(v)} {escape(c)}" for c, v in report.value.items()) or "nothing"
    rows = [
        [escape(r.whale.name), escape(r.whale.owner), money(r.whale.deal_size), escape(r.why)]
        for r in report.rows[:CLOSET_ROWS]
    ]
    more = len(report.rows) - len(rows)
    holds = [
        [escape(h.whale), h.hold.until.strftime("%d %b %Y"), escape(h.hold.reason)]
        for h in report.holds
    ]
    if not rows:
        head = (
            "<h1>The closet is empty</h1><p>Every open deal is warm, being re-warmed, or held.</p>"
        )
    else:
        head = f"<h1>The closet: {plural(len(report.rows), 'cold deal')} holding {value}</h1>"
        head += table(["Whale", "Owner", "Deal", "Why it is here"], rows, "")
    return (
        head
        + (f"<p>and {more} more (Closet, Ctrl+0)</p>" if more > 0 else "")
        + ("<h2>On hold</h2>" + table(["Whale", "Until", "Why"], holds, "") if holds else "")
    )


def triggers(deck: Deck) -> str:
    rows = [
        [
            escape(t.whale),
            TRIGGER_LABELS.get(t.trigger.kind, t.trigger.kind),
            escape(shorten(t.trigger.note, 70, placeholder=" …")),
            days_ago((deck.at - t.trigger.occurred_at).days),
            escape(deck.rep_names.get(t.owner_id or "", "")),
        ]
        for t in deck.triggers
    ]
    return "<h1>Fresh triggers nobody answered</h1>" + table(
        ["Whale", "Trigger", "What", "When", "Owner"],
        rows,
        "Every trigger of the week has had an answer.",
    )


def scoreboard(deck: Deck) -> str:
    rows = [
        [
            escape(r.rep.name),
            f"{r.today} of 5",
            rate_words(r.made_rate_4_weeks),
            f"<b>{r.streak}</b> (best {r.best})",
        ]
        for r in deck.scoreboard
    ]
    return "<h1>Five before lunch: the scoreboard</h1>" + table(
        ["Rep", "Today", "Made, 4 weeks", "Streak"], rows, "No reps yet."
    )


def follow_through(deck: Deck) -> str:
    rows = [
        [
            escape(deck.rep_names.get(f.rep_id or "", "")),
            escape(f.template),
            f"{f.ended}",
            f"<b>{f.given_up_words}</b>",
            f.touches_words,
        ]
        for f in deck.follow_through
    ]
    return "<h1>Follow-through: who keeps going past the second try</h1>" + table(
        ["Rep", "Cadence", "Ended", "Given up after 1-2 tries", "Touches"],
        rows,
        "No cadence has ended yet.",
    )


def journey(deck: Deck) -> str:
    rows = []
    for j in deck.journey:
        pieces = " ".join("■" if p.held else "□" for p in j.practice.pillars)
        risk = " <span style='color:#ec7063'>at risk</span>" if j.phase.at_risk else ""
        rows.append(
            [
                escape(j.rep.name),
                f"{j.phase.number}. {j.phase.name}{risk}",
                escape(j.phase.reason),
                f"{pieces} = {j.practice.score}",
            ]
        )
    return (
        "<h1>The team's journey</h1>"
        + table(["Rep", "Phase", "Why", "Pillars"], rows, "No reps yet.")
        + (f"<p style='color:#aab7b8'>{escape(PRACTICE_LEGEND)}</p>" if rows else "")
    )


def lessons(deck: Deck) -> str:
    rows = [
        [
            escape(r.whale),
            r.outcome.replace("_", " "),
            escape(r.primary_reason.replace("_", " ")),
            escape(r.do_differently),
        ]
        for r in deck.lessons
    ]
    return "<h1>Wins, losses and their lessons</h1>" + table(
        ["Whale", "Outcome", "Why", "Next time"], rows, "No deal has closed with a review yet."
    )


TEXT_SLIDES: tuple[tuple[str, Callable[..., str]], ...] = (
    ("since", since),
    ("top ten", top_ten),
    ("ocean", lambda deck: ""),
    ("sinking", sinking),
    ("closet", closet),
    ("triggers", triggers),
    ("scoreboard", scoreboard),
    ("follow-through", follow_through),
    ("journey", journey),
    ("lessons", lessons),
)
