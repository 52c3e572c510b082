"""`amended`, the whales list's fast `dataclasses.replace`: the same record, or the same
refusal."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain.records import WhaleSummary, amended

WHALE = WhaleSummary(
    "w1", "Globex", "globex.com", None, "", 900_000, "USD", "won", "", True, 4, None, None
)


@given(
    heat=st.floats(allow_nan=False),
    chance=st.none() | st.floats(0, 1),
    sank=st.none() | st.floats(0, 1e6),
)
def test_amended_is_replace(heat: float, chance: float | None, sank: float | None) -> None:
    fields = {"heat": heat, "win_chance": chance, "sank_days_ago": sank}
    made = amended(WHALE, **fields)
    assert made == replace(WHALE, **fields) and made.sinking == (made.days_to_sink <= 0)
    assert WHALE.heat == 0.0  # the original stays as it was


def test_amended_refuses_a_field_the_record_lacks_and_stays_frozen() -> None:
    with pytest.raises(TypeError, match="no field 'hot'"):
        amended(WHALE, hot=1.0)
    with pytest.raises(FrozenInstanceError):
        amended(WHALE, heat=1.0).heat = 2.0  # type: ignore[misc]
