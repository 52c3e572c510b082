"""How figures read, the same everywhere (list, Today, whale page, war room, PDFs, command line):
counts with their plurals, and where a whale stands against the watermark."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from warroom.domain.records import WhaleSummary


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 step', '2 steps', '0 steps'; `words` for irregular plurals."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def days_ago(days: int) -> str:
    """'today', 'yesterday', '3 days ago'."""
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def standing_words(whale: WhaleSummary, at: datetime, zone: tzinfo) -> str:
    """Where a whale stands: its deal closed (no heat to hold up), on hold (nobody hunts it
    before then), else `sink_words`."""
    if whale.deal_closed:
        return "deal closed"
    today = at.astimezone(zone).date()
    held_until = whale.held_until_after(today)
    if held_until is not None:
        year = "" if held_until.year == today.year else f" {held_until.year}"
        return f"on hold until {held_until:%a %d %b}{year}"
    return sink_words(whale.heat, whale.days_to_sink, whale.sank_days_ago, at, zone)


def sink_words(
    heat: float,
    days_to_sink: float,
    sank_days_ago: float | None,
    at: datetime,
    zone: tzinfo,
) -> str:
    """Where a whale stands: 'sinks in 4 days', 'sinks today', 'sinks tomorrow', 'sank 3
    days ago', 'under the watermark' (never above it since its last flare), 'never warmed'.

    Days are counted in calendar days of the reader's zone, so 'today' means before midnight."""
    if heat <= 0.0:
        return "never warmed"
    today = at.astimezone(zone).date()
    if sank_days_ago is None and days_to_sink <= 0.0:
        return "under the watermark"
    if sank_days_ago is not None:
        when = (at - timedelta(days=sank_days_ago)).astimezone(zone).date()
        return f"sank {days_ago((today - when).days)}"
    when = (at + timedelta(days=days_to_sink)).astimezone(zone).date()
    ahead = (when - today).days
    if ahead <= 0:
        return "sinks today"
    return "sinks tomorrow" if ahead == 1 else f"sinks in {ahead} days"


def rate_words(rate: float | None) -> str:
    """A made rate as a share, or that it is too early to say."""
    return "too early to tell" if rate is None else f"{rate:.0%}"


def chance_words(chance: float | None) -> str:
    """A win chance as a table shows it: a share, or a dash without one."""
    return "—" if chance is None else f"{chance:.0%}"


def skill_words(skill: float) -> str:
    """A back-test's skill, signed, never "-0.00"."""
    shown = round(skill, 2)
    return f"{shown:+.2f}" if shown else "0.00"


def money(amount: float) -> str:
    """250K, 1.5M: how sellers say deal sizes."""
    if amount >= 1_000_000:
        return f"{amount / 1_000_000:.3g}M"
    if amount >= 1_000:
        return f"{amount / 1_000:.3g}K"
    return f"{amount:.0f}"
