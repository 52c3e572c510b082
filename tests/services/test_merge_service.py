"""Merging a whale written down twice on a real book: one undo step takes it all back; the
kept whale's values stand but its empty fields fill; a person both had becomes one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from warroom.domain.errors import BadInput
from warroom.services.closet import Closet
from warroom.services.duplicates import Duplicates
from warroom.services.open_book import OpenBook
from warroom.services.people import People, PersonEdit
from warroom.store.db import Store

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def test_a_merge_moves_everything_folds_people_and_undoes_whole(
    open_book: OpenBook, store: Store, canonical: object
) -> None:
    book = open_book.book
    book.set_me("Avery", "UTC", NOW)
    keep = book.add_whale("Globex", NOW, deal_size=900_000).value
    other = book.add_whale("Globex Corporation", NOW, deal_size=400_000).value
    for whale, email in ((keep, ""), (other, "dana@globex.com")):
        People(book).save(whale, "Dana Reyes", PersonEdit(email=email, title="CFO"), NOW)
    People(book).save(other, "Sam Boss", PersonEdit(), NOW)
    People(book).save(other, "Dana Reyes", PersonEdit(reports_to="Sam Boss"), NOW)
    for whale in (keep, other, other):
        book.log_touch(whale, "meeting", NOW, NOW, contact="Dana Reyes")
    book.add_trigger(other, "leadership_change", NOW, NOW, note="new CFO")
    Closet(book).hold(other, NOW.date() + timedelta(days=30), "budget", NOW)
    before = canonical(store)  # type: ignore[operator]

    plan = Duplicates(book).plan("Globex", "Globex Corporation")
    # Both have an open deal: one whale keeps one, the kept whale's unless chosen.
    assert [(d.field, d.keep, d.other) for d in plan.differing] == [
        ("deal", "900,000 USD, identified", "400,000 USD, identified"),
        ("name", "Globex", "Globex Corporation"),
    ]
    assert plan.fields_named(["Open deal", "NAME"]) == ["deal", "name"]
    assert plan.people == (("Dana Reyes", "Dana Reyes"),)
    assert plan.moves["touches"] == 2 and plan.moves["stakeholders"] == 2
    with pytest.raises(BadInput, match="cannot take notes"):
        Duplicates(book).merge(keep, other, NOW, ["notes"])
    with pytest.raises(BadInput, match="into itself"):
        Duplicates(book).plan(keep, "Globex")

    open_book.apply("Merge", lambda ob: Duplicates(ob.book).merge(keep, other, NOW))
    page = book.workspace.page(keep)
    assert sorted(p.name for p in page.stakeholders) == ["Dana Reyes", "Sam Boss"]
    dana = next(p for p in page.stakeholders if p.name == "Dana Reyes")
    assert dana.email == "dana@globex.com"  # the kept person's empty field, filled
    assert [(w.id, w.deal_size) for w in book.whales(NOW)] == [(keep, 900_000)]
    assert book.whales(NOW)[0].touch_count == 3
    assert Closet(book).hold_of(keep, NOW.date()) is not None  # the other's hold came along
    assert Duplicates(book).find().whales == ()

    open_book.undo(NOW)
    assert canonical(store) == before  # type: ignore[operator]
    open_book.apply("Merge", lambda ob: Duplicates(ob.book).merge(keep, other, NOW, ["open deal"]))
    assert [(w.name, w.deal_size) for w in book.whales(NOW)] == [("Globex", 400_000)]


def test_the_deal_a_merge_keeps_takes_the_close_date_only_the_dropped_one_had(
    open_book: OpenBook,
) -> None:
    """Pass: choosing the other whale's deal keeps its amount, and it takes the dropped deal's
    close date where it had none (a helper lost it, and its exact deal, that way); the plan
    names what each deal holds."""
    from datetime import date

    from warroom.services.pipeline import Pipeline

    book = open_book.book
    book.set_me("Avery", "UTC", NOW)
    keep = book.add_whale("Fabrikam", NOW, deal_size=1_500_000).value
    other = book.add_whale("Fabrikam Inc", NOW, deal_size=1_800_000).value
    Pipeline(book).edit_deal(keep, NOW, close_on=date(2027, 4, 30))
    plan = Duplicates(book).plan(keep, other)
    assert plan.differing[0].keep == "1,500,000 USD, identified, closes 2027-04-30"
    open_book.apply("Merge", lambda ob: Duplicates(ob.book).merge(keep, other, NOW, ["open deal"]))
    deal = Pipeline(book).story(keep).deal
    assert deal is not None and (deal.size, deal.close_on) == (1_800_000, date(2027, 4, 30))


def test_a_definition_saved_from_a_stale_form_writes_only_what_was_changed(
    open_book: OpenBook,
) -> None:
    from dataclasses import replace

    from warroom.services.pipeline import Pipeline

    book = open_book.book
    book.set_me("Avery", "UTC", NOW)
    whale = book.add_whale("Globex", NOW, deal_size=900_000).value
    shown = book.workspace.page(whale).definition
    Pipeline(book).edit_deal(whale, NOW, amount=2_900_000)  # a teammate, synced in since
    typed = replace(shown, why_now="Board wants a decision by March")
    book.workspace.save_definition(whale, typed, NOW, base=shown)
    now = book.workspace.page(whale).definition
    assert (now.why_now, now.deal_size) == ("Board wants a decision by March", 2_900_000)
