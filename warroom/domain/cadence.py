"""Cadence rules: when each step of an enrolment falls due."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from warroom.domain.errors import BadInput
from warroom.domain.kinds import TOUCH_KINDS


@dataclass(frozen=True)
class CadenceStep:
    day_offset: int
    channel: str
    instruction: str
    message: str = ""


@dataclass(frozen=True)
class CadenceTemplate:
    name: str
    description: str
    steps: tuple[CadenceStep, ...]


def next_workday(day: date, workdays: Sequence[int]) -> date:
    """`day` itself when it is a workday, else the first workday after it."""
    if not workdays:
        raise BadInput("a rep needs at least one workday")
    while day.isoweekday() not in workdays:
        day += timedelta(days=1)
    return day


def due_dates(started_on: date, offsets: Sequence[int], workdays: Sequence[int]) -> list[date]:
    """Each step's due date: start + offset, moved to a workday, never before the previous step."""
    out: list[date] = []
    for offset in offsets:
        due = next_workday(started_on + timedelta(days=offset), workdays)
        if out and due < out[-1]:
            due = out[-1]
        out.append(due)
    return out


def check_template(template: CadenceTemplate) -> CadenceTemplate:
    """Refuse a template a rep could not run: no steps, unknown channels, offsets going back."""
    if not template.name.strip():
        raise BadInput("a cadence needs a name")
    if not template.steps:
        raise BadInput(f"cadence {template.name!r} has no steps")
    previous = 0
    for number, step in enumerate(template.steps, start=1):
        if step.channel not in TOUCH_KINDS:
            raise BadInput(
                f"cadence {template.name!r} step {number}: unknown channel {step.channel!r}"
            )
        if step.day_offset < previous:
            raise BadInput(
                f"cadence {template.name!r} step {number}: day {step.day_offset} comes before "
                f"the previous step's day {previous}"
            )
        previous = step.day_offset
    return template


# A reply or a meeting from the stakeholder ends their enrolment as engaged: the sequence did
# its job. A comment or an accepted connect is warmth, not yet engagement.
ENGAGING_KINDS: frozenset[str] = frozenset(
    {
        "email_reply",
        "inmail_reply",
        "call_connected",
        "meeting",
        "coffee",
        "onsite",
        "referral_intro",
    }
)
# An enrolment's states and its steps' states: stable words in the book and the command line.
ACTIVE, PAUSED = "active", "paused"
ENGAGED, STOPPED, FINISHED = "engaged", "stopped", "finished"
RUNNING = (ACTIVE, PAUSED)  # still working through its steps
ENDED = (ENGAGED, STOPPED, FINISHED)
PENDING, DONE, SKIPPED = "pending", "done", "skipped"
GIVE_UP_STEPS = 2  # stopping at or before this many done steps, unengaged, is giving up
DEFAULT_INMAIL_BUDGET = 50  # a month, as Sales Navigator grants today


def workdays_between(start: date, end: date, workdays: Sequence[int]) -> int:
    """Workdays from `start` (inclusive) to `end` (exclusive)."""
    count, day = 0, start
    while day < end:
        if day.isoweekday() in workdays:
            count += 1
        day += timedelta(days=1)
    return count


def shift_by_workdays(day: date, count: int, workdays: Sequence[int]) -> date:
    """`day` moved `count` workdays later (and onto a workday)."""
    day = next_workday(day, workdays)
    for _ in range(count):
        day = next_workday(day + timedelta(days=1), workdays)
    return day


def resumed_due_dates(
    pending: Sequence[date], paused_on: date, resumed_on: date, workdays: Sequence[int]
) -> list[date]:
    """Pending steps after a pause move on by the workdays the pause lasted."""
    lost = workdays_between(paused_on, resumed_on, workdays)
    return [shift_by_workdays(due, lost, workdays) for due in pending]


@dataclass(frozen=True)
class EnrolmentOutcome:
    """One enrolment as follow-through sees it."""

    rep_id: str | None
    template: str
    status: str
    done_steps: int
    steps: int


@dataclass(frozen=True)
class FollowThrough:
    rep_id: str | None
    template: str
    enrolments: int
    ended: int
    engaged: int
    abandoned_early: int  # stopped after one or two tries without engagement
    average_touches: float  # done steps per ended enrolment

    @property
    def abandoned_rate(self) -> float:
        return self.abandoned_early / self.ended if self.ended else 0.0

    @property
    def given_up_words(self) -> str:
        """'2 (25%)'; a dash while none has ended: nothing to say yet, not 0%."""
        return f"{self.abandoned_early} ({self.abandoned_rate:.0%})" if self.ended else "—"

    @property
    def touches_words(self) -> str:
        """Done steps per ended enrolment, '4.4'; a dash while none has ended."""
        return f"{self.average_touches:.1f}" if self.ended else "—"


def is_abandoned_early(outcome: EnrolmentOutcome) -> bool:
    return outcome.status == STOPPED and outcome.done_steps <= GIVE_UP_STEPS


def follow_through(outcomes: Sequence[EnrolmentOutcome]) -> list[FollowThrough]:
    """Per rep and template: how far enrolments went before they ended."""
    groups: dict[tuple[str | None, str], list[EnrolmentOutcome]] = {}
    for outcome in outcomes:
        groups.setdefault((outcome.rep_id, outcome.template), []).append(outcome)
    out = []
    for (rep_id, template), items in sorted(
        groups.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])
    ):
        ended = [o for o in items if o.status in ENDED]
        out.append(
            FollowThrough(
                rep_id,
                template,
                len(items),
                len(ended),
                sum(1 for o in ended if o.status == ENGAGED),
                sum(1 for o in ended if is_abandoned_early(o)),
                sum(o.done_steps for o in ended) / len(ended) if ended else 0.0,
            )
        )
    return out


@dataclass(frozen=True)
class TemplateStep:
    id: str  # empty for a step not saved yet
    day_offset: int
    channel: str
    instruction: str
    message: str = ""


@dataclass(frozen=True)
class SavedTemplate:
    id: str
    name: str
    description: str
    steps: tuple[TemplateStep, ...]

    def as_template(self) -> CadenceTemplate:
        return CadenceTemplate(
            self.name,
            self.description,
            tuple(
                CadenceStep(s.day_offset, s.channel, s.instruction, s.message) for s in self.steps
            ),
        )


@dataclass(frozen=True)
class EnrolmentStep:
    id: str
    number: int  # 1-based
    channel: str
    instruction: str
    message: str
    due_on: date
    status: str  # pending, done, skipped
    touch_id: str | None

    def overdue(self, today: date) -> bool:
        return self.status == PENDING and self.due_on < today


@dataclass(frozen=True)
class Enrolment:
    id: str
    template_id: str
    template: str
    whale_id: str
    whale: str
    stakeholder_id: str | None
    stakeholder: str
    rep_id: str | None
    started_on: date
    status: str
    stop_reason: str
    paused_on: date | None
    ended_on: date | None
    steps: tuple[EnrolmentStep, ...]

    @property
    def done_steps(self) -> int:
        return sum(1 for s in self.steps if s.status == DONE)

    @property
    def next_step(self) -> EnrolmentStep | None:
        return next((s for s in self.steps if s.status == PENDING), None)


@dataclass(frozen=True)
class StepYield:
    """How often a step of a template was the last before the stakeholder engaged."""

    template: str
    number: int
    channel: str
    tries: int
    engaged_after: int

    @property
    def rate(self) -> float:
        return self.engaged_after / self.tries if self.tries else 0.0


def step_yields(enrolments: Sequence[Enrolment]) -> list[StepYield]:
    """Per template step: how many times it was done, and how many engagements came right
    after it (a reply or meeting before the next step was done)."""
    tries: dict[tuple[str, int, str], int] = {}
    engaged: dict[tuple[str, int, str], int] = {}
    for enrolment in enrolments:
        done = [s for s in enrolment.steps if s.status == DONE]
        for step in done:
            key = (enrolment.template, step.number, step.channel)
            tries[key] = tries.get(key, 0) + 1
        if enrolment.status == ENGAGED and done:
            last = done[-1]
            key = (enrolment.template, last.number, last.channel)
            engaged[key] = engaged.get(key, 0) + 1
    return [
        StepYield(t, n, c, count, engaged.get((t, n, c), 0))
        for (t, n, c), count in sorted(tries.items())
    ]
