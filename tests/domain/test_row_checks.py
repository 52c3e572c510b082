"""The row rules of an import and the settings rules, over many generated values."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.book_settings import DECAY_PARAMS, TEAM_CURRENCY, check_setting, read_setting
from warroom.domain.decay_settings import DecaySettings
from warroom.domain.errors import BadInput
from warroom.domain.kinds import OUTCOMES, STAGES, TOUCH_KINDS, TRIGGER_KINDS
from warroom.domain.row_checks import check_row
from warroom.domain.text import NAME_MAX, QUOTE_MAX
from warroom.domain.values import AMOUNT_MAX

# Words of letters, digits, punctuation and symbols, one space apart: a name as a book keeps it.
_WORD = st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=12)
NAMES = st.lists(_WORD, min_size=1, max_size=6).map(" ".join).filter(lambda n: len(n) <= NAME_MAX)
NOTES = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")) | st.sampled_from("\n\t"))
CONTROLS = st.characters(categories=("Cc",))


@given(
    name=NAMES,
    notes=NOTES,
    top_ten=st.booleans(),
    size=st.integers(0, AMOUNT_MAX),
    stage=st.sampled_from(STAGES),
    outcome=st.none() | st.sampled_from(OUTCOMES),
    touch=st.sampled_from(TOUCH_KINDS),
    trigger=st.sampled_from(TRIGGER_KINDS),
    link=st.sampled_from(["", "https://news.example.com/a?b=1", "mailto:a@b.example"]),
)
def test_any_valid_row_passes(
    name: str,
    notes: str,
    top_ten: bool,
    size: int,
    stage: str,
    outcome: str | None,
    touch: str,
    trigger: str,
    link: str,
) -> None:
    """Pass: rows made of clean names, notes with line breaks and tabs, real booleans, sizes
    within range and known kinds, stages and outcomes raise nothing."""
    check_row("whales", {"name": name, "notes": notes, "top_ten": top_ten, "industry": ""})
    check_row(
        "deals",
        {"size": size, "currency": "EUR", "stage": stage, "outcome": outcome, "solution": notes},
    )
    check_row("touches", {"kind": touch, "note": notes})
    check_row("triggers", {"kind": trigger, "source_url": link, "note": notes})
    check_row("stakeholders", {"name": name, "title": "", "influence": 5, "signed_before": False})


@given(st.text(max_size=500).filter(lambda kind: kind not in TOUCH_KINDS))
def test_any_string_that_is_not_a_touch_kind_is_refused(kind: str) -> None:
    """Pass: BadInput naming the kind field, quoting at most QUOTE_MAX characters of it."""
    with pytest.raises(BadInput, match=r"^kind .* is not a touch kind") as refused:
        check_row("touches", {"kind": kind})
    if len(kind) > QUOTE_MAX:
        assert kind[:QUOTE_MAX] not in str(refused.value)


@given(st.text(max_size=50).filter(lambda kind: kind not in TRIGGER_KINDS))
def test_any_string_that_is_not_a_trigger_kind_is_refused(kind: str) -> None:
    """Pass: BadInput naming the kind field."""
    with pytest.raises(BadInput, match=r"^kind .* is not a trigger kind"):
        check_row("triggers", {"kind": kind})


@given(name=NAMES, control=CONTROLS, at=st.integers(0, 400))
def test_a_name_with_any_control_character_is_refused(name: str, control: str, at: int) -> None:
    """Pass: a clean name with one control character (NUL, tab, line break…) put anywhere in it
    is refused, naming the field."""
    broken = name[:at] + control + name[at:]
    with pytest.raises(BadInput, match=r"^name "):
        check_row("whales", {"name": broken})


@given(st.integers().filter(lambda size: not 0 <= size <= AMOUNT_MAX))
def test_a_deal_size_out_of_range_is_refused(size: int) -> None:
    """Pass: BadInput naming the size field."""
    with pytest.raises(BadInput, match=r"^size .* is out of range"):
        check_row("deals", {"size": size})


@given(st.sampled_from(["false", "true", "0", "1", "", "no"]) | st.integers() | st.none())
def test_only_json_booleans_are_booleans(value: object) -> None:
    """Pass: text and numbers are refused as top_ten (null is left to the file's decoding)."""
    if value is None:
        check_row("whales", {"top_ten": value})
        return
    with pytest.raises(BadInput, match=r"^top_ten .* is not true or false"):
        check_row("whales", {"top_ten": value})


@given(st.text(max_size=200))
def test_any_stored_decay_text_reads_as_a_table(text: str) -> None:
    """Pass: whatever text is stored as decay.params, reading it gives decay settings (the
    default when it is bad, with the problem said) and never raises."""
    read = read_setting(DECAY_PARAMS, text)
    assert isinstance(read.value, DecaySettings)
    if read.problem is not None:
        assert read.value == DecaySettings()


def test_a_bad_setting_reads_as_its_default_and_says_why() -> None:
    """Pass: "not json" and an out-of-range half-life both read as the default with a problem
    naming the key; a good stored table reads as itself; writing a bad value is refused."""
    for text in ("not json", json.dumps({"half_life_days": 9999})):
        read = read_setting(DECAY_PARAMS, text)
        assert read.value == DecaySettings() and read.stored
        assert read.problem is not None and read.problem.startswith("setting decay.params:")
    good = read_setting(DECAY_PARAMS, json.dumps({"half_life_days": 12, "learn": False}))
    assert good.problem is None and good.value.params.half_life_days == 12.0
    assert not good.value.learn
    with pytest.raises(BadInput, match=r"^setting team\.currency"):
        check_setting(TEAM_CURRENCY, "usd")
    assert check_setting(TEAM_CURRENCY, None) == "USD"
