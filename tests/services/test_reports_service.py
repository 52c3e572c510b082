"""The reports' figures come from one service, typed, without Qt."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import NOW
from warroom.domain.errors import BadInput
from warroom.services.book import Book
from warroom.services.reports import AccountReport, RepWeekReport, WeeklyReport, load


def test_each_report_loads_its_figures_and_names_itself(demo_book: Book) -> None:
    """Pass: the weekly holds the deck and the top ten's exact deals, a rep's week its touches
    on the rep's clock, an account plan its page and decay; each has its title and footer."""
    weekly = load(demo_book, "weekly", None, NOW)
    assert isinstance(weekly, WeeklyReport)
    assert weekly.title.startswith("War room: ") and "2026-11-23" in weekly.footer
    assert set(weekly.exact) <= {w.id for w in weekly.deck.top_ten}
    week = load(demo_book, "rep", None, NOW)
    assert isinstance(week, RepWeekReport) and week.touches
    zone = ZoneInfo(week.zone)
    assert all(
        t.at.tzinfo is not None and t.at.utcoffset() == t.at.astimezone(zone).utcoffset()
        for t in week.touches
    )
    assert [t.at for t in week.touches] == sorted(t.at for t in week.touches)
    account = load(demo_book, "account", "Adatum Energy", NOW)
    assert isinstance(account, AccountReport)
    assert account.title == "Account plan: Adatum Energy"
    assert account.decay.at == NOW


def test_a_report_asked_wrongly_says_what_is_missing(demo_book: Book) -> None:
    with pytest.raises(BadInput, match="needs a WHALE"):
        load(demo_book, "account", None, NOW)
    with pytest.raises(BadInput, match="use one of: weekly, rep, account"):
        load(demo_book, "monthly", None, datetime(2026, 11, 23, tzinfo=ZoneInfo("UTC")))
