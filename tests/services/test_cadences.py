"""Cadences on a book: enrolling, doing steps, engagement, pauses, stops, the calendar."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from warroom.cli import main
from warroom.domain.errors import BadInput, Refused
from warroom.domain.whales import Stakeholder
from warroom.paths import DataFolder, resources_dir
from warroom.services.book import Book
from warroom.services.cadence_files import load_templates
from warroom.services.cadences import Cadences
from warroom.services.ids import shipped_id
from warroom.store import cadences as cadence_store

FRIDAY = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def cadences(book: Book) -> Cadences:
    book.set_me("Avery", "UTC", FRIDAY)
    book.add_whale("Globex", FRIDAY, deal_size=900_000)
    whale_id = book.resolve_whale("Globex")
    for name in ("Dana Reyes", "Sam Lee"):
        book.workspace.save_stakeholder(
            Stakeholder("", whale_id, name, "VP", "champion", 3, 2, "", "", False, ""), FRIDAY
        )
    service = Cadences(book)
    for template in load_templates(resources_dir() / "cadences"):
        from warroom.domain.cadence import SavedTemplate, TemplateStep

        service.save_template(
            SavedTemplate(
                "",
                template.name,
                template.description,
                tuple(
                    TemplateStep("", s.day_offset, s.channel, s.instruction, s.message)
                    for s in template.steps
                ),
            ),
            FRIDAY,
        )
    return service


def test_enrolling_two_stakeholders_schedules_steps_on_workdays(cadences: Cadences) -> None:
    made = cadences.enrol(
        "Globex", ["Dana Reyes", "sam lee"], "Trigger strike", date(2026, 11, 20), FRIDAY
    ).value
    assert len(made) == 2
    [first, _] = cadences.enrolments(active_only=True)
    dues = [s.due_on for s in first.steps]
    assert dues[0] == date(2026, 11, 20) and dues[2] == date(2026, 11, 23)  # Sat -> Mon
    assert all(d.isoweekday() <= 5 for d in dues)


def test_the_same_stakeholder_in_two_cadences_needs_confirming(cadences: Cadences) -> None:
    cadences.enrol("Globex", ["Dana Reyes"], "Trigger strike", date(2026, 11, 20), FRIDAY)
    with pytest.raises(Refused, match="already in Trigger strike"):
        cadences.enrol("Globex", ["Dana Reyes"], "Whale opener", date(2026, 11, 20), FRIDAY)
    cadences.enrol(
        "Globex", ["Dana Reyes"], "Whale opener", date(2026, 11, 20), FRIDAY, confirm_double=True
    )
    assert len(cadences.enrolments(active_only=True)) == 2


def test_doing_a_step_logs_its_touch_and_the_last_one_finishes(
    cadences: Cadences, book: Book
) -> None:
    cadences.enrol("Globex", ["Sam Lee"], "Trigger strike", date(2026, 11, 20), FRIDAY)
    due = cadences.due(None, FRIDAY)
    assert [i.number for i in due] == [1]
    cadences.complete(due[0].step_id, FRIDAY)
    [enrolment] = cadences.enrolments(active_only=True)
    assert enrolment.done_steps == 1 and enrolment.next_step.number == 2
    page = book.workspace.page(enrolment.whale_id)
    assert page.timeline[0].kind == "research" and page.timeline[0].stakeholder_id
    later = FRIDAY + timedelta(days=14)
    for step in enrolment.steps[1:]:
        cadences.skip(step.id, later) if step.number == 3 else cadences.complete(step.id, later)
    assert cadences.enrolments(active_only=True) == []
    [ended] = cadences.enrolments()
    assert ended.status == "finished" and [s.status for s in ended.steps].count("skipped") == 1
    with pytest.raises(Exception, match="no open cadence step"):
        cadences.complete(ended.steps[0].id, later)


def test_a_reply_from_the_stakeholder_ends_the_enrolment_as_engaged(
    cadences: Cadences, book: Book
) -> None:
    cadences.enrol("Globex", ["Dana Reyes"], "Whale opener", date(2026, 11, 20), FRIDAY)
    book.log_touch("Globex", "email_sent", FRIDAY, FRIDAY, contact="Dana Reyes")
    assert cadences.enrolments(active_only=True)
    done = book.log_touch("Globex", "email_reply", FRIDAY, FRIDAY, contact="Dana Reyes")
    assert done.changes.cadences
    [enrolment] = cadences.enrolments()
    assert enrolment.status == "engaged"


def test_pause_and_resume_move_the_remaining_steps(cadences: Cadences) -> None:
    [enrolment_id] = cadences.enrol(
        "Globex", ["Dana Reyes"], "Whale opener", date(2026, 11, 20), FRIDAY
    ).value
    before = [s.due_on for s in cadences.enrolments()[0].steps]
    cadences.pause(enrolment_id, FRIDAY)
    assert cadences.due(None, FRIDAY) == []  # a paused cadence asks nothing
    cadences.resume(enrolment_id, FRIDAY + timedelta(days=4))  # Tuesday: Fri and Mon lost
    after = [s.due_on for s in cadences.enrolments()[0].steps]
    assert all(a > b for a, b in zip(after, before, strict=True))
    assert all(a.isoweekday() <= 5 for a in after)


def test_stopping_needs_a_reason_and_early_stops_count_as_giving_up(cadences: Cadences) -> None:
    [enrolment_id] = cadences.enrol(
        "Globex", ["Dana Reyes"], "Whale opener", date(2026, 11, 20), FRIDAY
    ).value
    assert cadences.gives_up(enrolment_id)
    with pytest.raises(BadInput, match="say why"):
        cadences.stop(enrolment_id, " ", FRIDAY)
    cadences.stop(enrolment_id, "Left the company", FRIDAY)
    [figures] = cadences.follow_through()
    assert figures.abandoned_early == 1 and figures.ended == 1


def test_the_calendar_export_parses_back_with_the_same_events(
    cadences: Cadences, tmp_path: Path
) -> None:
    from icalendar import Calendar

    cadences.enrol("Globex", ["Dana Reyes"], "Trigger strike", date(2026, 11, 20), FRIDAY)
    out = tmp_path / "steps.ics"
    count = cadences.export_ics(None, out, FRIDAY)
    [enrolment] = cadences.enrolments(active_only=True)
    events = [c for c in Calendar.from_ical(out.read_bytes()).walk() if c.name == "VEVENT"]
    assert count == len(events) == len(enrolment.steps)
    assert sorted(e.decoded("dtstart") for e in events) == sorted(s.due_on for s in enrolment.steps)
    assert all(str(e.get("summary")).startswith("Globex: ") for e in events)
    assert all("Dana Reyes" in str(e.get("summary")) for e in events)


def test_the_inmail_budget_counts_this_months_inmails(cadences: Cadences, book: Book) -> None:
    book.log_touch("Globex", "inmail_sent", FRIDAY, FRIDAY)
    book.log_touch("Globex", "inmail_sent", FRIDAY - timedelta(days=30), FRIDAY)
    budget = cadences.inmail_budget(None, FRIDAY)
    assert (budget.budget, budget.used, budget.left) == (50, 1, 49)
    cadences.set_inmail_budget(25, FRIDAY)
    assert cadences.inmail_budget(None, FRIDAY).left == 24


def test_a_bad_template_is_refused(cadences: Cadences) -> None:
    from warroom.domain.cadence import SavedTemplate, TemplateStep

    with pytest.raises(BadInput, match="exists already"):
        cadences.save_template(
            SavedTemplate("", "whale opener", "", (TemplateStep("", 0, "email_sent", "x"),)), FRIDAY
        )
    with pytest.raises(BadInput, match="unknown channel"):
        cadences.save_template(
            SavedTemplate("", "New", "", (TemplateStep("", 0, "fax", "x"),)), FRIDAY
        )


def test_the_command_line_enrols_lists_does_and_exports(
    demo_home: DataFolder, capsys, tmp_path: Path
) -> None:
    assert main(["cadence", "templates", "--json"]) == 0
    assert {t["name"] for t in json.loads(capsys.readouterr().out)} >= {
        "Whale opener",
        "Trigger strike",
    }
    assert main(["cadence", "due", "--json"]) == 0
    due = json.loads(capsys.readouterr().out)
    assert due
    assert main(["cadence", "done", due[0]["step_id"], "--note", "Left a voicemail"]) == 0
    capsys.readouterr()
    assert main(["cadence", "due", "--json"]) == 0
    assert due[0]["step_id"] not in [d["step_id"] for d in json.loads(capsys.readouterr().out)]
    assert main(["cadence", "ics", "--out", str(tmp_path / "c.ics")]) == 0
    assert (tmp_path / "c.ics").read_text().startswith("BEGIN:VCALENDAR")
    capsys.readouterr()
    assert (
        main(["cadence", "enrol", "Nobody Inc", "--template", "Whale opener", "--contact", "x"])
        == 2
    )
    assert capsys.readouterr().err.count("\n") == 1
    assert main(["cadence", "stop", "not-an-id", "--reason", "x"]) == 2


def test_a_new_book_offers_the_shipped_cadences_and_writes_one_when_first_used(
    book: Book,
) -> None:
    """Pass: an empty book lists Whale opener, Trigger strike and Re-warm (as the demo has
    them); enrolling in Whale opener writes it into the book, with the same ids on every
    laptop; the others stay offered, once each."""
    book.set_me("Dana", "UTC", FRIDAY)
    whale = book.add_whale("Northwind", FRIDAY).value
    book.workspace.save_stakeholder(
        Stakeholder("", whale, "Ivy Chen", "VP", "champion", 3, 2, "", "", False, ""), FRIDAY
    )
    cadences = Cadences(book)
    offered = [t.name for t in cadences.templates()]
    assert offered == ["Re-warm a sinking whale", "Trigger strike", "Whale opener"]
    opener = cadences.template("whale opener")
    assert opener.id == shipped_id("cadence/whale-opener")
    cadences.enrol(whale, ["Ivy Chen"], "Whale opener", FRIDAY.date(), FRIDAY)
    with book.store.transaction() as session:
        assert [t.id for t in cadence_store.templates(session)] == [opener.id]
    assert [t.name for t in cadences.templates()] == offered
    assert cadences.template("Whale opener") == opener
