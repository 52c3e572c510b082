"""A War Room JSON file meets the same checks as typing the same rows in: one bad field refuses
the whole file, naming the file, table, row and field, and the book is left as it was."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest

from warroom.domain.decay_settings import check_settings
from warroom.domain.errors import BadInput
from warroom.domain.records import TeamSettings
from warroom.domain.whales import Stakeholder
from warroom.services import exporting, importing
from warroom.services.book import Book
from warroom.store.db import Store

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
LATER = "2026-11-24T00:00:00Z"


def _document(store: Store, folder: Path) -> dict[str, Any]:
    """The book as the JSON document its export writes."""
    out = folder / "document.json"
    exporting.export_json(store, out)
    return dict(json.loads(out.read_text(encoding="utf-8")))


@pytest.fixture
def small_book(book: Book) -> Book:
    """A rep, a whale with its deal and a stakeholder, a touch, a trigger and team settings."""
    book.set_me("Avery Chen", "UTC", NOW)
    book.save_settings("Avery Chen", TeamSettings("North", "EUR", time(12, 0)), "UTC", NOW)
    book.decay.save_settings(check_settings(30.0, 0.5), NOW)
    whale_id = book.add_whale("Globex", NOW, deal_size=250_000).value
    book.workspace.save_stakeholder(
        Stakeholder("", whale_id, "Dana Wu", "CIO", "champion", 4, 3, "", "", False, ""), NOW
    )
    book.log_touch("Globex", "meeting", NOW, NOW, note="Good first meeting")
    book.add_trigger("Globex", "regulation", NOW, NOW, source_url="https://news.example.com/a")
    return book


def _row_of(document: dict[str, Any], table: str, key: str | None) -> tuple[int, dict[str, Any]]:
    """The first row of `table` (with id `key`, when given) and its row number in the file."""
    for number, row in enumerate(document["tables"][table], start=1):
        if key is None or row["id"] == key:
            return number, row
    raise AssertionError(f"no {table} row {key}")


BAD_FIELDS = [
    pytest.param("touches", None, "kind", "banana", "is not a touch kind", id="touch-kind"),
    pytest.param("triggers", None, "kind", "rumour", "is not a trigger kind", id="trigger-kind"),
    pytest.param("deals", None, "size", -5, "out of range", id="negative-deal"),
    pytest.param("deals", None, "size", 10**14, "out of range", id="huge-deal"),
    pytest.param("deals", None, "size", "5", "not a whole number", id="deal-as-text"),
    pytest.param("deals", None, "currency", "NOTACURRENCY", "three-letter", id="currency"),
    pytest.param("deals", None, "currency", "eur", "three-letter", id="currency-lower"),
    pytest.param("deals", None, "stage", "signed", "is not a stage", id="stage"),
    pytest.param("deals", None, "outcome", "maybe", "is not an outcome", id="outcome"),
    pytest.param("whales", None, "name", "", "cannot be empty", id="empty-name"),
    pytest.param("whales", None, "name", "   ", "cannot be empty", id="blank-name"),
    pytest.param("whales", None, "top_ten", "false", "not true or false", id="top-ten-text"),
    pytest.param("whales", None, "top_ten", 1, "not true or false", id="top-ten-number"),
    pytest.param("whales", None, "name", "Glo\x00bex", "control characters", id="nul-in-name"),
    pytest.param("whales", None, "name", "Glo\tbex", "control characters", id="tab-in-name"),
    pytest.param("whales", None, "name", "Glo\nbex", "control characters", id="newline-in-name"),
    pytest.param("whales", None, "name", "G" * 100_000, "100,000 characters", id="long-name"),
    pytest.param("whales", None, "notes", "x" * 10_001, "at most 10,000", id="long-notes"),
    pytest.param("whales", None, "notes", "a\x00b", "control characters", id="nul-in-notes"),
    pytest.param("stakeholders", None, "name", "Dana\tWu", "control characters", id="person"),
    pytest.param("stakeholders", None, "role", "boss", "stakeholder role", id="role"),
    pytest.param("stakeholders", None, "influence", 9, "out of range", id="influence"),
    pytest.param("reps", None, "timezone", "Mars/Base", "unknown", id="zone"),
    pytest.param(
        "triggers",
        None,
        "source_url",
        "file:///etc/passwd",
        "not a web or mail link",
        id="file-url",
    ),
    pytest.param(
        "triggers", None, "source_url", "javascript:alert(1)", "not a web or mail link", id="js-url"
    ),
    pytest.param(
        "settings", "decay.params", "value", "not json", "is not JSON", id="decay-not-json"
    ),
    pytest.param(
        "settings",
        "decay.params",
        "value",
        '{"half_life_days": 9999}',
        "out of range",
        id="decay-out-of-range",
    ),
    pytest.param(
        "settings", "team.currency", "value", '"NOTACURRENCY"', "three-letter", id="team-currency"
    ),
    pytest.param(
        "settings", "team.lunch_cutoff", "value", '"lunch"', "not a clock time", id="cut-off"
    ),
]


@pytest.mark.parametrize(("table", "key", "field", "value", "why"), BAD_FIELDS)
def test_a_bad_field_refuses_the_whole_file_and_changes_nothing(
    small_book: Book, tmp_path: Path, table: str, key: str | None, field: str, value: Any, why: str
) -> None:
    """Pass: the import raises BadInput naming book.json, the table, the row number and the
    field, quotes at most 80 characters of the file, and the book is exactly as before, though
    the bad row is newer than the book's (so it would otherwise replace it)."""
    before = _document(small_book.store, tmp_path)
    document = json.loads(json.dumps(before))
    number, row = _row_of(document, table, key)
    row[field], row["updated_at"] = value, LATER
    path = tmp_path / "book.json"
    path.write_text(json.dumps(document))

    with pytest.raises(BadInput) as refused:
        importing.import_json(small_book.store, path)

    message = str(refused.value)
    assert f"book.json: {table} row {number}: {field}" in message
    assert why in message
    assert len(message) < len(str(path)) + 400
    assert _document(small_book.store, tmp_path) == before


def test_a_clean_file_still_imports_in_full(small_book: Book, tmp_path: Path) -> None:
    """Pass: the book's own export, checked row by row, imports into an empty book whole."""
    path = tmp_path / "book.json"
    exporting.export_json(small_book.store, path)
    document = json.loads(path.read_text())
    for row in document["tables"]["whales"]:
        row["updated_at"] = LATER
        row["notes"] = "Line one\n\tand a tab, kept"
    path.write_text(json.dumps(document))
    report = importing.import_json(small_book.store, path).value
    assert report.updated == 1
    assert small_book.workspace.page(small_book.resolve_whale("Globex")).definition.notes == (
        "Line one\n\tand a tab, kept"
    )


def test_a_row_that_breaks_a_rule_of_the_book_writes_nothing(
    small_book: Book, tmp_path: Path
) -> None:
    """Pass: a touch pointing at a whale the book lacks passes the row checks but not the book's
    references; the whole import, new whale included, is rolled back as one transaction."""
    before = _document(small_book.store, tmp_path)
    document = json.loads(json.dumps(before))
    whale = dict(document["tables"]["whales"][0], id="00000000-0000-4000-8000-000000000001")
    whale["name"] = "Initech"
    document["tables"]["whales"].append(whale)
    touch = dict(document["tables"]["touches"][0], id="00000000-0000-4000-8000-000000000002")
    touch["whale_id"] = "00000000-0000-4000-8000-0000000000ff"
    document["tables"]["touches"].append(touch)
    path = tmp_path / "book.json"
    path.write_text(json.dumps(document))

    with pytest.raises(BadInput, match="refers to a missing whales record"):
        importing.import_json(small_book.store, path)
    assert _document(small_book.store, tmp_path) == before
