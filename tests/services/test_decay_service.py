"""Decay over a real book: the list, the report and the CLI agree; settings are validated."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from warroom.cli import main
from warroom.domain.decay import days_to_sink
from warroom.domain.decay_fit import LAST_FLARE, WHOLE_HISTORY
from warroom.domain.decay_settings import DecaySettings, check_settings
from warroom.domain.errors import BadInput
from warroom.paths import DataFolder, resources_dir
from warroom.services.book import Book
from warroom.services.cadence_files import load_templates
from warroom.services.demo import TRUE_HALF_LIFE
from warroom.store import queries
from warroom.store.db import open_store

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_every_whale_in_the_list_matches_its_own_report(demo_book: Book) -> None:
    whales = demo_book.whales(NOW)
    assert any(w.sinking for w in whales) and any(not w.sinking for w in whales)
    for whale in whales[::7]:
        report = demo_book.decay.whale(whale.id, NOW)
        assert whale.heat == pytest.approx(report.heat, abs=1e-9)
        assert whale.days_to_sink == pytest.approx(report.days_to_sink, abs=1e-6)
        assert whale.weighted_value == pytest.approx(report.weighted_value, abs=1e-3)
        assert sum(c.now for c in report.explanation.contributions) == pytest.approx(
            report.heat, abs=1e-9
        )


def test_the_demo_learns_the_half_life_its_outcomes_were_drawn_with(demo_book: Book) -> None:
    """Pass: the demo's deals were won with the chance their heat at TRUE_HALF_LIFE gave
    (services.demo); the back-test prefers the fit over the whole history, which finds that
    half-life again within 10%, and the reason says which fit and why."""
    half_life = demo_book.decay.book_heat(NOW).half_life
    assert half_life.learned and half_life.closed_deals >= 100
    assert demo_book.decay.chosen(NOW).method == WHOLE_HISTORY
    assert half_life.days == pytest.approx(TRUE_HALF_LIFE, rel=0.10)
    assert "every touch and trigger before each close" in half_life.reason
    assert "year's back-test scores it better" in half_life.reason


def test_the_choices_of_a_few_months_are_kept_together(
    demo_home: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass: a weekly report's week before falls in the month before; after both months
    were chosen once, a new process asking for either month chooses neither again."""
    from warroom.services.half_life import HalfLives

    chosen: list[datetime] = []
    choose = HalfLives._choose

    def counted(self, settings, inputs, spans, month):  # type: ignore[no-untyped-def]
        chosen.append(month)
        return choose(self, settings, inputs, spans, month)

    monkeypatch.setattr(HalfLives, "_choose", counted)
    early_december = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    for _process in range(2):
        store = open_store(demo_home.book, at=early_december)
        try:
            book = Book(store)
            first = [book.decay.chosen(at) for at in (early_december, NOW, early_december)]
        finally:
            store.close()
        assert first[0] == first[2]
    assert [month.month for month in chosen] == [12, 11]


def test_the_demo_back_test_shows_real_skill(demo_book: Book) -> None:
    """Pass: on the demo, heat beats the plain win rate clearly at every horizon, and the
    verdict says so."""
    tested = demo_book.win_chances.backtest(NOW)
    assert [h.days for h in tested.horizons] == [30, 60, 90]
    assert all(h.skill > 0.05 and h.deals >= 80 for h in tested.horizons)
    assert "beat the team's plain win rate" in tested.verdict


def test_every_open_deal_of_the_demo_has_a_win_chance_that_says_why(demo_book: Book) -> None:
    """Pass: the demo has history enough (30 closed deals) for a win chance on every open
    deal, and the chance is the share its reason gives (pulled toward the team's win rate
    when the reason says so)."""
    whales = demo_book.whales(NOW)
    open_deals = [w for w in whales if w.deal_size and w.stage != "closed"]
    assert len(open_deals) >= 40
    assert all(w.win_chance is not None for w in open_deals)
    explained = demo_book.win_chances.explain(open_deals[0].heat, NOW)
    assert explained is not None and "past deals that had heat" in explained.reason
    won, of = (int(n) for n in explained.reason.split()[1:4:2])
    # The share its deals were won, or (few of them) pulled toward the team's, and says so.
    if "pulled toward" not in explained.reason:
        assert explained.chance == pytest.approx(won / of, abs=0.02)
    else:
        curve = demo_book.win_chances.calibration(NOW)
        assert curve is not None
        low, high = sorted((won / of, curve.base_rate))
        assert low - 0.02 <= explained.chance <= high + 0.02


def test_the_demo_notes_fit_their_touches(demo_book: Book) -> None:
    """Pass: a touch's note is one written for its kind (a voicemail is a call attempt,
    "talked 25 minutes" a connected call) or a done cadence step's instruction."""
    texts = json.loads((resources_dir() / "demo" / "texts.json").read_text(encoding="utf-8"))
    fitting = {kind: set(notes) for kind, notes in texts["notes"].items()}
    for template in load_templates(resources_dir() / "cadences"):
        for step in template.steps:  # a cadence's step, done: its instruction
            fitting[step.channel].add(step.instruction[:80])
    with demo_book.store.transaction() as session:
        touches = queries.touches(session)
    assert touches
    for touch in touches:
        assert not touch.note or touch.note in fitting[touch.kind]


def test_a_new_book_uses_the_default_half_life_and_says_why(book: Book) -> None:
    book.add_whale("Globex", NOW)
    half_life = book.decay.book_heat(NOW).half_life
    assert (half_life.days, half_life.learned) == (30.0, False)
    assert "0 closed deals" in half_life.reason


def test_a_meeting_makes_heat_and_an_email_does_not(book: Book) -> None:
    book.set_me("Avery", "UTC", NOW)
    book.add_whale("Globex", NOW, deal_size=1_000_000)
    book.log_touch("Globex", "email_sent", NOW - timedelta(days=2), NOW)
    assert book.whales(NOW)[0].heat == 0.0
    book.log_touch("Globex", "meeting", NOW - timedelta(days=30), NOW)
    [whale] = book.whales(NOW)
    assert whale.heat == pytest.approx(0.45 / 2)
    assert whale.sinking and whale.weighted_value == pytest.approx(225_000)


def test_heat_can_be_asked_for_at_an_earlier_time(book: Book) -> None:
    book.set_me("Avery", "UTC", NOW)
    book.add_whale("Globex", NOW)
    book.log_touch("Globex", "onsite", NOW - timedelta(days=10), NOW)
    assert book.whales(NOW - timedelta(days=11))[0].heat == 0.0
    assert book.whales(NOW - timedelta(days=10))[0].heat == pytest.approx(0.6)


def test_the_teams_decay_table_changes_the_numbers(book: Book) -> None:
    book.set_me("Avery", "UTC", NOW)
    book.add_whale("Globex", NOW)
    book.log_touch("Globex", "meeting", NOW, NOW)
    settings = check_settings(10.0, 0.3, {"meeting": 0.9}, learn=False)
    book.decay.save_settings(settings, NOW)
    [whale] = book.whales(NOW + timedelta(days=10))
    assert whale.heat == pytest.approx(0.45)
    assert whale.days_to_sink == pytest.approx(days_to_sink(0.45, 10.0, 0.3))
    assert book.decay.book_heat(NOW).half_life.reason.startswith("set by the team")


@pytest.mark.parametrize(
    ("half_life", "watermark", "strengths", "message"),
    [
        (0.0, 0.5, {}, "half-life"),
        (30.0, 1.2, {}, "watermark"),
        (30.0, 0.5, {"meeting": 1.5}, "between 0 and 1"),
        (30.0, 0.5, {"telepathy": 0.2}, "unknown"),
    ],
)
def test_a_bad_decay_table_is_refused(book: Book, half_life, watermark, strengths, message) -> None:
    with pytest.raises(BadInput, match=message):
        book.decay.save_settings(
            DecaySettings(
                replace(
                    DecaySettings().params,
                    half_life_days=half_life,
                    watermark=watermark,
                    touch_strengths=strengths,
                )
            ),
            NOW,
        )


def test_a_planned_touch_is_saved_and_reported(book: Book) -> None:
    book.set_me("Avery", "UTC", NOW)
    whale_id = book.add_whale("Globex", NOW).value
    done = book.plan_touch("Globex", "onsite", date(2026, 12, 1), NOW, note="plant tour")
    assert done.changes.tasks == {done.value.id}
    [planned] = book.decay.whale(whale_id, NOW).planned
    assert (planned.kind, planned.due_on, planned.note) == (
        "onsite",
        date(2026, 12, 1),
        "plant tour",
    )
    with pytest.raises(BadInput, match="unknown touch kind"):
        book.plan_touch("Globex", "dance", date(2026, 12, 1), NOW)


def test_the_command_line_gives_the_same_numbers_as_the_list(demo_home: DataFolder, capsys) -> None:
    assert main(["whales", "--json", "--at", "2026-11-23T15:00:00+00:00"]) == 0
    whales = json.loads(capsys.readouterr().out)
    whale = max(whales, key=lambda w: w["heat"])
    assert main(["decay", whale["id"], "--json", "--at", "2026-11-23T15:00:00+00:00"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["heat"] == whale["heat"]
    assert report["days_to_sink"] == whale["days_to_sink"]
    assert report["half_life_days"] == whale["half_life_days"]
    assert sum(event["now"] for event in report["events"]) == pytest.approx(
        report["heat"], abs=1e-4
    )
    assert main(["decay", whale["name"], "--at", "2026-11-23T15:00:00+00:00"]) == 0
    text = capsys.readouterr().out
    assert f"heat {whale['heat']:.3f}" in text and "half-life" in text


def test_decay_of_an_unknown_whale_is_one_line(demo_home: DataFolder, capsys) -> None:
    assert main(["decay", "Moby Dick Inc"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def _scalar_half_life(book: Book, at: datetime):
    """The fit the slow, obvious way: one DealDecay per deal from its whale's events."""
    from datetime import time as clock_time

    from warroom.domain.decay import DealDecay, heat_events, learn_half_life
    from warroom.store import queries

    params = book.decay.settings().params
    deals = []
    with book.store.transaction() as session:
        for deal in queries.deals(session):
            if deal.opened_on is not None and deal.opened_on > at.date():
                continue
            closed = None
            if deal.closed_on is not None and deal.outcome is not None:
                closed = datetime.combine(deal.closed_on, clock_time(12), UTC)
            seen_closed = closed is not None and closed <= at
            end = closed if seen_closed else at
            events = heat_events(
                queries.touches(session, deal.whale_id),
                queries.triggers(session, deal.whale_id),
                params,
            )
            flares = [e.at for e in events if e.at <= end]
            deals.append(
                DealDecay(
                    deal.outcome if seen_closed else None, max(flares) if flares else None, end
                )
            )
    return learn_half_life(deals, params.half_life_days)


@pytest.mark.parametrize("at", [NOW, NOW - timedelta(days=200), NOW - timedelta(days=600)])
def test_the_vectorized_fit_equals_the_obvious_one(demo_book: Book, at: datetime) -> None:
    """Pass: the censored fit over the last flares, vectorized, is the one of DESIGN.md."""
    settings, inputs, spans = demo_book.decay.history()
    fast = demo_book.decay.half_life_then(settings, inputs, spans, at, LAST_FLARE)
    slow = _scalar_half_life(demo_book, at)
    assert (fast.learned, fast.closed_deals, fast.decayed_deals) == (
        slow.learned,
        slow.closed_deals,
        slow.decayed_deals,
    )
    assert fast.days == pytest.approx(slow.days, rel=1e-6)


def test_what_each_trigger_added_comes_from_the_batch_engine_as_the_explanation_says(
    demo_book: Book,
) -> None:
    """Pass: on the demo book, the heat each trigger added (the triggers feed's figure) is
    what the whale's full explanation says it added, for every whale with triggers."""
    at = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    whale_ids = [whale.id for whale in demo_book.whales(at)]
    fast = demo_book.decay.added_by_triggers(whale_ids, at)
    explained = {
        c.event.ref_id: c.added
        for report in demo_book.decay.whales(whale_ids, at)
        for c in report.explanation.contributions
        if c.event.source == "trigger"
    }
    assert explained and set(fast) >= set(explained)
    assert {ref: fast[ref] for ref in explained} == pytest.approx(explained, abs=1e-9)


def test_a_trigger_sharing_its_moment_with_a_touch_adds_what_the_explanation_says(
    demo_book: Book,
) -> None:
    """Pass: a meeting logged at the very moment of a trigger (their order by id decides what
    each added) still gives the trigger's explained figure; the whale is walked whole."""
    at = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    whale_ids = [whale.id for whale in demo_book.whales(at)]
    report, trigger = next(
        (r, c.event)
        for r in demo_book.decay.whales(whale_ids, at)
        for c in r.explanation.contributions
        if c.event.source == "trigger"
    )
    demo_book.log_touch(report.whale_id, "meeting", trigger.at, at)
    fast = demo_book.decay.added_by_triggers(whale_ids, at)
    explained = {
        c.event.ref_id: c.added
        for c in demo_book.decay.whale(report.whale_id, at).explanation.contributions
        if c.event.source == "trigger"
    }
    assert {ref: fast[ref] for ref in explained} == pytest.approx(explained, abs=1e-9)


def test_the_choice_of_half_life_is_kept_for_the_month(
    demo_home: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pass: a second process takes the first one's choice of half-life from the book without
    running the back-test; a deal closed this month leaves it (it is the month's, from the
    deals closed before it); next month it is made again, once for each fit."""
    from warroom.services import half_life
    from warroom.services.learning import Learning

    store = open_store(demo_home.book, at=NOW)
    try:
        first = Book(store).decay.chosen(NOW)
    finally:
        store.close()
    runs: list[int] = []
    real = half_life.walk_forward
    monkeypatch.setattr(half_life, "walk_forward", lambda *args: runs.append(1) or real(*args))
    store = open_store(demo_home.book, at=NOW)
    try:
        book = Book(store)
        assert book.decay.chosen(NOW) == first and not runs
        name = next(w.name for w in book.whales(NOW) if w.deal_size and w.stage != "closed")
        Learning(book).close(name, "won", NOW, primary="product")
        assert book.decay.chosen(NOW) == first and not runs
        book.decay.chosen(NOW + timedelta(days=10))
        assert len(runs) == 2
    finally:
        store.close()
