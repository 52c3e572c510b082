"""Coverage: a relationship's strength from the touches, the gaps at a whale, the org chart."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from warroom.domain import coverage as cov
from warroom.domain.coverage import Contact, coverage, org_chart, strength
from warroom.domain.whales import Stakeholder

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def _person(pid: str, role: str = "influencer", **kwargs: object) -> Stakeholder:
    return Stakeholder(pid, "w1", pid.title(), "", role, 3, 1, "", "", False, "", **kwargs)  # type: ignore[arg-type]


def test_strength_grows_with_recency_and_frequency() -> None:
    assert strength(Contact(0, 0, None), NOW) == 0
    assert strength(Contact(0, 3, NOW - timedelta(days=200)), NOW) == 0
    assert strength(Contact(1, 1, NOW - timedelta(days=60)), NOW) == 1
    assert strength(Contact(2, 5, NOW - timedelta(days=30)), NOW) == 3
    assert strength(Contact(8, 20, NOW - timedelta(days=3)), NOW) == 5


def test_the_gaps_of_a_whale() -> None:
    """Pass: a champion who left is a gap and no champion is left; an economic buyer never
    touched is 'never met'; one person touched in 90 days is single-threaded; a whale with
    a champion, a met buyer and two people touched recently is covered."""
    recent = Contact(2, 4, NOW - timedelta(days=5))
    people = [
        _person("chris", "champion", left_on=date(2026, 11, 1), now_at="Globex"),
        _person("bea", "economic_buyer"),
        _person("ian"),
    ]
    found = coverage(people, {"ian": recent}, NOW)
    assert found.gaps == (
        cov.CHAMPION_LEFT,
        cov.NO_CHAMPION,
        cov.BUYER_NEVER_MET,
        cov.SINGLE_THREADED,
    )
    people[0] = _person("chris", "champion")
    found = coverage(people, {"ian": recent, "bea": recent}, NOW)
    assert found.gaps == () and found.words == "covered"
    assert found.strength == {"chris": 0, "bea": 4, "ian": 4}  # five days ago, twice


@given(st.lists(st.integers(-1, 7), min_size=0, max_size=8))
def test_the_org_chart_places_everyone_once_under_their_boss(bosses: list[int]) -> None:
    """Pass: whoever reports to whom (a stranger, themselves, a circle), everyone is placed
    once; someone placed below the top comes right after their boss's subtree starts, one
    level deeper."""
    people = [
        _person(f"p{i}", reports_to_id=(f"p{b}" if b >= 0 else None)) for i, b in enumerate(bosses)
    ]
    chart = org_chart(people)
    assert sorted(p.id for p, _ in chart) == sorted(p.id for p in people)
    where = {p.id: (number, depth) for number, (p, depth) in enumerate(chart)}
    for person, depth in chart:
        if depth:
            boss_at, boss_depth = where[person.reports_to_id]  # type: ignore[index]
            assert boss_at < where[person.id][0] and depth == boss_depth + 1


def test_the_org_chart_is_drawn_as_a_tree_draws_folders() -> None:
    from warroom.domain.coverage import chart_lines, org_chart

    def person(i: str, name: str, boss: str | None = None) -> Stakeholder:
        return Stakeholder(i, "w", name, "", "user", 3, 1, "", "", False, "", reports_to_id=boss)

    people = [
        person("a", "Ana"),
        person("b", "Bo", "a"),
        person("c", "Cy", "b"),
        person("d", "Di", "a"),
        person("e", "Ed", "b"),
        person("f", "Flo", "d"),
        person("g", "Gus"),
    ]
    drawn = [(lines + p.name).replace("\u00a0", " ") for p, lines in chart_lines(org_chart(people))]
    assert drawn == ["Ana", "├─ Bo", "│  ├─ Cy", "│  └─ Ed", "└─ Di", "   └─ Flo", "Gus"]


def test_an_org_chart_has_a_top_no_one_reports_round_in_a_circle() -> None:
    import pytest

    from warroom.domain.coverage import check_reports_to, reports_of
    from warroom.domain.errors import BadInput

    def person(i: str, boss: str | None = None) -> Stakeholder:
        return Stakeholder(
            i, "w", i.upper(), "", "user", 3, 1, "", "", False, "", reports_to_id=boss
        )

    team = [person("a"), person("b", "a"), person("c", "b")]
    assert reports_of("a", team) == {"b", "c"} and reports_of("c", team) == set()
    check_reports_to(person("d", "c"), team)  # a new one under the bottom: fine
    with pytest.raises(BadInput, match="A cannot report to C → B: B reports up to A already"):
        check_reports_to(person("a", "c"), team)
    with pytest.raises(BadInput, match="B cannot report to C: C reports to B already"):
        check_reports_to(person("b", "c"), team)
