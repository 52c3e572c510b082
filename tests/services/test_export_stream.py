"""An export read as a stream gives exactly what parsing it whole gives, wherever the reading
window happens to cut the text, and a broken file is refused with its line and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warroom.domain.errors import BadInput
from warroom.services import export_stream
from warroom.services.export_stream import Field, Table, read_export

NOT_EXPORT = "not an export"
scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
rows = st.dictionaries(st.text(max_size=6), scalars | st.lists(scalars, max_size=3), max_size=4)
documents = st.fixed_dictionaries(
    {"format": st.text(max_size=8), "version": st.integers()},
    optional={
        "tables": st.dictionaries(st.text(max_size=8), st.lists(rows, max_size=6), max_size=4)
    },
)


def _as_read(path: Path) -> dict[str, Any]:
    """The file back as one document, from the stream."""
    out: dict[str, Any] = {}
    for part in read_export(path, NOT_EXPORT):
        if isinstance(part, Field):
            out[part.key] = part.value
        else:
            assert isinstance(part, Table)
            out.setdefault("tables", {})[part.name] = list(part.rows)
    return out


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents, st.integers(1, 40), st.sampled_from([None, 0, 1, 3]))
def test_the_stream_reads_what_a_whole_parse_reads(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    document: dict[str, Any],
    window: int,
    indent: int | None,
) -> None:
    """Pass: any document, written compact or indented, read through windows as small as one
    character, gives back the same fields, tables and rows in order."""
    monkeypatch.setattr(export_stream, "WINDOW", window)
    path = tmp_path / "book.json"
    path.write_text(json.dumps(document, indent=indent, ensure_ascii=False), encoding="utf-8")
    expected = dict(document)
    if expected.get("tables") == {}:
        del expected["tables"]  # an empty tables object has no parts to yield
    assert _as_read(path) == expected


@given(documents, st.integers(1, 40), st.data())
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_file_cut_short_is_refused_where_it_breaks(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    document: dict[str, Any],
    window: int,
    data: st.DataObject,
) -> None:
    """Pass: a document cut anywhere before its end is refused with BadInput naming the file;
    never read as a shorter document."""
    monkeypatch.setattr(export_stream, "WINDOW", window)
    text = json.dumps(document, indent=1)
    cut = data.draw(st.integers(0, len(text.rstrip()) - 1))
    path = tmp_path / "cut.json"
    path.write_text(text[:cut], encoding="utf-8")
    with pytest.raises(BadInput, match=r"cut\.json"):
        _as_read(path)


def test_an_error_far_into_the_file_names_its_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass: a stray character on line 4,003 is reported at 4003:8, as the whole-file parser
    reports it, though the window moved on thousands of times before reaching it."""
    monkeypatch.setattr(export_stream, "WINDOW", 64)
    lines = ['{"format": "warroom-book", "version": 1, "tables": {"touches": [']
    lines += [f'  {{"id": "{n}"}},' for n in range(4_000)]
    lines += ['  {"id": x}', "]}}"]
    path = tmp_path / "long.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as whole:
        json.loads(path.read_text())
    assert (whole.value.lineno, whole.value.colno) == (4002, 10)
    with pytest.raises(BadInput, match=r"long.json:4002:10: not valid JSON \(Expecting value\)"):
        _as_read(path)


def test_something_other_than_an_object_is_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text("[1, 2, 3]")
    with pytest.raises(BadInput, match=NOT_EXPORT):
        _as_read(path)


def test_text_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes('{"format": "Café"}'.encode("latin-1"))
    with pytest.raises(BadInput, match=r"latin\.json: cannot be read as UTF-8"):
        _as_read(path)
