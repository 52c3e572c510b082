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
