"""The text rules' fast paths give what the character-by-character rule gives."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.errors import BadInput
from warroom.domain.text import clean_name, clean_text


def _slow_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        c
        for c in text
        if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf") or c == "\u200d"
    ).strip()


@given(st.text(st.characters(max_codepoint=0x7F), max_size=200) | st.text(max_size=60))
def test_clean_text_equals_dropping_each_control_character(text: str) -> None:
    assert clean_text(text) == _slow_text(text)


@given(st.text(max_size=60))
def test_a_clean_name_is_one_printable_line(text: str) -> None:
    try:
        name = clean_name(text)
    except BadInput:
        return
    assert name == name.strip() and "\n" not in name and "  " not in name
    assert all(unicodedata.category(c) not in ("Cc",) for c in name)


def test_a_long_name_is_refused_with_its_length() -> None:
    with pytest.raises(BadInput, match="400 characters; at most 300"):
        clean_name("x" * 400, "a whale's name")
