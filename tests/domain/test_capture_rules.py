"""Capture's rules without files or a book: who is who by address, and what each meeting or
message becomes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warroom.domain import capture
from warroom.domain.capture import Known, Meeting, Message, Person, Stakeholder, address_key
from warroom.domain.errors import BadInput

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
ME = "avery.chen@ourco.example"
ROHAN = Stakeholder("s-rohan", "w-coho", "Rohan Kapoor")
GRETA = Stakeholder("s-greta", "w-globex", "Greta Lind")


def _known(**logged: bool) -> Known:
    return Known(
        stakeholders={
            "rohan.kapoor@coho.example": ROHAN,
            "gretalind@gmail.com": GRETA,
        },
        whale_domains={"coho.example": "w-coho", "globex.example": "w-globex"},
        whale_names={"w-coho": "Coho", "w-globex": "Globex"},
        mine=frozenset({ME}),
        logged={(source, "w-coho"): live for source, live in logged.items()},
    )


def _meeting(source: str = "uid-1", *people: str, **kwargs: object) -> Meeting:
    at = kwargs.pop("start", NOW - timedelta(days=3))
    return Meeting(source, at, "Budget review", tuple(Person(p) for p in (ME, *people)), **kwargs)  # type: ignore[arg-type]


def _plan(meetings: list[Meeting] = [], messages: list[Message] = [], **logged: bool):  # noqa: B006
    return capture.plan(meetings, messages, [], _known(**logged), NOW)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Rohan.Kapoor@Coho.example", "rohan.kapoor@coho.example"),
        ("rohan.kapoor+deals@coho.example", "rohan.kapoor@coho.example"),
        ("<Greta.Lind+x@googlemail.com>", "gretalind@gmail.com"),
        ("g.r.e.t.a.lind@gmail.com", "gretalind@gmail.com"),
        ("first.last@outlook.com", "first.last@outlook.com"),  # dots count outside Gmail
    ],
)
def test_an_address_matches_whatever_its_case_tag_or_gmail_dots(written: str, key: str) -> None:
    assert address_key(written) == key


@given(st.emails())
def test_matching_an_address_twice_changes_nothing(address: str) -> None:
    """Pass: the key of a key is itself, and case never matters."""
    key = address_key(address)
    assert address_key(key) == key
    assert address_key(address.upper()) == address_key(address.lower())


def test_a_meeting_with_a_stakeholder_is_a_meeting_touch_with_them() -> None:
    plan = _plan([_meeting("uid-1", "rohan.kapoor+cal@coho.example")])
    (touch,) = plan.touches
    assert (touch.whale_id, touch.kind, touch.stakeholder_id) == ("w-coho", "meeting", "s-rohan")
    assert touch.note == "Budget review (with Rohan Kapoor)" and touch.source == "uid-1"


def test_one_touch_per_whale_per_event_and_planned_when_ahead() -> None:
    """Pass: two people of one whale make one touch; two whales, two; a meeting after now is
    a planned touch."""
    both = _meeting(
        "uid-2", "rohan.kapoor@coho.example", "ann@coho.example", "greta.lind@gmail.com"
    )
    ahead = _meeting("uid-3", "rohan.kapoor@coho.example", start=NOW + timedelta(days=4))
    plan = _plan([both, ahead])
    assert sorted(t.whale_id for t in plan.touches) == ["w-coho", "w-globex"]
    assert [(p.source, p.planned) for p in plan.planned] == [("uid-3", True)]
    assert [p.address for p in plan.new_people] == ["ann@coho.example"]


@pytest.mark.parametrize(
    ("meeting", "why"),
    [
        (_meeting("c", "rohan.kapoor@coho.example", cancelled=True), capture.CANCELLED),
        (_meeting("d", "rohan.kapoor@coho.example", declined_by_me=True), capture.DECLINED),
        (_meeting("a", all_day=True), capture.ALL_DAY),
        (_meeting("i", "chloe@ourco.example"), capture.INTERNAL),
        (_meeting("u", "liam@example.net"), capture.NO_WHALE),
    ],
)
def test_what_a_meeting_is_not(meeting: Meeting, why: str) -> None:
    plan = _plan([meeting])
    assert not plan.touches and not plan.planned
    assert [s.why for s in plan.skipped] == [why]


def test_an_unknown_address_at_a_whale_is_offered_and_waits_for_them() -> None:
    """Pass: with only a stranger at Coho's domain, the touch names them as a new person;
    without the new people, it is not logged; an address at no whale is counted."""
    plan = _plan([_meeting("uid-4", "new.person@coho.example", "liam@example.net")])
    (touch,) = plan.touches
    assert touch.new_address == "new.person@coho.example" and touch.stakeholder_id is None
    assert plan.new_people[0].name == "New Person"
    assert plan.unmatched == {"liam@example.net": 1}
    assert plan.without_new_people().touches == ()


def test_mail_from_me_is_sent_from_them_a_reply_and_bulk_is_skipped() -> None:
    at = NOW - timedelta(days=1)
    sent = Message("m1", at, Person(ME), (Person("rohan.kapoor@coho.example"),), "Pricing")
    reply = Message("m2", at, Person("rohan.kapoor@coho.example"), (Person(ME),), "Re: Pricing")
    bulk = Message("m3", at, Person("news@coho.example"), (Person(ME),), "News", bulk=True)
    other = Message("m4", at, Person("a@coho.example"), (Person("b@coho.example"),), "Hi")
    plan = _plan(messages=[sent, reply, bulk, other])
    assert [(t.source, t.kind) for t in plan.touches] == [
        ("m1", "email_sent"),
        ("m2", "email_reply"),
    ]
    assert sorted(s.why for s in plan.skipped) == sorted([capture.BULK, capture.NOT_MINE])


def test_what_was_captured_before_is_not_again_and_a_deletion_stands() -> None:
    meetings = [
        _meeting("kept", "rohan.kapoor@coho.example"),
        _meeting("gone", "rohan.kapoor@coho.example"),
        _meeting("kept", "rohan.kapoor@coho.example"),  # the same event in a second file
    ]
    plan = _plan(meetings, kept=True, gone=False)
    assert plan.touches == () and plan.already_logged == 1
    assert [s.why for s in plan.skipped] == [capture.DELETED]
    # Asked for again (after the capture was taken back with Ctrl+Z, say), it is logged.
    again = plan.again()
    assert [t.source for t in again.touches] == ["gone"] and again.skipped == ()
    assert again.already_logged == 1 and plan.deleted == again.touches


@pytest.mark.parametrize("text", ["avery", "avery@", "@ourco.com", "a b@ourco.com", "a@ourco"])
def test_a_bad_address_of_mine_is_refused_by_name(text: str) -> None:
    with pytest.raises(BadInput, match="not an email address"):
        capture.check_address(text)
