"""Closing deals with their win/loss review, the triggers feed, and the team's journey."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from warroom.domain.cadence import ENDED, is_abandoned_early
from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput, NotFound
from warroom.domain.journey import (
    Phase,
    Practice,
    PracticeInputs,
    RepActivity,
    RepHistory,
    phase,
    practice,
)
from warroom.domain.kinds import OUTCOMES, REVIEW_REASONS, TRIGGER_KINDS
from warroom.domain.records import Rep, Trigger, WhaleSummary
from warroom.services.book import Book
from warroom.services.ids import new_id
from warroom.services.today import TeamRow, Today
from warroom.store import cadences as cadence_store
from warroom.store import closet as closet_store
from warroom.store import edits, queries
from warroom.store import reviews as store
from warroom.store.reviews import ClosedDeal, Review


@dataclass(frozen=True)
class TriggerItem:
    trigger: Trigger
    whale: str
    owner_id: str | None
    added: float  # the heat it added when it happened
    answered: bool  # a touch on the whale came after it


@dataclass(frozen=True)
class RepJourney:
    rep: Rep
    phase: Phase
    practice: Practice
    streak: int
    made_rate_4w: float | None  # None: too early to tell


def _quarter_start(day: datetime) -> datetime:
    month = 3 * ((day.month - 1) // 3) + 1
    return day.replace(month=month, day=1, hour=0, minute=0, second=0, microsecond=0)


class Learning:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.store = book.store

    # --- closing and reviews ----------------------------------------------------------------

    def close(
        self,
        whale: str,
        outcome: str,
        at: datetime,
        *,
        primary: str | None,
        secondary: list[str] | None = None,
        differently: str = "",
        quote: str = "",
        to_review: bool = False,
    ) -> Done[str]:
        """Close the whale's open deal. Without a primary reason it must be marked to review."""
        if outcome not in OUTCOMES:
            raise BadInput(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
        if primary is None and not to_review:
            raise BadInput(
                "say the primary reason (product, price, story_and_insight, "
                "relationship, timing_or_do_nothing, competitor), or mark it "
                "to review later"
            )
        for reason in [primary, *(secondary or [])]:
            if reason is not None and reason not in REVIEW_REASONS:
                raise BadInput(f"reason {reason!r} is not one of {', '.join(REVIEW_REASONS)}")
        whale_id = self.book.resolve_whale(whale)
        with self.store.transaction() as session:
            open_deals = [d for d in queries.whale_deals(session, whale_id) if d.closed_on is None]
            if not open_deals:
                raise NotFound(f"{queries.whale_name(session, whale_id)} has no open deal")
            deal = max(open_deals, key=lambda d: d.size)
            me = self.book.me()
            store.close_deal(session, deal.id, outcome, at.date(), at, me.id if me else None)
            # No one is left to chase at a closed deal: its cadences end with it (and come
            # back with it, should the close be undone).
            ended = cadence_store.end_with_the_deal(session, whale_id, outcome, at)
            # Closed, it is out of the closet for good: a hold on it has nothing left to hold.
            session.flush()  # the raw reads below see the close
            if whale_id in closet_store.holds(session) and not closet_store.open_since(
                session, [whale_id]
            ):
                closet_store.set_hold(session, whale_id, None, at)
            if primary is not None:
                edits.add_review(
                    session,
                    new_id(),
                    at,
                    deal_id=deal.id,
                    outcome=outcome,
                    primary_reason=primary,
                    secondary_reasons=secondary or [],
                    do_differently=differently,
                    customer_quote=quote,
                    reviewed_on=at.date(),
                )
        return Done(
            deal.id,
            Changes(
                deals=frozenset({deal.id}),
                whales=frozenset({whale_id}),
                reviews=frozenset({deal.id}),
                cadences=frozenset(ended),
            ),
        )

    def review(
        self,
        deal_id: str,
        at: datetime,
        *,
        primary: str,
        secondary: list[str],
        differently: str,
        quote: str,
    ) -> Done[str]:
        """Write the review of a deal closed earlier and marked to review."""
        if primary not in REVIEW_REASONS:
            raise BadInput(f"reason {primary!r} is not one of {', '.join(REVIEW_REASONS)}")
        found = [d for d in self.closed_deals() if d.deal_id == deal_id]
        if not found:
            raise NotFound("no closed deal with that id")
        if found[0].reviewed:
            raise BadInput("that deal has its review already")
        with self.store.transaction() as session:
            edits.add_review(
                session,
                new_id(),
                at,
                deal_id=deal_id,
                outcome=found[0].outcome,
                primary_reason=primary,
                secondary_reasons=secondary,
                do_differently=differently,
                customer_quote=quote,
                reviewed_on=at.date(),
            )
        return Done(
            deal_id, Changes(reviews=frozenset({deal_id}), whales=frozenset({found[0].whale_id}))
        )

    def reviews(
        self, *, until: date | None = None, owner_id: str | None = None, newest: int | None = None
    ) -> list[Review]:
        """Every review, newest first; or those by `until`, of one rep's whales, the newest
        few (store.reviews)."""
        with self.store.transaction() as session:
            return store.reviews(session, until=until, owner_id=owner_id, newest=newest)

    def closed_deals(self, since: date | None = None) -> list[ClosedDeal]:
        with self.store.transaction() as session:
            return store.closed_deals(session, since)

    def to_review(self, rep_id: str | None = None) -> list[ClosedDeal]:
        """The closed deals waiting for their review, the last closed first (its lesson is
        the freshest in the rep's mind)."""
        with self.store.transaction() as session:
            waiting = store.closed_deals(session, owner_id=rep_id, waiting=True)
        return sorted(waiting, key=lambda d: (d.closed_on, d.deal_id), reverse=True)

    # --- triggers ---------------------------------------------------------------------------

    def feed(
        self,
        at: datetime,
        *,
        days: int = 90,
        kind: str | None = None,
        rep: str | None = None,
        unanswered: bool = False,
    ) -> list[TriggerItem]:
        """Triggers of the last `days`, newest first, with the heat each added and whether
        anyone has touched the whale since."""
        if kind is not None and kind not in TRIGGER_KINDS:
            raise BadInput(f"unknown trigger kind {kind!r}; use one of {', '.join(TRIGGER_KINDS)}")
        owner = self.book.resolve_rep(rep).id if rep else None
        with self.store.transaction() as session:
            found = store.triggers_since(session, at - timedelta(days=days))
            last_touch = {whale: last for whale, (_, last, _) in self.book.touch_figures().items()}
        shown = []
        for trigger, whale, owner_id in found:
            if (
                trigger.occurred_at > at
                or (kind and trigger.kind != kind)
                or (owner and owner_id != owner)
            ):
                continue
            touched = last_touch.get(trigger.whale_id)
            answered = touched is not None and trigger.occurred_at < touched <= at
            if not (unanswered and answered):
                shown.append((trigger, whale, owner_id, answered))
        # The heat added is walked for the whales of the triggers shown alone: the war room's
        # unanswered few, not every whale with a trigger this week.
        whale_ids = sorted({trigger.whale_id for trigger, _, _, _ in shown})
        added = self.book.decay.added_by_triggers(whale_ids, at)
        return [
            TriggerItem(trigger, whale, owner_id, added.get(trigger.id, 0.0), answered)
            for trigger, whale, owner_id, answered in shown
        ]

    def save_trigger(self, trigger: Trigger, at: datetime) -> Done[Trigger]:
        if trigger.kind not in TRIGGER_KINDS:
            raise BadInput(f"unknown trigger kind {trigger.kind!r}")
        with self.store.transaction() as session:
            store.update_trigger(session, trigger, at)
        return Done(
            trigger, Changes(triggers=frozenset({trigger.id}), whales=frozenset({trigger.whale_id}))
        )

    def set_trigger_deleted(self, trigger_id: str, deleted: bool, at: datetime) -> Done[str]:
        with self.store.transaction() as session:
            whale_id = store.tombstone_trigger(session, trigger_id, deleted, at)
        return Done(
            trigger_id, Changes(triggers=frozenset({trigger_id}), whales=frozenset({whale_id}))
        )

    # --- the journey ------------------------------------------------------------------------

    def team(
        self,
        at: datetime,
        whales: list[WhaleSummary] | None = None,
        table: list[TeamRow] | None = None,
    ) -> list[RepJourney]:
        """Per rep: phase (with its reason and the at-risk flag), pillars, streak; `whales`
        is the book's whales as of `at`, and `table` Today's team table at `at`, when the
        caller has them already."""
        today = Today(self.book)
        # Heat plays no part here: the whales as written serve.
        whales = self.book.unheated(people=False) if whales is None else whales
        half_life = self.book.decay.half_life(at).days
        quarter = _quarter_start(at).date()
        half_year = (at - timedelta(weeks=26)).date()
        # Only the deals the journey counts: won in the last 26 weeks, closed this quarter.
        closed = self.closed_deals(min(quarter, half_year))
        with self.store.transaction() as session:
            people = queries.whales_with_people(session)
            activity = queries.rep_activity(session, at)
        outcomes = self.book.enrolment_outcomes()
        reps = self.book.reps()
        # The team table's rows carry each rep's made rate and streak, without the calendar
        # a streak report draws.
        streaks = {row.rep.id: row for row in (today.team(at) if table is None else table)}
        priors = today.made_rates_then(reps, at, at - timedelta(days=28))
        # Each rep's share, gathered once: a sales floor has hundreds of reps and tens of
        # thousands of whales.
        owned_by = _by_owner(whales, lambda w: w.owner_id)
        closed_by = _by_owner(closed, lambda d: d.owner_id)
        ended_by = _by_owner((o for o in outcomes if o.status in ENDED), lambda o: o.rep_id)
        out = []
        for rep in reps:
            streak = streaks[rep.id]
            mine = activity.get(rep.id, RepActivity())
            first = mine.first_touch_at or at
            prior = priors[rep.id] or 0.0
            their_closed = closed_by.get(rep.id, [])
            history = RepHistory(
                weeks_active=(at - first).days / 7,
                made_rate_4w=streak.made_rate_4_weeks or 0.0,
                made_rate_prev_4w=prior,
                meetings_8w=mine.meetings_8w,
                wins_26w=sum(
                    1 for d in their_closed if d.outcome == "won" and d.closed_on >= half_year
                ),
                touches_2w=mine.touches_2w,
                touches_prev_2w=mine.touches_prev_2w,
            )
            owned = owned_by.get(rep.id, [])
            top = [w for w in owned if w.top_ten]
            ended = ended_by.get(rep.id, [])
            quarter_closed = [d for d in their_closed if d.closed_on >= quarter]
            inputs = PracticeInputs(
                whales_defined=sum(
                    1 for w in owned if w.deal_size > 0 and w.solution and w.id in people
                ),
                made_rate_4w=streak.made_rate_4_weeks or 0.0,
                cadences_ended=len(ended),
                cadences_given_up=sum(1 for o in ended if is_abandoned_early(o)),
                top_ten_owned=len(top),
                top_ten_engaged=sum(
                    1
                    for w in top
                    if w.last_meaningful_at is not None
                    and (at - w.last_meaningful_at).days <= math.ceil(half_life)
                ),
                closed_this_quarter=len(quarter_closed),
                reviewed_this_quarter=sum(1 for d in quarter_closed if d.reviewed),
            )
            out.append(
                RepJourney(
                    rep,
                    phase(history),
                    practice(inputs),
                    streak.streak,
                    streak.made_rate_4_weeks,
                )
            )
        return out


_T = TypeVar("_T")


def _by_owner(items: Iterable[_T], owner: Callable[[_T], str | None]) -> dict[str, list[_T]]:
    """Items by the rep they belong to, in their order."""
    out: dict[str, list[_T]] = {}
    for item in items:
        rep_id = owner(item)
        if rep_id is not None:
            out.setdefault(rep_id, []).append(item)
    return out
