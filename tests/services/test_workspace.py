"""The whales workspace: definitions, stakeholders, touches, the top ten; all reversible."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from warroom.domain.errors import BadInput
from warroom.domain.whales import Stakeholder
from warroom.services.book import Book

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def _whale(book: Book, name: str = "Globex") -> str:
    book.set_me("Avery", "UTC", NOW)
    return book.add_whale(name, NOW, deal_size=900_000).value


def _person(whale_id: str, name: str = "Dana Reyes", **extra) -> Stakeholder:
    values = dict(
        id="",
        whale_id=whale_id,
        name=name,
        title="CFO",
        role="economic_buyer",
        influence=5,
        relationship=2,
        email="",
        profile_url="",
        signed_before=False,
        moved_from="",
    )
    values.update(extra)
    return Stakeholder(**values)


def test_a_definition_is_saved_whole_and_can_be_put_back(book: Book) -> None:
    whale_id = _whale(book)
    before = book.workspace.page(whale_id).definition
    edited = replace(
        before,
        why_now="New CFO wants 8% cost out",
        competitors="Initech",
        deal_size=1_250_000,
        stage="discovery",
        web_domain="https://www.Globex.com/",
    )
    page = book.workspace.save_definition(whale_id, edited, NOW).value
    assert page.definition.why_now == "New CFO wants 8% cost out"
    assert page.definition.web_domain == "globex.com"
    assert book.whales(NOW)[0].deal_size == 1_250_000
    book.workspace.save_definition(whale_id, before, NOW)  # what undo does
    assert book.workspace.page(whale_id).definition == before


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", " ", "name: the name cannot be empty"),
        ("deal_size", -5, "deal size"),
        ("currency", "dollars", "currency"),
        ("web_domain", "not a domain", "web domain"),
        ("stage", "dreaming", "stage"),
    ],
)
def test_a_bad_definition_is_refused_and_nothing_is_saved(
    book: Book, field, value, message
) -> None:
    whale_id = _whale(book)
    before = book.workspace.page(whale_id).definition
    with pytest.raises(BadInput, match=message):
        book.workspace.save_definition(
            whale_id, replace(before, why_now="changed", **{field: value}), NOW
        )
    assert book.workspace.page(whale_id).definition == before


def test_the_top_ten_holds_ten_and_each_needs_its_exact_deal(book: Book) -> None:
    ids = [_whale(book, f"Whale {i}") for i in range(11)]
    with pytest.raises(BadInput, match="exact deal"):
        book.workspace.set_top_ten(ids[0], True, "", NOW)
    for whale_id in ids[:10]:
        book.workspace.set_top_ten(whale_id, True, "3-year licence, all plants", NOW)
    with pytest.raises(BadInput, match="top ten is full"):
        book.workspace.set_top_ten(ids[10], True, "Pilot", NOW)
    book.workspace.set_top_ten(ids[0], False, "3-year licence, all plants", NOW)
    book.workspace.set_top_ten(ids[10], True, "Pilot", NOW)
    assert sum(w.top_ten for w in book.whales(NOW)) == 10


def test_stakeholders_are_added_edited_removed_and_brought_back(book: Book) -> None:
    whale_id = _whale(book)
    saved = book.workspace.save_stakeholder(_person(whale_id), NOW).value.stakeholder
    assert saved.id
    book.workspace.save_stakeholder(replace(saved, relationship=4), NOW)
    assert book.workspace.page(whale_id).stakeholders[0].relationship == 4
    book.workspace.set_stakeholder_deleted(saved.id, True, NOW)
    assert book.workspace.page(whale_id).stakeholders == ()
    book.workspace.set_stakeholder_deleted(saved.id, False, NOW)
    assert [s.name for s in book.workspace.page(whale_id).stakeholders] == ["Dana Reyes"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"name": ""}, "name: the name cannot be empty"),
        ({"influence": 9}, "influence"),
        ({"email": "dana@"}, "email"),
        ({"profile_url": "linkedin/dana"}, "profile"),
        ({"role": "mascot"}, "role"),
    ],
)
def test_a_bad_stakeholder_is_refused(book: Book, extra, message) -> None:
    whale_id = _whale(book)
    with pytest.raises(BadInput, match=message):
        book.workspace.save_stakeholder(_person(whale_id, **extra), NOW)
    assert book.workspace.page(whale_id).stakeholders == ()


def test_a_former_signer_recorded_at_another_whale_is_spotted(book: Book) -> None:
    first = _whale(book, "Globex")
    second = book.add_whale("Initech", NOW).value
    book.workspace.save_stakeholder(
        _person(first, email="dana@globex.com", signed_before=True), NOW
    )
    moved = book.workspace.save_stakeholder(_person(second, email="DANA@globex.com"), NOW).value
    assert moved.former_signer is not None and moved.former_signer.whale_id == first
    stranger = book.workspace.save_stakeholder(_person(second, name="Sam Lee"), NOW).value
    assert stranger.former_signer is None


def test_a_touch_is_edited_deleted_and_restored(book: Book) -> None:
    whale_id = _whale(book)
    touch = book.log_touch("Globex", "call_attempt", NOW - timedelta(hours=2), NOW).value
    book.workspace.save_touch(replace(touch, kind="call_connected", note="20 minutes"), NOW)
    [shown] = book.workspace.page(whale_id).timeline
    assert (shown.kind, shown.note) == ("call_connected", "20 minutes")
    assert book.whales(NOW)[0].heat > 0
    book.workspace.set_touch_deleted(touch.id, True, NOW)
    assert book.workspace.page(whale_id).timeline == ()
    assert book.whales(NOW)[0].heat == 0
    book.workspace.set_touch_deleted(touch.id, False, NOW)
    assert len(book.workspace.page(whale_id).timeline) == 1


def test_a_deleted_whale_leaves_the_list_and_comes_back(book: Book) -> None:
    whale_id = _whale(book)
    book.workspace.set_whale_deleted(whale_id, True, NOW)
    assert book.whales(NOW) == []
    book.workspace.set_whale_deleted(whale_id, False, NOW)
    assert [w.name for w in book.whales(NOW)] == ["Globex"]


def test_the_list_knows_stakeholders_and_the_next_step_due(demo_book: Book) -> None:
    whales = demo_book.whales(NOW)
    assert all(w.stakeholders for w in whales)
    assert any(w.next_step_due is not None for w in whales)
