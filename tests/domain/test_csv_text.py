"""Telling a file's separator: by how evenly it splits the first records, even when one of
them has a quote that never closes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.csv_text import SEPARATORS, separator_of

_CELL = st.text("abcxyz019 .", min_size=1, max_size=8).filter(lambda c: c.strip() == c)


@st.composite
def _files(draw: st.DrawFn) -> tuple[str, str]:
    separator = draw(st.sampled_from(SEPARATORS))
    width = draw(st.integers(2, 6))
    rows = draw(st.lists(st.lists(_CELL, min_size=width, max_size=width), min_size=5, max_size=30))
    if separator == ";":  # a European file: decimal commas, which split evenly by commas
        rows = [[*row[:-1], f"{row[-1]},00"] for row in rows]
    broken = draw(st.integers(1, len(rows) - 1))
    cell = draw(st.integers(1, width - 1))
    rows[broken][cell] = '"' + rows[broken][cell]  # a quote opened and never closed
    header = separator.join(f"h{n}" for n in range(width))
    return separator, "\n".join([header, *(separator.join(row) for row in rows)]) + "\n"


@given(_files())
def test_one_quote_that_never_closes_does_not_change_the_separator(
    case: tuple[str, str],
) -> None:
    separator, text = case
    assert separator_of(text)[0] == separator


def test_a_european_file_with_a_stray_quote_is_read_by_its_semicolons() -> None:
    text = "Account Name;Amount;Stage\n" + "".join(
        f"Good Co {n};{n}00.000,00;Prospecting\n" for n in range(4)
    )
    text += 'Quote Broke Ltd;"100.000,00;Prospecting\n' + "Good Co 9;900.000,00;Prospecting\n"
    assert separator_of(text)[0] == ";"
