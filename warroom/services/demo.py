"""A deterministic, realistic demo book: six reps, about sixty whales, two years of hunting.

The same seed and the same day give the same book, byte for byte in its export. Reps differ in
discipline (they stand at different phases of the adoption curve), whales in how often they are
worked and how receptive they are, and a past deal was won with the chance its heat gave at
its close, so that decay, streaks, the learned half-life, win chance and every later screen
show something true.
"""

from __future__ import annotations

import json
import math
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np

from warroom.domain.book_settings import DEMO_SEED, ME, TEAM_CURRENCY, TEAM_LUNCH_CUTOFF, TEAM_NAME
from warroom.domain.cadence import (
    ACTIVE,
    DONE,
    ENDED,
    ENGAGED,
    FINISHED,
    PAUSED,
    PENDING,
    RUNNING,
    SKIPPED,
    STOPPED,
    CadenceTemplate,
    due_dates,
)
from warroom.domain.decay import julian_day
from warroom.domain.decay_batch import heat_before_batch
from warroom.domain.errors import Refused
from warroom.domain.kinds import (
    MEANINGFUL_TOUCH_STRENGTHS,
    REVIEW_REASONS,
    STAKEHOLDER_ROLES,
    TRIGGER_STRENGTHS,
)
from warroom.domain.records import Rep, Touch
from warroom.services.backups import backup
from warroom.services.book import Book
from warroom.services.cadence_files import load_templates
from warroom.store import bulk, edits
from warroom.store import cadences as cadence_store
from warroom.store.db import Session, open_store, replace_book
from warroom.store.heat import heat_inputs
from warroom.store.locks import swapping
from warroom.store.staging import staging, verify

DAYS = 730
WHALES = 60
NEW_WHALES = 3  # added this week and never touched yet
# The seed's claim, taken literally: a deal is won with the chance its heat, at this
# half-life, gives when it is decided. The demo's outcomes are drawn from it.
TRUE_HALF_LIFE = 40.0
RECEPTIVE = (0.01, 0.4)  # a whale's chance that a touch gets a real answer, coldest to warmest
ANSWERS = (0.005, 0.8)  # attention x receptiveness, coldest to warmest
PAST_DEALS = 3  # at most, per whale, in the two years
ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
)
# Discipline (chance of making the day) at joining and now, and days since joining: one rep
# at each phase of the journey, from success to uninformed optimism.
DISCIPLINE = (
    (0.85, 0.9, 730),
    (0.5, 0.8, 730),
    (0.7, 0.7, 600),
    (0.85, 0.3, 420),
    (0.65, 0.45, 260),
    (0.9, 0.9, 75),
)
MEANINGFUL_WEIGHTS = {
    "call_connected": 30,
    "email_reply": 25,
    "inmail_reply": 12,
    "connect_accepted": 15,
    "comment_exchanged": 10,
    "meeting": 12,
    "coffee": 5,
    "referral_intro": 3,
    "onsite": 4,
}
OUTBOUND_WEIGHTS = {
    "call_attempt": 30,
    "email_sent": 30,
    "inmail_sent": 12,
    "connect_sent": 10,
    "video_sent": 6,
    "research": 12,
}
TRIGGER_WEIGHTS = {
    "leadership_change": 20,
    "funding_earnings": 18,
    "m_and_a": 8,
    "regulation": 10,
    "competitor_stumble": 10,
    "expressed_interest": 10,
    "champion_moved_in": 6,
    "scandal": 4,
    "other": 8,
}


@dataclass
class _Whale:
    id: str
    name: str
    domain: str
    owner: int
    attention: float
    receptive: float
    stakeholders: list[str] = field(default_factory=list)
    open_deal: str | None = None
    exact_deal: str = ""  # what its open deal is, exactly, when written down
    new: bool = False

    @property
    def warmth(self) -> float:
        """How often the whale gives a real answer (worked often, answering often), from 0
        to 1 on a log scale: warm ones run hotter, and decide sooner."""
        answers = math.log(self.attention * self.receptive)
        low, high = (math.log(bound) for bound in ANSWERS)
        return min(max((answers - low) / (high - low), 0.0), 1.0)


@dataclass(frozen=True)
class _PastDeal:
    id: str
    whale_id: str
    opened_on: date
    closed_on: date


class _Demo:
    """One generation run; holds the random stream so every id and choice follows the seed."""

    def __init__(
        self,
        seed: int,
        today: date,
        resources: Path,
        now: datetime | None = None,
        my_zone: str | None = None,
    ) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.today = today
        self.start = today - timedelta(days=DAYS)
        self.at = datetime.combine(today, time(0, 0), UTC)
        # Nothing the demo did lies in the future of whoever opens it.
        self.now = now or datetime.combine(today, time(0, 0), UTC)
        # The rep the user takes over lives in the user's zone, so their history (made days,
        # the streak) falls in their own mornings.
        self.zones = (my_zone or ZONES[0], *ZONES[1:])
        self.resources = resources
        self.texts: dict[str, Any] = json.loads(
            (resources / "demo" / "texts.json").read_text(encoding="utf-8")
        )
        self.people = _lines(resources / "demo" / "people.txt")
        self.companies = [line.split("|") for line in _lines(resources / "demo" / "companies.txt")]
        self.titles = [line.split("|") for line in _lines(resources / "demo" / "titles.txt")]
        self.reps: list[Rep] = []
        self.whales: list[_Whale] = []
        self.touches: list[Touch] = []
        self.running: set[str] = set()  # people with a cadence running
        self.past_deals: list[_PastDeal] = []

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def pick(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def local(self, day: date, hour: float, zone: str) -> datetime:
        minutes = int(hour * 60)
        naive = datetime.combine(day, time(minutes // 60, minutes % 60))
        return naive.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)

    # --- the team and the ocean ------------------------------------------------------------

    def add_reps(self, session: Session) -> None:
        names = self.rng.sample(self.people, len(DISCIPLINE))
        for name, zone, (_, _, tenure) in zip(names, self.zones, DISCIPLINE, strict=True):
            first, last = name.lower().split(" ", 1)
            rep = Rep(
                self.uid(),
                name,
                f"{first}.{last}@ourco.example",
                zone,
                time(12, 0),
                (1, 2, 3, 4, 5),
            )
            # Written into the book the day they joined: their rates start there.
            edits.add_rep(session, rep, self.at - timedelta(days=tenure))
            self.reps.append(rep)
        # Stakeholders are people at the whales, never our own reps.
        self.people = [person for person in self.people if person not in names]

    def add_whales(self, session: Session) -> None:
        companies = self.rng.sample(self.companies, WHALES)
        top_ten = set(self.rng.sample(range(WHALES - NEW_WHALES), 10))
        for index, (name, industry) in enumerate(companies):
            slug = "".join(ch for ch in name.lower() if ch.isalnum())[:30]
            whale = _Whale(
                id=self.uid(),
                name=name,
                domain=f"{slug}.com",
                owner=index % len(self.reps),
                attention=self.rng.lognormvariate(0, 0.7),
                receptive=self.rng.uniform(*RECEPTIVE),
                new=index >= WHALES - NEW_WHALES,
            )
            texts = self.texts
            # Written down two years ago, but for the whales added this week.
            added = self.at - timedelta(days=3 if whale.new else DAYS)
            edits.add_whale(
                session,
                whale.id,
                name,
                added,
                owner_id=self.reps[whale.owner].id,
                web_domain=whale.domain,
                industry=industry,
                why_now=self.rng.choice(texts["why_now"]),
                past_attempts=self.rng.choice(texts["past_attempts"]),
                past_proposals=self.rng.choice(texts["past_proposals"]),
                competitors=self.rng.choice(texts["competitors"]),
            )
            if index in top_ten:
                edits.set_top_ten(session, whale.id, True, self.at)
            self.add_stakeholders(session, whale, companies)
            self.add_deals(session, whale, index in top_ten)
            self.whales.append(whale)

    def add_stakeholders(self, session: Session, whale: _Whale, companies: list[list[str]]) -> None:
        names = self.rng.sample(self.people, self.rng.randint(3, 6))
        placed: list[str] = []
        for position, name in enumerate(names):
            title, role = self.titles[self.rng.randrange(len(self.titles))]
            if position == 0:
                role = "economic_buyer"
            first, last = name.lower().split(" ", 1)
            signed = self.rng.random() < 0.1
            elsewhere = self.rng.choice(companies)[0]
            stakeholder_id = self.uid()
            edits.add_stakeholder(
                session,
                stakeholder_id,
                whale.id,
                self.at,
                name=name,
                title=title,
                role=role if role in STAKEHOLDER_ROLES else "influencer",
                influence=self.rng.randint(1, 5),
                relationship=self.rng.randint(1, 5),
                email=f"{first}.{last.replace(' ', '')}@{whale.domain}",
                profile_url=f"https://www.linkedin.com/in/{first}-{last.replace(' ', '-')}",
                signed_before=signed,
                moved_from=f"Signed our SOW at {elsewhere}" if signed else "",
                # An org chart: the economic buyer on top, two under them, the rest under
                # the first of those (by position, so the random draws stay as they were).
                reports_to_id=placed[0 if position < 3 else 1] if position else None,
            )
            placed.append(stakeholder_id)
            whale.stakeholders.append(stakeholder_id)

    def add_deals(self, session: Session, whale: _Whale, top_ten: bool) -> None:
        texts = self.texts
        size = int(round(math.exp(self.rng.uniform(math.log(250_000), math.log(5_000_000))), -4))
        opened = self.today - timedelta(days=3 if whale.new else self.rng.randint(20, 300))
        if not whale.new:
            # Past deals, newest first, each decided a few weeks before the next one opened:
            # their stretches never overlap, and each has months of history behind it.
            decided = opened - timedelta(days=self.rng.randint(5, 45))
            for _ in range(PAST_DEALS):
                if decided < self.start + timedelta(days=120):
                    break
                began = decided - timedelta(days=self.rng.randint(90, 240))
                self.past_deals.append(_PastDeal(self.uid(), whale.id, began, decided))
                decided = began - timedelta(days=self.rng.randint(5, 45))
        stage = (
            "identified"
            if whale.new
            else self.rng.choice(["researching", "engaged", "discovery", "proposal", "negotiation"])
        )
        whale.open_deal = self.uid()
        whale.exact_deal = (
            self.rng.choice(texts["exact_deals"]) if top_ten or self.rng.random() < 0.4 else ""
        )
        edits.add_deal(
            session,
            whale.open_deal,
            whale.id,
            self.at,
            size=size,
            currency="USD",
            solution=self.rng.choice(texts["solutions"]),
            exact_deal=whale.exact_deal,
            stage=stage,
            opened_on=opened,
        )

    def decide_past_deals(self, session: Session) -> None:
        """Each past deal won with the chance its heat gave at its close (TRUE_HALF_LIFE),
        read from the book's own events by the engine the app uses; lost or no decision
        otherwise. The touches and triggers must be in the book."""
        inputs = heat_inputs(session, MEANINGFUL_TOUCH_STRENGTHS, TRIGGER_STRENGTHS)
        index = {whale_id: i for i, whale_id in enumerate(inputs.whale_ids)}
        deals = self.past_deals
        # The book reads a close at noon, UTC, of its day.
        heat = heat_before_batch(
            inputs.whale,
            inputs.days,
            inputs.strength,
            np.array([index[deal.whale_id] for deal in deals], dtype=np.int64),
            np.array([julian_day(datetime.combine(d.closed_on, time(12), UTC)) for d in deals]),
            TRUE_HALF_LIFE,
        )
        for deal, chance in zip(deals, heat.tolist(), strict=True):
            if self.rng.random() < chance:
                outcome = "won"
            else:
                outcome = "lost" if self.rng.random() < 0.6 else "no_decision"
            edits.add_deal(
                session,
                deal.id,
                deal.whale_id,
                self.at,
                size=int(round(self.rng.uniform(250_000, 2_000_000), -4)),
                currency="USD",
                solution=self.rng.choice(self.texts["solutions"]),
                stage="closed",
                opened_on=deal.opened_on,
                closed_on=deal.closed_on,
                outcome=outcome,
            )
            if self.rng.random() < 0.9:  # a few closed deals still wait for their review
                self.add_review(session, deal.id, outcome, deal.closed_on)

    def add_review(self, session: Session, deal_id: str, outcome: str, closed_on: date) -> None:
        primary = {
            "won": ("story_and_insight", "relationship", "product"),
            "lost": ("price", "competitor", "product", "story_and_insight"),
            "no_decision": ("timing_or_do_nothing",),
        }[outcome]
        reason = self.rng.choice(primary)
        others = [r for r in REVIEW_REASONS if r != reason]
        edits.add_review(
            session,
            self.uid(),
            self.at,
            deal_id=deal_id,
            outcome=outcome,
            primary_reason=reason,
            secondary_reasons=self.rng.sample(others, self.rng.randint(0, 2)),
            do_differently=self.rng.choice(self.texts["do_differently"]),
            customer_quote=self.rng.choice(self.texts["quotes"]),
            reviewed_on=min(closed_on + timedelta(days=self.rng.randint(1, 14)), self.today),
        )

    # --- two years of hunting --------------------------------------------------------------

    def discipline(self, rep_index: int, day: date) -> float | None:
        begin, end, tenure = DISCIPLINE[rep_index]
        since = (day - (self.today - timedelta(days=tenure))).days
        if since < 0:
            return None
        return begin + (end - begin) * since / tenure

    def hunt(self) -> None:
        for rep_index, rep in enumerate(self.reps):
            owned = [w for w in self.whales if w.owner == rep_index and not w.new]
            for offset in range(DAYS):
                day = self.start + timedelta(days=offset)
                chance = self.discipline(rep_index, day)
                if chance is None or day.isoweekday() not in rep.workdays:
                    continue
                if self.rng.random() < chance:
                    count, hours = self.rng.choice((5, 5, 5, 6, 7)), (8.0, 11.9)
                else:
                    count, hours = self.rng.randint(0, 6), (8.5, 17.5)
                chosen = self.weighted_sample(owned, min(count, len(owned)))
                for whale in chosen:
                    at = self.local(day, self.rng.uniform(*hours), rep.timezone)
                    touch = self.touch(whale, rep, at)
                    if at <= self.now:
                        self.touches.append(touch)

    def weighted_sample(self, whales: Sequence[_Whale], count: int) -> list[_Whale]:
        keyed = sorted(whales, key=lambda w: self.rng.random() ** (1 / w.attention), reverse=True)
        return keyed[:count]

    def touch(self, whale: _Whale, rep: Rep, at: datetime) -> Touch:
        meaningful = self.rng.random() < whale.receptive
        kind = self.pick(MEANINGFUL_WEIGHTS if meaningful else OUTBOUND_WEIGHTS)
        notes = self.texts["notes"][kind]
        contact = self.rng.choice(whale.stakeholders) if self.rng.random() < 0.8 else None
        note = self.rng.choice(notes) if self.rng.random() < 0.6 else ""
        return Touch(self.uid(), whale.id, rep.id, contact, kind, at, note)

    def add_triggers(self, session: Session) -> None:
        for whale in self.whales:
            if whale.new:
                continue
            for _ in range(self.rng.randint(0, 5)):
                at = self.local(
                    self.start + timedelta(days=self.rng.randrange(DAYS)),
                    self.rng.uniform(6, 20),
                    "UTC",
                )
                self.add_trigger(session, whale, at)
        fresh = self.rng.sample([w for w in self.whales if not w.new], 8)
        for whale in fresh:  # the last week's news, some of it not yet answered
            at = self.local(
                self.today - timedelta(days=self.rng.randint(1, 7)), self.rng.uniform(6, 20), "UTC"
            )
            self.add_trigger(session, whale, at)

    def add_trigger(self, session: Session, whale: _Whale, at: datetime) -> None:
        at = min(at, self.now)  # today's news, not tonight's
        kind = self.pick(TRIGGER_WEIGHTS)
        title, _role = self.rng.choice(self.titles)
        note = self.texts["trigger_notes"][kind].format(
            person=self.rng.choice(self.people), title=title
        )
        slug = whale.domain.split(".")[0]
        edits.add_trigger(
            session,
            self.uid(),
            self.at,
            whale_id=whale.id,
            kind=kind,
            occurred_at=at,
            source_url=f"https://news.example.com/{slug}/{at:%Y-%m-%d}-{kind.replace('_', '-')}",
            note=note,
        )

    # --- cadences in flight ----------------------------------------------------------------

    def add_cadences(self, session: Session) -> None:
        templates = load_templates(self.resources / "cadences")
        template_rows: list[tuple[str, list[str]]] = []
        for template in templates:
            template_id, step_ids = self.uid(), [self.uid() for _ in template.steps]
            edits.add_cadence_template(session, template_id, template, step_ids, self.at)
            template_rows.append((template_id, step_ids))
        candidates = [w for w in self.whales if not w.new]
        mine = [w for w in candidates if w.owner == 0]
        # Two dozen cadences in flight now, and four dozen that ran over the last two years,
        # so follow-through has a history: some engaged, some finished, some given up early.
        # Two of those in flight are this laptop's rep's, a step behind: Today and Cadences
        # have a step due to show.
        for number in range(72):
            behind = number in (0, 8)
            whale = self.rng.choice(mine if behind else candidates)
            which = 0 if number % 2 == 0 else self.rng.randrange(len(templates))
            if number < 24:
                started = self.today - timedelta(days=self.rng.randint(7 if behind else 0, 35))
                status = (
                    ACTIVE,
                    ACTIVE,
                    ACTIVE,
                    ACTIVE,
                    ACTIVE,
                    ENGAGED,
                    STOPPED,
                    PAUSED,
                )[number % 8]
            else:
                started = self.today - timedelta(days=self.rng.randint(60, DAYS - 40))
                status = self.rng.choice((FINISHED, ENGAGED, ENGAGED, STOPPED, STOPPED, FINISHED))
            self.add_enrolment(
                session,
                whale,
                templates[which],
                template_rows[which],
                started,
                status,
                behind=1 if behind else None,
            )

    def add_enrolment(
        self,
        session: Session,
        whale: _Whale,
        template: CadenceTemplate,
        ids: tuple[str, list[str]],
        started: date,
        status: str,
        *,
        behind: int | None = None,
    ) -> None:
        template_id, step_ids = ids
        rep = self.reps[whale.owner]
        person = self.rng.choice(whale.stakeholders)
        if status in RUNNING and person in self.running:
            # One cadence at a time for a person (the app asks before a second one).
            free = [p for p in whale.stakeholders if p not in self.running]
            if not free:
                return
            person = free[0]
        dues = due_dates(started, [s.day_offset for s in template.steps], rep.workdays)
        past = sum(1 for due in dues if due < self.today)
        if status == STOPPED:
            reached = self.rng.choice((1, 2, 2, 3, 5))  # most give up after one or two tries
        elif status == FINISHED:
            reached = len(dues)
        elif status == ENGAGED:
            reached = self.rng.randint(1, max(1, min(past, len(dues)) - 1))
        else:  # active or paused: keeping up, or a step or two behind
            lag = self.rng.choice((0, 0, 0, 1, 2)) if behind is None else behind
            reached = max(0, past - lag)
        # Only steps due before today were done: none is logged ahead of now.
        reached = min(reached, past)
        if status in RUNNING and reached >= len(dues):
            status = FINISHED  # every step is behind it already
        if status in (ENGAGED, STOPPED) and reached == 0:
            status = ACTIVE  # started too lately to have ended
        if status in RUNNING:
            self.running.add(person)
        ended = dues[min(reached, len(dues)) - 1] if status in ENDED else None
        enrolment_id = self.uid()
        edits.add_enrolment(
            session,
            enrolment_id,
            self.at,
            template_id=template_id,
            whale_id=whale.id,
            stakeholder_id=person,
            rep_id=rep.id,
            started_on=started,
            status=status,
            stop_reason="No answer; moving to another stakeholder" if status == STOPPED else "",
        )
        if status == PAUSED:
            cadence_store.set_enrolment(
                session,
                enrolment_id,
                self.at,
                status=PAUSED,
                paused_on=self.today - timedelta(days=2),
            )
        elif ended is not None:
            cadence_store.set_enrolment(
                session, enrolment_id, self.at, status=status, ended_on=ended
            )
        for number, (step, step_id, due) in enumerate(
            zip(template.steps, step_ids, dues, strict=True)
        ):
            state, touch_id = PENDING, None
            if number < reached:
                if self.rng.random() < 0.1:
                    state = SKIPPED
                else:
                    touch = Touch(
                        self.uid(),
                        whale.id,
                        rep.id,
                        person,
                        step.channel,
                        # Never after now, whatever the rep's zone makes of the morning.
                        min(self.local(due, self.rng.uniform(8, 11.5), rep.timezone), self.now),
                        step.instruction[:80],
                    )
                    self.touches.append(touch)
                    state, touch_id = DONE, touch.id
            edits.add_enrolment_step(
                session,
                self.uid(),
                self.at,
                enrolment_id=enrolment_id,
                step_id=step_id,
                due_on=due,
                status=state,
                touch_id=touch_id,
            )

    def settings(self, session: Session) -> None:
        edits.set_setting(session, TEAM_NAME, "Enterprise North", self.at)
        edits.set_setting(session, TEAM_CURRENCY, "USD", self.at)
        edits.set_setting(session, TEAM_LUNCH_CUTOFF, "12:00", self.at)
        edits.set_setting(session, ME, self.reps[0].id, self.at)
        edits.set_setting(session, DEMO_SEED, self.seed, self.at)


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass(frozen=True)
class DemoSummary:
    reps: int
    whales: int
    touches: int
    kept: Path | None = None  # where the book it replaced was backed up


def fill_demo(
    book: Book,
    seed: int,
    today: date,
    resources: Path,
    now: datetime | None = None,
    my_zone: str | None = None,
) -> DemoSummary:
    """Fill an empty book with the demo for `seed` as of `today` (nothing later than `now`);
    `my_zone` is the zone of the rep set as this laptop's user."""
    demo = _Demo(seed, today, resources, now, my_zone)
    with book.store.transaction() as session:
        demo.add_reps(session)
        demo.add_whales(session)
        session.flush()
        demo.hunt()
        demo.add_triggers(session)
        demo.add_cadences(session)
        demo.touches.sort(key=lambda t: (t.occurred_at, t.id))
        bulk.insert_touches(session, demo.touches, demo.at)
        session.flush()
        demo.decide_past_deals(session)
        demo.settings(session)
    return DemoSummary(len(demo.reps), len(demo.whales), len(demo.touches))


def create_demo_book(
    book_path: Path,
    backups: Path,
    *,
    seed: int,
    today: date,
    resources: Path,
    at: datetime,
    force: bool = False,
    my_zone: str | None = None,
) -> DemoSummary:
    """Build the demo beside the book, then swap it in; real data needs `force` and a backup.
    `my_zone`: the user's zone, for the rep they are in the demo. Refused (Held) while any
    program has the book open."""
    with swapping(book_path, DEMO_IN_USE):
        return _create(book_path, backups, seed, today, resources, at, force, my_zone)


DEMO_IN_USE = (
    "another program has this book open (the app, or a command still running); close it "
    "first to make a demo book here"
)


def _create(
    book_path: Path,
    backups: Path,
    seed: int,
    today: date,
    resources: Path,
    at: datetime,
    force: bool,
    my_zone: str | None,
) -> DemoSummary:
    if book_path.exists():
        store = open_store(book_path, at=at, hold=False)
        try:
            real = Book(store).holds_real_data()
        finally:
            store.close()
        if real and not force:
            raise Refused(
                f"{book_path} holds your own whales or edits; 'warroom demo --force' replaces "
                "it after a backup"
            )
        kept = backup(book_path, backups, at, "before-demo")
    else:
        kept = None
    with staging(book_path.parent) as staged:
        store = open_store(staged, at=at, hold=False)
        try:
            summary = fill_demo(Book(store), seed, today, resources, at, my_zone)
        finally:
            store.close()
        verify(staged)
        replace_book(book_path, staged)
    return replace(summary, kept=kept)
