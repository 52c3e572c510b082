"""What an edit of a whale's definition changed, in the words its undo says."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from warroom.domain.whales import WhaleDefinition, changed_words

SHOWN = WhaleDefinition(
    name="Globex",
    web_domain="globex.example",
    industry="Energy",
    deal_size=900_000,
    currency="USD",
    solution="Platform",
    exact_deal="",
    stage="discovery",
    why_now="",
    past_attempts="",
    past_proposals="",
    competitors="",
    notes="",
    listening="",
    top_ten=False,
)


def test_each_changed_field_is_named_as_the_form_names_it() -> None:
    typed = replace(SHOWN, deal_size=1_200_000, why_now="New CFO", close_on=date(2027, 3, 31))
    assert changed_words(SHOWN, typed) == "deal size, why now, expected close"
    assert changed_words(SHOWN, replace(SHOWN, web_domain="g.example", top_ten=True)) == (
        "website, top ten"
    )
    assert changed_words(SHOWN, SHOWN) == "nothing"
