"""Undo on the open book: each edit is one step, taken back field by field and put back."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from warroom.domain.cadence import SavedTemplate, TemplateStep
from warroom.domain.errors import BadInput, NotFound
from warroom.domain.whales import Stakeholder
from warroom.services.open_book import OpenBook

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)


def _person(whale_id: str, name: str = "Dana Reyes") -> Stakeholder:
    return Stakeholder("", whale_id, name, "CFO", "economic_buyer", 5, 2, "", "", False, "")


def _whale(ob: OpenBook, name: str = "Globex") -> str:
    ob.apply("Me", lambda b: b.book.set_me("Avery", "UTC", NOW))
    return ob.apply("New whale", lambda b: b.book.add_whale(name, NOW, deal_size=900_000)).value


def _round_trip(ob: OpenBook, title: str, edit, canonical) -> None:  # type: ignore[no-untyped-def]
    """Apply, undo (back to the dump before), redo (back to the dump after)."""
    before = canonical(ob.store)
    ob.apply(title, edit)
    after = canonical(ob.store)
    assert after != before
    ob.undo(LATER)
    assert canonical(ob.store) == before
    ob.redo(LATER)
    assert canonical(ob.store) == after


def test_a_new_whale_is_taken_back_whole(open_book: OpenBook, canonical) -> None:
    open_book.apply("Me", lambda b: b.book.set_me("Avery", "UTC", NOW))
    _round_trip(open_book, "New whale", lambda b: b.book.add_whale("Globex", NOW), canonical)


def test_a_touch_that_engages_a_cadence_is_taken_back_with_the_cadence(
    demo_book, canonical
) -> None:
    ob = OpenBook(demo_book.store)
    running = ob.cadences.enrolments(active_only=True)
    enrolment = next(e for e in running if e.stakeholder_id and e.status == "active")
    _round_trip(
        ob,
        "Log a meeting",
        lambda b: b.book.log_touch(
            enrolment.whale_id,
            "meeting",
            NOW,
            NOW,
            contact=enrolment.stakeholder_id,
            rep=enrolment.rep_id,
        ),
        canonical,
    )


def test_enrolling_stakeholders_is_one_step(open_book: OpenBook, canonical) -> None:
    ob = open_book
    whale_id = _whale(ob)
    ob.apply("Add", lambda b: b.workspace.save_stakeholder(_person(whale_id), NOW))
    ob.apply("Add", lambda b: b.workspace.save_stakeholder(_person(whale_id, "Lee Park"), NOW))
    steps = (
        TemplateStep("", 0, "email_sent", "Say hello"),
        TemplateStep("", 3, "call_attempt", "Call"),
    )
    template = SavedTemplate("", "Opener", "", steps)
    ob.apply("Template", lambda b: b.cadences.save_template(template, NOW))
    before_people = canonical(ob.store)["stakeholders"]
    _round_trip(
        ob,
        "Enrol",
        lambda b: b.cadences.enrol(
            whale_id, ["Dana Reyes", "Lee Park"], "Opener", date(2026, 11, 24), NOW
        ),
        canonical,
    )
    ob.undo(LATER)
    assert canonical(ob.store)["stakeholders"] == before_people  # not an earlier, other edit
    assert not ob.cadences.enrolments(active_only=True)


def test_undo_restores_only_the_fields_the_edit_changed(open_book: OpenBook) -> None:
    ob = open_book
    whale_id = _whale(ob)
    before = ob.workspace.page(whale_id).definition
    ob.apply(
        "Edit",
        lambda b: b.workspace.save_definition(whale_id, replace(before, why_now="New CFO"), NOW),
    )
    # A teammate (through sync, or the command line) writes another field meanwhile.
    ob.workspace.save_definition(
        whale_id, replace(ob.workspace.page(whale_id).definition, competitors="Initech"), NOW
    )
    ob.undo(LATER)
    page = ob.workspace.page(whale_id).definition
    assert page.why_now == ""
    assert page.competitors == "Initech"


def test_a_field_changed_since_by_someone_else_keeps_their_value(open_book: OpenBook) -> None:
    ob = open_book
    whale_id = _whale(ob)
    before = ob.workspace.page(whale_id).definition
    ob.apply(
        "Edit",
        lambda b: b.workspace.save_definition(whale_id, replace(before, why_now="Mine"), NOW),
    )
    ob.workspace.save_definition(whale_id, replace(before, why_now="Theirs"), NOW)
    ob.undo(LATER)
    assert ob.workspace.page(whale_id).definition.why_now == "Theirs"


def test_a_failed_undo_writes_nothing_and_can_be_tried_again(
    open_book: OpenBook, canonical
) -> None:
    ob = open_book
    whale_id = _whale(ob)
    ob.apply("Delete", lambda b: b.workspace.set_whale_deleted(whale_id, True, NOW))
    # Someone else adds a whale of the same name meanwhile (not an undoable step here).
    ob.book.add_whale("Globex", NOW)
    dump = canonical(ob.store)
    state = ob.journal.state
    with pytest.raises(BadInput, match="rename it first"):
        ob.undo(LATER)
    assert canonical(ob.store) == dump
    assert ob.journal.state == state
    other = ob.book.resolve_whale("Globex")
    ob.workspace.set_whale_deleted(other, True, NOW)
    ob.undo(LATER)
    assert ob.book.resolve_whale("Globex") == whale_id


def test_nothing_to_undo_says_so(open_book: OpenBook) -> None:
    with pytest.raises(NotFound):
        open_book.undo(LATER)
    with pytest.raises(NotFound):
        open_book.redo(LATER)


def test_an_edit_after_undo_clears_redo(open_book: OpenBook) -> None:
    ob = open_book
    _whale(ob)
    ob.undo(LATER)
    assert ob.journal.state.redo == "New whale"
    ob.apply("Other", lambda b: b.book.add_whale("Initech", NOW))
    assert ob.journal.state.redo is None


def test_an_offer_accepted_right_after_goes_with_its_edit(open_book: OpenBook, canonical) -> None:
    ob = open_book
    whale_id = _whale(ob)
    before = canonical(ob.store)
    ob.apply("Add Dana", lambda b: b.workspace.save_stakeholder(_person(whale_id), NOW))
    ob.apply(
        "Trigger",
        lambda b: b.book.add_trigger(whale_id, "champion_moved_in", NOW, NOW),
        join=True,
    )
    assert ob.journal.state.undo == "Add Dana"
    ob.undo(LATER)
    assert canonical(ob.store) == before


def test_a_failing_edit_writes_nothing_and_records_nothing(open_book: OpenBook, canonical) -> None:
    ob = open_book
    _whale(ob)
    dump, state = canonical(ob.store), ob.journal.state

    def half(b: OpenBook):  # type: ignore[no-untyped-def]
        b.book.add_whale("Initech", NOW)
        return b.book.add_whale("Initech", NOW)  # refused: the whole edit rolls back

    with pytest.raises(BadInput):
        ob.apply("Two", half)
    assert canonical(ob.store) == dump
    assert ob.journal.state == state


def test_a_bulk_import_is_one_step(tmp_path, demo_file, canonical) -> None:
    from warroom.services import exporting, importing
    from warroom.store.db import open_store

    source = open_store(demo_file)
    out = tmp_path / "book.json"
    exporting.export_json(source, out)
    source.close()
    ob = OpenBook(open_store(tmp_path / "empty.sqlite"))
    before = canonical(ob.store)
    ob.apply("Import", lambda b: importing.import_json(b.store, out))
    assert canonical(ob.store) != before
    ob.undo(LATER)
    assert canonical(ob.store) == before
    ob.close()


def test_a_deal_changed_since_keeps_the_history_of_the_edit_taken_back(
    open_book: OpenBook,
) -> None:
    """Pass: the app moves the amount 900,000 -> 950,000, the command line then to 1,000,000;
    Ctrl+Z in the app leaves the command line's amount (theirs stands) and the history of both
    changes, as both happened (it had kept only the second, the first taken back)."""
    from warroom.services.pipeline import Pipeline

    ob = open_book
    whale_id = _whale(ob)
    before = ob.workspace.page(whale_id).definition
    ob.apply(
        "Edit",
        lambda b: b.workspace.save_definition(whale_id, replace(before, deal_size=950_000), NOW),
    )
    Pipeline(ob.book).edit_deal(whale_id, NOW + timedelta(minutes=1), amount=1_000_000)
    ob.undo(LATER)
    page = ob.workspace.page(whale_id)
    assert page.definition.deal_size == 1_000_000
    sizes = [(c.before, c.after) for c in page.deal_history if c.field == "size"]
    assert sizes == [("900000", "950000"), ("950000", "1000000")]
