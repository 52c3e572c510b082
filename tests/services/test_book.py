from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from warroom.domain.errors import Ambiguous, BadInput, NotFound
from warroom.domain.records import TeamSettings
from warroom.paths import resources_dir
from warroom.services.book import Book
from warroom.services.demo import create_demo_book
from warroom.store import tables
from warroom.store.db import open_store

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_a_whale_is_found_by_id_or_by_name_in_any_case(book: Book) -> None:
    whale_id = book.add_whale("Globex", NOW).value
    assert book.resolve_whale("GLOBEX") == whale_id
    assert book.resolve_whale(whale_id.upper()) == whale_id


def test_an_ambiguous_name_is_refused_with_the_candidates(book: Book) -> None:
    first = book.add_whale("Globex", NOW).value
    second = book.add_whale("Globex Europe", NOW).value
    with sqlite3.connect(book.store.path) as conn:  # two whales named alike, e.g. from a sync
        conn.execute("UPDATE whales SET name = 'Globex' WHERE id = ?", (second,))
    with pytest.raises(Ambiguous, match=f"names 2 whales.*{first}"):
        book.resolve_whale("globex")


def test_a_second_whale_of_the_same_name_is_refused(book: Book) -> None:
    book.add_whale("Globex", NOW)
    with pytest.raises(BadInput, match="already in the book"):
        book.add_whale(" globex ", NOW)


@pytest.mark.parametrize("name", ["", "   "])
def test_a_whale_needs_a_name(book: Book, name: str) -> None:
    with pytest.raises(BadInput, match="a whale's name cannot be empty"):
        book.add_whale(name, NOW)


def test_a_touch_needs_someone_to_have_made_it(book: Book) -> None:
    book.add_whale("Globex", NOW)
    with pytest.raises(NotFound, match="say who you are"):
        book.log_touch("Globex", "call_attempt", NOW, NOW)


def test_a_touch_in_the_future_is_refused(book: Book) -> None:
    book.set_me("Avery", "UTC", NOW)
    book.add_whale("Globex", NOW)
    with pytest.raises(BadInput, match="future"):
        book.log_touch("Globex", "meeting", NOW + timedelta(days=1), NOW)


def test_a_touch_by_an_unknown_rep_names_the_known_ones(book: Book) -> None:
    book.set_me("Avery", "UTC", NOW)
    book.add_whale("Globex", NOW)
    with pytest.raises(NotFound, match="reps: Avery"):
        book.log_touch("Globex", "meeting", NOW, NOW, rep="Zed")


def test_a_touch_with_an_unknown_contact_is_refused(book: Book) -> None:
    book.set_me("Avery", "UTC", NOW)
    book.add_whale("Globex", NOW)
    with pytest.raises(NotFound, match="no stakeholder named 'Dana' at Globex"):
        book.log_touch("Globex", "meeting", NOW, NOW, contact="Dana")


def test_a_trigger_needs_a_known_kind_and_a_web_source(book: Book) -> None:
    book.add_whale("Globex", NOW)
    with pytest.raises(BadInput, match="unknown trigger kind 'rumour'"):
        book.add_trigger("Globex", "rumour", NOW, NOW)
    with pytest.raises(BadInput, match="not a web or mail link"):
        book.add_trigger("Globex", "m_and_a", NOW, NOW, source_url="javascript:alert(1)")
    done = book.add_trigger("Globex", "m_and_a", NOW, NOW, source_url="https://news.test/a")
    assert done.changes.triggers == {done.value.id}


def test_setting_me_twice_reuses_the_rep(book: Book) -> None:
    first = book.set_me("Avery Chen", "Europe/Paris", NOW).value
    again = book.set_me("avery chen", "UTC", NOW).value
    assert again.id == first.id and len(book.reps()) == 1


def test_an_unknown_time_zone_is_refused(book: Book) -> None:
    with pytest.raises(BadInput, match="time zone"):
        book.set_me("Avery", "Mars/Olympus_Mons", NOW)


def test_settings_save_and_read_back(book: Book) -> None:
    done = book.save_settings(
        "Avery", TeamSettings("Enterprise East", "eur", time(11, 30)), "UTC", NOW
    )
    assert done.changes.settings
    assert book.team_settings() == TeamSettings("Enterprise East", "EUR", time(11, 30))
    me = book.me()
    assert me is not None and me.lunch_cutoff == time(11, 30)
    with pytest.raises(BadInput, match="three-letter"):
        book.save_settings("Avery", TeamSettings("x", "dollars", time(12)), "UTC", NOW)


def test_a_new_whale_takes_the_team_currency(book: Book) -> None:
    book.save_settings("Avery", TeamSettings("T", "GBP", time(12)), "UTC", NOW)
    book.add_whale("Globex", NOW, deal_size=5)
    assert book.whales(NOW)[0].currency == "GBP"


def test_a_whale_is_found_by_a_unique_part_of_its_name(book: Book) -> None:
    alpine = book.add_whale("Alpine Ski House", NOW).value
    book.add_whale("Alpine Dairy", NOW)
    assert book.resolve_whale("alpine ski") == alpine
    assert book.resolve_whale("SKI HOUSE") == alpine
    with pytest.raises(Ambiguous, match=r"names 2 whales.*type more"):
        book.resolve_whale("alpine")
    with pytest.raises(NotFound, match="did you mean Alpine Ski House"):
        book.resolve_whale("alpyne ski hous")


@pytest.mark.parametrize("hour", [0, 1, 23])
def test_the_demo_logs_nothing_after_now_and_one_cadence_at_a_time(
    tmp_path: Path, hour: int
) -> None:
    """Pass: made at any hour of the day (Sunday evening in New York is Monday in UTC), the
    demo has no touch or trigger after the moment it was made, and no person runs two
    cadences at once."""
    at = datetime(2026, 12, 7, hour, 20, tzinfo=UTC)
    path = tmp_path / "book.sqlite"
    create_demo_book(
        path, tmp_path / "backups", seed=1, today=at.date(), resources=resources_dir(), at=at
    )
    store = open_store(path, at=at)
    try:
        with store.transaction() as session:
            dump = tables.dump(session)
    finally:
        store.close()
    stamp = at.strftime("%Y-%m-%d %H:%M:%S")
    assert max(t["occurred_at"] for t in dump["touches"])[:19] <= stamp
    assert max(t["occurred_at"] for t in dump["triggers"])[:19] <= stamp
    running = [
        e["stakeholder_id"] for e in dump["enrolments"] if e["status"] in ("active", "paused")
    ]
    assert len(running) == len(set(running)) and running
