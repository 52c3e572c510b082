"""Which automatic backups to keep (like Anki's): every one from the last two days, then one a
day for a week, one a week for a month, and one a month for a year; older ones go."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

KEEP_ALL = timedelta(days=2)
DAILY_FOR = timedelta(days=7)
WEEKLY_FOR = timedelta(days=31)
MONTHLY_FOR = timedelta(days=365)


def to_keep(taken: Sequence[datetime], now: datetime) -> set[datetime]:
    """The backup times to keep; in each day, week or month kept, the newest one stays."""
    keep: set[datetime] = set()
    buckets: dict[tuple[str, object], datetime] = {}
    for when in sorted(taken, reverse=True):
        age = now - when
        if age < KEEP_ALL:
            keep.add(when)
            continue
        if age < DAILY_FOR:
            bucket: tuple[str, object] = ("day", when.date())
        elif age < WEEKLY_FOR:
            bucket = ("week", tuple(when.isocalendar())[:2])
        elif age < MONTHLY_FOR:
            bucket = ("month", (when.year, when.month))
        else:
            continue
        if bucket not in buckets:
            buckets[bucket] = when
            keep.add(when)
    return keep


def due(
    last: datetime | None,
    now: datetime,
    edited_since: bool,
    every: timedelta = timedelta(minutes=30),
) -> bool:
    """An automatic backup is due every 30 minutes while the book is being edited."""
    return edited_since and (last is None or now - last >= every)
