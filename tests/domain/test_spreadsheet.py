"""Cells a spreadsheet shows as written: nothing exported runs as a formula."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.spreadsheet import FORMULA_STARTS, safe_cell


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x","y")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
        "+3",
        "-",
        "=",
    ],
)
def test_a_cell_that_starts_like_a_formula_gets_an_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-5", "-2.5", "-0.0", "12", "3.75", "0"])
def test_a_plain_number_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text


@pytest.mark.parametrize(
    "text",
    ["", "Globex", "Zürich Réassurance", "a=b", "1+1", "'=already quoted", " =1", "x@y.com"],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_texts = st.one_of(
    st.text(),
    st.builds(lambda start, rest: start + rest, st.sampled_from(FORMULA_STARTS), st.text()),
    st.integers().map(str),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
)


@given(_texts)
def test_no_cell_starts_like_a_formula_unless_it_is_a_number(text: str) -> None:
    safe = safe_cell(text)
    if safe.startswith(FORMULA_STARTS):
        assert safe == text and _is_number(text)
    if safe != text:
        # The apostrophe is the only thing added, so taking it off gives the cell back.
        assert safe.startswith("'") and safe[1:] == text


@given(st.integers())
def test_every_integer_stays_a_number(number: int) -> None:
    assert safe_cell(str(number)) == str(number)


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(0, 10**6))
def test_every_decimal_stays_a_number(whole: int, fraction: int) -> None:
    text = f"{whole}.{fraction}"
    assert safe_cell(text) == text
