"""Thinning automatic backups: all recent, then daily, weekly, monthly; never the newest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.backups import due, to_keep

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_the_last_two_days_are_all_kept() -> None:
    recent = [NOW - timedelta(minutes=30 * i) for i in range(90)]
    assert to_keep(recent, NOW) == set(recent)


def test_older_ones_thin_to_one_a_day_then_a_week_then_a_month() -> None:
    taken = [NOW - timedelta(hours=6 * i) for i in range(4 * 400)]
    kept = sorted(to_keep(taken, NOW))
    days_3_to_7 = [k for k in kept if timedelta(days=2) <= NOW - k < timedelta(days=7)]
    assert len({k.date() for k in days_3_to_7}) == len(days_3_to_7)
    months = [k for k in kept if timedelta(days=31) <= NOW - k < timedelta(days=365)]
    assert len({(k.year, k.month) for k in months}) == len(months)
    assert all(NOW - k < timedelta(days=365) for k in kept)
    assert len(kept) < 8 * 4 + 7 + 6 + 13


@given(st.lists(st.integers(min_value=0, max_value=500 * 24), min_size=1, max_size=60))
def test_the_newest_backup_is_always_kept(hours: list[int]) -> None:
    taken = [NOW - timedelta(hours=h) for h in hours]
    newest = max(taken)
    if NOW - newest < timedelta(days=365):
        assert newest in to_keep(taken, NOW)


def test_a_backup_is_due_every_half_hour_of_editing() -> None:
    assert due(None, NOW, edited_since=True)
    assert not due(NOW - timedelta(minutes=10), NOW, edited_since=True)
    assert due(NOW - timedelta(minutes=31), NOW, edited_since=True)
    assert not due(NOW - timedelta(hours=5), NOW, edited_since=False)
