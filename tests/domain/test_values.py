from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.errors import BadInput
from warroom.domain.values import (
    parse_amount,
    parse_clock,
    parse_day,
    parse_instant,
    parse_workdays,
    workdays_words,
)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("250000", 250_000),
        ("250,000", 250_000),
        ("250k", 250_000),
        ("1.5M", 1_500_000),
        (" 2m ", 2_000_000),
        ("0", 0),
        # A European seller's (refused: "is not an amount"), and other ways of grouping.
        ("900.000,00", 900_000),
        ("250.000", 250_000),
        ("1.250.000,75", 1_250_001),
        ("1,250,000.75", 1_250_001),
        ("1,5M", 1_500_000),
        ("980,75", 981),
        ("250 000", 250_000),
        ("12,34,567", 1_234_567),
    ],
)
def test_amounts_are_read_the_way_sellers_write_them(text: str, amount: int) -> None:
    assert parse_amount(text) == amount


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_any_amount_reads_back_however_it_is_grouped(value: int, cents: int) -> None:
    english = f"{value:,}"
    european = english.replace(",", ".")
    assert parse_amount(english) == value
    assert parse_amount(str(value)) == value
    assert parse_amount(european) == value
    assert parse_amount(english.replace(",", " ")) == value
    whole = round(value + cents / 100)
    assert parse_amount(f"{english}.{cents:02d}") == whole
    assert parse_amount(f"{european},{cents:02d}") == whole


@pytest.mark.parametrize(
    "text", ["", "abc", "-5", "1.2.3", "5 apples", "12q", "1.000,00.5", ",5", "5,", "1,,000"]
)
def test_a_non_amount_is_refused(text: str) -> None:
    with pytest.raises(BadInput, match="not an amount"):
        parse_amount(text)


def test_an_instant_without_zone_is_local_time() -> None:
    paris = ZoneInfo("Europe/Paris")
    assert parse_instant("2026-07-01T09:30", paris) == datetime(2026, 7, 1, 7, 30, tzinfo=UTC)
    assert parse_instant("2026-07-01T09:30+00:00", paris) == datetime(2026, 7, 1, 9, 30, tzinfo=UTC)


def test_bad_times_say_how_to_write_them() -> None:
    with pytest.raises(BadInput, match="ISO 8601"):
        parse_instant("yesterday", ZoneInfo("UTC"))
    with pytest.raises(BadInput, match="2026-11-23"):
        parse_day("23/11/2026")
    with pytest.raises(BadInput, match="12:00"):
        parse_clock("noon")


def test_days_and_clock_times_parse() -> None:
    assert parse_day("2026-11-23") == date(2026, 11, 23)
    assert parse_clock("11:30") == time(11, 30)


@pytest.mark.parametrize(
    ("text", "days"),
    [("12345", (1, 2, 3, 4, 5)), ("Mon,Wed,Fri", (1, 3, 5)), ("sunday, monday", (1, 7))],
)
def test_workdays_parse(text: str, days: tuple[int, ...]) -> None:
    assert parse_workdays(text) == days


@pytest.mark.parametrize(
    ("text", "days"),
    [("Mon-Fri", (1, 2, 3, 4, 5)), ("Sun-Thu", (1, 2, 3, 4, 7)), ("fri-mon, wed", (1, 3, 5, 6, 7))],
)
def test_workdays_read_as_runs_that_may_wrap_past_sunday(text: str, days: tuple[int, ...]) -> None:
    assert parse_workdays(text) == days


@given(st.sets(st.integers(1, 7), min_size=1))
def test_workdays_in_words_read_back_as_the_same_days(days: set[int]) -> None:
    """Pass: any set of days, written as the app writes it ('Sun-Thu', 'Mon, Wed'), parses back
    to the same days (the command line takes what `warroom me` prints)."""
    words = workdays_words(tuple(days))
    assert parse_workdays("Mon-Sun" if words == "every day" else words) == tuple(sorted(days))


@pytest.mark.parametrize("text", ["", "089", "Funday", "mo-fr", "Mon-"])
def test_bad_workdays_are_refused(text: str) -> None:
    with pytest.raises(BadInput):
        parse_workdays(text)


def test_every_touch_kind_has_its_own_letter() -> None:
    from warroom.domain.kinds import TOUCH_KEYS, TOUCH_KINDS

    letters = [key for key, _ in TOUCH_KEYS]
    assert sorted(kind for _, kind in TOUCH_KEYS) == sorted(TOUCH_KINDS)
    assert len(set(letters)) == len(letters)
    assert dict(TOUCH_KEYS)["c"] == "call_attempt"
    assert dict(TOUCH_KEYS)["e"] == "email_sent"
    assert dict(TOUCH_KEYS)["m"] == "meeting"
    assert dict(TOUCH_KEYS)["o"] == "onsite"
