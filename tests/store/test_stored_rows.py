"""A row of an export becomes the text SQLite stores, on the bulk path, exactly as the ORM
would have written its decoded values: times by any spelling, every column."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from warroom.store.bulk import sqlite_time
from warroom.store.tables import _json_time, _stored_time

times = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
)


def _general(value: str) -> str | type[Exception]:
    try:
        return sqlite_time(_json_time(value))
    except (ValueError, TypeError, AttributeError) as exc:
        return type(exc)


def _fast(value: str) -> str | type[Exception]:
    try:
        return _stored_time(value)
    except (ValueError, TypeError, AttributeError) as exc:
        return type(exc)


@given(times)
def test_our_own_spelling_of_a_time_is_stored_as_the_orm_stores_it(at: datetime) -> None:
    written = at.isoformat().replace("+00:00", "Z")  # as an export writes it
    assert _stored_time(written) == sqlite_time(at)


@given(times, st.integers(-14 * 60, 14 * 60))
def test_a_time_with_an_offset_is_stored_in_utc(at: datetime, minutes: int) -> None:
    zone = timezone(timedelta(minutes=minutes))
    assert _stored_time(at.astimezone(zone).isoformat()) == sqlite_time(at)


@given(
    st.text(alphabet="0123456789-:T.Z+W ,", min_size=18, max_size=28)
    | st.builds(
        lambda at, cut: at.isoformat().replace("+00:00", "Z")[:cut] + "Z", times, st.integers()
    )
)
def test_any_text_is_read_as_the_general_parser_reads_it(text: str) -> None:
    assert _fast(text) == _general(text)
