"""The read paths that aggregate in SQL give exactly what the domain rules give over every
record, on random books: a big book is answered fast, never differently."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warroom.domain.journey import rep_activity
from warroom.domain.kinds import TOUCH_KINDS
from warroom.domain.records import Touch
from warroom.domain.today import morning_windows, whales_before_cutoff
from warroom.services.book import Book
from warroom.store import bulk, queries
from warroom.store import today as today_store
from warroom.store.db import Store, open_store

AT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)

touch_specs = st.lists(
    st.tuples(
        st.integers(0, 2),  # which rep
        st.sampled_from(TOUCH_KINDS),
        st.integers(-70 * 24 * 60, 3 * 24 * 60),  # minutes from AT: the past and a little after
    ),
    max_size=60,
)


@dataclass(frozen=True)
class _ThreeReps:
    store: Store
    reps: list[str]
    whale: str
    touches: list[Touch]


@contextmanager
def _three_reps_touching_one_whale(
    tmp_path_factory: pytest.TempPathFactory, specs: list[tuple[int, str, int]]
) -> Iterator[_ThreeReps]:
    """A fresh book: three reps, the whale Globex, and a touch per (rep, kind, minutes from
    AT) spec."""
    folder: Path = tmp_path_factory.mktemp("book")
    store = open_store(folder / "book.sqlite", at=AT)
    try:
        book = Book(store)
        reps = [book.set_me(f"Rep {n}", "UTC", AT).value.id for n in range(3)]
        whale = book.add_whale("Globex", AT).value
        touches = [
            Touch(str(uuid.uuid4()), whale, reps[rep], None, kind, AT + timedelta(minutes=m), "")
            for rep, kind, m in specs
        ]
        with store.transaction(write=True) as session:
            bulk.insert_touches(session, touches, AT)
        yield _ThreeReps(store, reps, whale, touches)
    finally:
        store.close()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=touch_specs, shift=st.integers(-3 * 24 * 60, 0))
def test_rep_activity_in_sql_equals_the_rule_over_every_touch(
    tmp_path_factory: pytest.TempPathFactory, specs: list[tuple[int, str, int]], shift: int
) -> None:
    with _three_reps_touching_one_whale(tmp_path_factory, specs) as book:
        at = AT + timedelta(minutes=shift)
        with book.store.transaction() as session:
            fast = queries.rep_activity(session, at)
            every = queries.touches(session)
        for rep in book.reps:
            expected = rep_activity(every, rep, at)
            got = fast.get(rep)
            if expected.first_touch_at is None:
                assert got is None
            else:
                assert got == expected


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    zone=st.sampled_from(
        ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
    ),
    minutes=st.lists(st.integers(-400 * 24 * 60, 0), max_size=80),
    whales=st.integers(1, 7),
    cutoff=st.sampled_from([time(12, 0), time(11, 30), time(13, 45)]),
    moved=st.none()
    | st.tuples(
        st.integers(-390, -1),
        st.sampled_from(["UTC", "Asia/Tokyo", "America/Los_Angeles", "Asia/Kolkata"]),
    ),
)
def test_made_day_counts_in_sql_equal_the_rule_over_every_touch(
    tmp_path_factory: pytest.TempPathFactory,
    zone: str,
    minutes: list[int],
    whales: int,
    cutoff: time,
    moved: tuple[int, str] | None,
) -> None:
    """Pass: per local day, the distinct whales before the cut-off counted in SQL (a range of
    the index per local morning) equal whales_before_cutoff over the touches, across DST
    changes and half-hour zones, and for a rep who moved here from another zone (their days
    before the move in the zone they lived them in)."""
    folder: Path = tmp_path_factory.mktemp("book")
    store = open_store(folder / "book.sqlite", at=AT)
    try:
        book = Book(store)
        rep = book.set_me("Avery", zone, AT).value
        rep = replace(rep, lunch_cutoff=cutoff)
        if moved is not None:
            rep = replace(rep, zones_before=((AT.date() + timedelta(days=moved[0]), moved[1]),))
        ids = [book.add_whale(f"Whale {n}", AT).value for n in range(whales)]
        touches = [
            Touch(
                str(uuid.uuid4()),
                ids[m % whales],
                rep.id,
                None,
                "call_attempt",
                AT + timedelta(minutes=m, seconds=m % 7 * 0.5),
                "",
            )
            for m in minutes
        ]
        with store.transaction(write=True) as session:
            bulk.insert_touches(session, touches, AT)
        since = AT - timedelta(days=400)
        with store.transaction() as session:
            got = today_store.reps_before_cutoff_counts(
                session,
                [rep.id],
                since,
                AT,
                morning_windows(zone, cutoff, since, AT, rep.zones_before),
            ).get(rep.id, {})
        expected = whales_before_cutoff([(t.whale_id, t.occurred_at) for t in touches], rep)
        assert got == {day: len(found) for day, found in expected.items()}
    finally:
        store.close()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    specs=touch_specs,
    since=st.integers(-70 * 24 * 60, 0),
    length=st.integers(0, 40 * 24 * 60),
    kind=st.sampled_from([None, "inmail_sent", "meeting"]),
)
def test_touch_counts_in_sql_equal_counting_the_records(
    tmp_path_factory: pytest.TempPathFactory,
    specs: list[tuple[int, str, int]],
    since: int,
    length: int,
    kind: str | None,
) -> None:
    """Pass: the InMail budget's and touches-to-win's counts (by rep, kind, time and by UTC
    day) equal filtering every touch record."""
    with _three_reps_touching_one_whale(tmp_path_factory, specs) as book:
        start = AT + timedelta(minutes=since)
        end = start + timedelta(minutes=length)
        with book.store.transaction() as session:
            by_time = queries.touch_count(
                session, rep_id=book.reps[0], kind=kind, since=start, until=end
            )
            by_day = queries.touch_count(
                session, whale_id=book.whale, from_day=start.date(), to_day=end.date()
            )
        assert by_time == sum(
            1
            for t in book.touches
            if t.rep_id == book.reps[0]
            and (kind is None or t.kind == kind)
            and start <= t.occurred_at <= end
        )
        assert by_day == sum(
            1 for t in book.touches if start.date() <= t.occurred_at.date() <= end.date()
        )


def test_enrolment_outcomes_and_whales_with_people_equal_the_records(demo_book: Book) -> None:
    """Pass: on the demo book, the aggregates the team table and follow-through read equal
    what the full records give."""
    from warroom.domain.cadence import EnrolmentOutcome
    from warroom.store import cadences

    with demo_book.store.transaction() as session:
        fast = cadences.enrolment_outcomes(session)
        every = cadences.enrolments(session)
        people = queries.whales_with_people(session)
        stakeholders = queries.stakeholders_of(session)
    assert sorted(fast, key=repr) == sorted(
        (
            EnrolmentOutcome(e.rep_id, e.template, e.status, e.done_steps, len(e.steps))
            for e in every
        ),
        key=repr,
    )
    assert len(fast) > 10
    assert people == {p.whale_id for p in stakeholders}


person_specs = st.lists(
    st.tuples(
        st.integers(0, 2),  # which whale
        st.sampled_from(("champion", "economic_buyer", "influencer", "user")),
        st.booleans(),  # left the account
        st.booleans(),  # deleted
    ),
    max_size=8,
)
contact_specs = st.lists(
    st.tuples(
        st.integers(0, 7),  # which person (when there is one)
        st.sampled_from(TOUCH_KINDS),
        st.integers(-200, 5),  # days from AT
        st.booleans(),  # deleted
    ),
    max_size=25,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=person_specs, contacts=contact_specs)
def test_coverage_gaps_in_sql_equal_the_rule_over_every_person(
    tmp_path_factory: pytest.TempPathFactory,
    people: list[tuple[int, str, bool, bool]],
    contacts: list[tuple[int, str, int, bool]],
) -> None:
    """Pass: for three whales with random people (roles, left, deleted) and random touches
    with them (kinds, days, deleted), the SQL gaps are the domain's gaps."""
    from warroom.services.people import People
    from warroom.store import edits

    folder: Path = tmp_path_factory.mktemp("book")
    store = open_store(folder / "book.sqlite", at=AT)
    try:
        book = Book(store)
        rep = book.set_me("Avery", "UTC", AT).value.id
        whales = [book.add_whale(f"Whale {n}", AT).value for n in range(3)]
        ids = []
        with store.transaction(write=True) as session:
            for n, (which, role, left, deleted) in enumerate(people):
                person_id = str(uuid.uuid4())
                edits.add_stakeholder(
                    session, person_id, whales[which], AT, name=f"P{n}", role=role,
                    left_on=AT.date() if left else None,
                )  # fmt: skip
                session.flush()
                if deleted:
                    edits.tombstone_stakeholder(session, person_id, True, AT)
                ids.append((person_id, whales[which]))
        if ids:
            touches = []
            for which, kind, days, _deleted in contacts:
                person_id, whale_id = ids[which % len(ids)]
                touches.append(
                    Touch(str(uuid.uuid4()), whale_id, rep, person_id, kind,
                          AT + timedelta(days=days), "")
                )  # fmt: skip
            with store.transaction(write=True) as session:
                bulk.insert_touches(session, touches, AT)
                for touch, (_, _, _, deleted) in zip(touches, contacts, strict=True):
                    if deleted:
                        edits.tombstone_touch(session, touch.id, True, AT)
        with store.transaction() as session:
            fast = queries.coverage_gaps(session, AT)
            some = queries.coverage_gaps(session, AT, whales[::2])  # Today's few whales
        rule = {c.whale_id: c.coverage.gaps for c in People(book).coverage(AT)}
        assert fast == rule
        assert some == {w: rule[w] for w in whales[::2]}
    finally:
        store.close()
