"""Figures read the same everywhere: plurals, and where a whale stands against the watermark."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from warroom.domain.decay import sank_days_ago
from warroom.domain.words import days_ago, plural, rate_words, sink_words

AT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York
NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(("count", "text"), [(0, "0 steps"), (1, "1 step"), (2, "2 steps")])
def test_plurals(count: int, text: str) -> None:
    assert plural(count, "step") == text


def test_days_ago_reads_as_said() -> None:
    assert [days_ago(n) for n in (0, 1, 3)] == ["today", "yesterday", "3 days ago"]


@pytest.mark.parametrize(
    ("heat", "days", "sank", "text"),
    [
        (0.0, 0.0, None, "never warmed"),
        (0.6, 0.5, None, "sinks today"),  # 10:00 + 12 h is still today in New York
        (0.6, 0.8, None, "sinks tomorrow"),  # 10:00 + 19 h is tomorrow
        (0.7, 4.2, None, "sinks in 4 days"),
        (0.4, 0.0, 3.5, "sank 4 days ago"),  # 3.5 days before Monday 10:00: Thursday 22:00
        (0.3, 0.0, None, "under the watermark"),
    ],
)
def test_where_a_whale_stands_reads_the_same_everywhere(
    heat: float, days: float, sank: float | None, text: str
) -> None:
    assert sink_words(heat, days, sank, AT, NY) == text


def test_a_whale_that_never_rose_above_the_watermark_did_not_sink() -> None:
    # Heat 0.4 under a 0.5 watermark: it crossed 9.7 days ago (h = 30) if it was ever above.
    assert sank_days_ago(0.4, 30, 0.5, days_since_flare=20) == pytest.approx(9.66, abs=0.01)
    assert sank_days_ago(0.4, 30, 0.5, days_since_flare=5) is None  # its flare peaked below
    assert sank_days_ago(0.0, 30, 0.5, days_since_flare=None) is None


def test_a_rate_too_early_to_tell_says_so() -> None:
    assert rate_words(None) == "too early to tell"
    assert rate_words(0.25) == "25%"


def test_a_whale_on_hold_stands_on_hold_from_its_first_day_to_the_morning_it_ends() -> None:
    """Pass: held Friday 20 Nov until Monday 30 Nov, it reads "on hold until Mon 30 Nov"
    (whatever its heat) on the Monday between, as it was not the day before it was put on
    hold, nor on the day the hold ends; a closed deal reads closed, hold or not."""
    from dataclasses import replace
    from datetime import date

    from warroom.domain.records import WhaleSummary
    from warroom.domain.words import standing_words

    whale = WhaleSummary(
        "w1", "Globex", "globex.com", None, "", 900_000, "USD", "proposal", "", False, 4,
        None, None, heat=0.7, days_to_sink=4.2,
        held_on=date(2026, 11, 20), held_until=date(2026, 11, 30),
    )  # fmt: skip
    assert standing_words(whale, AT, NY) == "on hold until Mon 30 Nov"
    assert standing_words(whale, AT.replace(month=11, day=19), NY) == "sinks in 4 days"
    assert standing_words(whale, AT.replace(day=30), NY) == "sinks in 4 days"
    assert standing_words(replace(whale, stage="closed"), AT, NY) == "deal closed"
    next_year = replace(whale, held_until=date(2027, 1, 15))
    assert standing_words(next_year, AT, NY) == "on hold until Fri 15 Jan 2027"
