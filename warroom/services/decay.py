"""Decay over the book: the settings table, the half-life in force, heat for every whale, and
one whale's full report (events, contributions, sink date, planned touches)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, tzinfo

import numpy as np

from warroom.domain.book_settings import DECAY_PARAMS
from warroom.domain.changes import Changes, Done
from warroom.domain.closet import Hold, in_force
from warroom.domain.decay import (
    Explanation,
    HalfLife,
    HeatEvent,
    days_to_sink,
    explain,
    from_julian_day,
    heat_events,
    julian_day,
    sank_days_ago,
    sinks_at,
    weighted_value,
)
from warroom.domain.decay_batch import (
    added_alone_batch,
    added_batch,
    days_to_sink_batch,
    heat_batch,
)
from warroom.domain.decay_settings import DecaySettings, check_settings, settings_as_json
from warroom.domain.kinds import DecayParams
from warroom.domain.records import PlannedTouch, WhaleSummary, amended
from warroom.domain.words import sink_words
from warroom.services import settings as stored
from warroom.services.half_life import Choice, HalfLives
from warroom.store import closet as closet_store
from warroom.store import queries
from warroom.store.db import Session, Store
from warroom.store.heat import (
    DealSpans,
    HeatInputs,
    carried_inputs,
    deal_spans,
    dump_inputs,
    heat_inputs,
    load_inputs,
    trigger_moments,
    whale_events,
)
from warroom.store.memo import Keeping, TableMemo
from warroom.store.written import Since


@dataclass(frozen=True)
class BookHeat:
    half_life: HalfLife
    params: DecayParams  # with the half-life in force
    heat: dict[str, float]
    last_flare_at: dict[str, datetime | None]


@dataclass(frozen=True)
class WhaleDecay:
    """Everything the decay chart, the CLI and reports say about one whale at one time."""

    whale_id: str
    name: str
    deal_size: int
    currency: str
    at: datetime
    half_life: HalfLife
    params: DecayParams
    events: tuple[HeatEvent, ...]
    explanation: Explanation
    planned: tuple[PlannedTouch, ...]
    deal_open: bool = False  # the deal shown is open: it has a win chance
    hold: Hold | None = None  # set aside from the closet and Today, in force at `at`

    @property
    def heat(self) -> float:
        return self.explanation.heat

    @property
    def days_to_sink(self) -> float:
        return days_to_sink(self.heat, self.params.half_life_days, self.params.watermark)

    @property
    def sinks_at(self) -> datetime | None:
        return sinks_at(self.at, self.heat, self.params)

    @property
    def weighted_value(self) -> float:
        return weighted_value(self.deal_size, self.heat)

    @property
    def sank_days_ago(self) -> float | None:
        flares = [event.at for event in self.events if event.at <= self.at]
        since = (self.at - max(flares)).total_seconds() / 86_400 if flares else None
        return sank_days_ago(self.heat, self.params.half_life_days, self.params.watermark, since)

    def standing(self, zone: tzinfo) -> str:
        """'sinks in 4 days', 'sank 3 days ago', 'never warmed': as everywhere else."""
        return sink_words(self.heat, self.days_to_sink, self.sank_days_ago, self.at, zone)


_EVENT_TABLES = ("touches", "triggers", "whales", "deals")
_Strengths = tuple[tuple[str, float], ...]


class Decay:
    """Heat for the book and for one whale, always as of a time the caller gives."""

    def __init__(self, store: Store) -> None:
        self.store = store
        # Every event of the book and every deal's span, as arrays: the read is most of the
        # cost of heat on a big book, and the arrays hold until a touch, trigger, whale or
        # deal is written (and kept in the book for the next process: store.kept). The heat
        # itself is computed afresh for each moment asked.
        self._events: TableMemo[tuple[HeatInputs, DealSpans]] = TableMemo(
            _EVENT_TABLES,
            Keeping("heat inputs", dump_inputs, load_inputs),
        )
        self._half_lives = HalfLives()

    # --- the decay table --------------------------------------------------------------------

    def settings(self) -> DecaySettings:
        with self.store.transaction() as session:
            return self._settings(session)

    def _settings(self, session: Session) -> DecaySettings:
        table: DecaySettings = stored.read(session, DECAY_PARAMS)
        return table

    def save_settings(self, settings: DecaySettings, at: datetime) -> Done[DecaySettings]:
        params = settings.params
        checked = check_settings(
            params.half_life_days,
            params.watermark,
            params.touch_strengths,
            params.trigger_strengths,
            settings.learn,
        )
        with self.store.transaction() as session:
            stored.write(session, DECAY_PARAMS, settings_as_json(checked), at)
        return Done(checked, Changes(settings=frozenset({DECAY_PARAMS})))

    # --- the whole book ---------------------------------------------------------------------

    def book_heat(self, at: datetime) -> BookHeat:
        with self.store.transaction() as session:
            return self._book_heat(session, at)

    def _inputs(self, session: Session, params: DecayParams) -> tuple[HeatInputs, DealSpans]:
        touch, trigger = params.touch_strengths, params.trigger_strengths

        def read() -> tuple[HeatInputs, DealSpans]:
            inputs = heat_inputs(session, touch, trigger)
            return inputs, deal_spans(session, inputs.whale_ids)

        def carry(
            kept: tuple[HeatInputs, DealSpans], since: Since
        ) -> tuple[HeatInputs, DealSpans] | None:
            # One touch must not cost a big book a read of every event: its whale's alone.
            return carried_inputs(session, kept, since.whales, touch, trigger)

        key = (tuple(sorted(touch.items())), tuple(sorted(trigger.items())))
        return self._events.get(session, key, read, carry)

    def half_life(self, at: datetime) -> HalfLife:
        """The half-life as of `at` (book_heat's), without the heat of every whale."""
        with self.store.transaction() as session:
            return self._fitted(session, at)[2]

    def chosen(self, at: datetime) -> Choice:
        """Which learned half-life is in force at `at`, and how each scored (half_life)."""
        with self.store.transaction() as session:
            settings = self._settings(session)
            inputs, spans = self._inputs(session, settings.params)
            return self._half_lives.choice(session, settings, inputs, spans, at)

    def history(self) -> tuple[DecaySettings, HeatInputs, DealSpans]:
        """The team's settings, every event and every deal's span (the kept reads): what win
        chance and its back-test are fitted on."""
        with self.store.transaction() as session:
            settings = self._settings(session)
            return (settings, *self._inputs(session, settings.params))

    def half_life_then(
        self,
        settings: DecaySettings,
        inputs: HeatInputs,
        spans: DealSpans,
        at: datetime,
        method: str,
    ) -> HalfLife:
        """The half-life `method` learned from what was known at `at` (the back-test's)."""
        return self._half_lives.then(settings, inputs, spans, at, method)

    def _fitted(self, session: Session, at: datetime) -> tuple[DecaySettings, HeatInputs, HalfLife]:
        """The team's settings, every event, and the half-life in force at `at`."""
        settings = self._settings(session)
        inputs, spans = self._inputs(session, settings.params)
        return settings, inputs, self._half_lives.in_force(session, settings, inputs, spans, at)

    def _book_heat(self, session: Session, at: datetime) -> BookHeat:
        settings, inputs, half_life = self._fitted(session, at)
        params = replace(settings.params, half_life_days=half_life.days)
        heat, last = heat_batch(
            inputs.whale,
            inputs.days,
            inputs.strength,
            len(inputs.whale_ids),
            julian_day(at),
            half_life.days,
        )
        return BookHeat(
            half_life,
            params,
            dict(zip(inputs.whale_ids, heat.tolist(), strict=True)),
            {
                whale_id: None if math.isnan(day) else from_julian_day(day)
                for whale_id, day in zip(inputs.whale_ids, last.tolist(), strict=True)
            },
        )

    def with_heat(self, whales: list[WhaleSummary], at: datetime) -> list[WhaleSummary]:
        """The same whales with heat, days to sink and weighted value as of `at`."""
        book = self.book_heat(at)
        h, w = book.params.half_life_days, book.params.watermark
        heats = np.array([book.heat.get(whale.id, 0.0) for whale in whales])
        sinks = days_to_sink_batch(heats, h, w)
        out = []
        for whale, heat, sink in zip(whales, heats.tolist(), sinks.tolist(), strict=True):
            flare = book.last_flare_at.get(whale.id)
            since = (at - flare).total_seconds() / 86_400 if flare is not None else None
            out.append(
                amended(
                    whale,
                    heat=heat,
                    days_to_sink=sink,
                    # A closed deal is no longer in the pipeline's weight.
                    weighted_value=(
                        0.0 if whale.deal_closed else weighted_value(whale.deal_size, heat)
                    ),
                    last_flare_at=flare,
                    sank_days_ago=sank_days_ago(heat, h, w, since),
                )
            )
        return out

    def added_by_triggers(self, whale_ids: list[str], at: datetime) -> dict[str, float]:
        """What each trigger of these whales added to its heat when it came (the `added` of
        their explanations at `at`), from the batch engine: the triggers feed asks this of
        thousands of whales at once. Each trigger's heat before it comes from the book's kept
        events; only whales with another event at a trigger's very moment read their events
        again (reading all of a sales floor's feed's whales' events took 1.4 s)."""
        with self.store.transaction() as session:
            settings, inputs, half_life = self._fitted(session, at)
            strengths = settings.params.trigger_strengths
            index = {whale_id: i for i, whale_id in enumerate(inputs.whale_ids)}
            triggers = [t for t in trigger_moments(session, whale_ids) if t[1] in index]
            added, alone = added_alone_batch(
                inputs.whale,
                inputs.days,
                inputs.strength,
                np.array([index[whale_id] for _, whale_id, _, _ in triggers], dtype=np.int64),
                np.array([day for _, _, day, _ in triggers], dtype=np.float64),
                np.array([strengths.get(kind, 0.0) for *_, kind in triggers], dtype=np.float64),
                half_life.days,
            )
            out: dict[str, float] = {}
            walked: set[str] = set()
            for (trigger_id, whale_id, _, _), boost, single in zip(
                triggers, added.tolist(), alone.tolist(), strict=True
            ):
                if single:
                    out[trigger_id] = boost
                else:
                    walked.add(whale_id)
            if walked:
                params = settings.params
                events = whale_events(
                    session, sorted(walked), params.touch_strengths, params.trigger_strengths
                )
                each = added_batch(events.whale, events.days, events.strength, half_life.days)
                out |= {
                    trigger_id: boost
                    for trigger_id, boost in zip(events.trigger_ids, each.tolist(), strict=True)
                    if trigger_id is not None
                }
        return out

    # --- one whale --------------------------------------------------------------------------

    def whale(self, whale_id: str, at: datetime) -> WhaleDecay:
        return self.whales([whale_id], at)[0]

    def whales(self, whale_ids: list[str], at: datetime) -> list[WhaleDecay]:
        """Reports for several whales, sharing one half-life fit (it reads the whole book)."""
        with self.store.transaction() as session:
            settings = self._settings(session)
            inputs, spans = self._inputs(session, settings.params)
            half_life = self._half_lives.in_force(session, settings, inputs, spans, at)
            params = replace(settings.params, half_life_days=half_life.days)
            deals = queries.current_deals(session)
            found = queries.heat_records(session, whale_ids)
            holds = closet_store.holds(session)
            out = []
            for whale_id in whale_ids:
                events = heat_events(
                    found.touches.get(whale_id, []), found.triggers.get(whale_id, []), params
                )
                shown = deals.get(whale_id)
                out.append(
                    WhaleDecay(
                        whale_id=whale_id,
                        name=found.names.get(whale_id, ""),
                        deal_size=shown.size if shown else 0,
                        currency=shown.currency if shown else "",
                        at=at,
                        half_life=half_life,
                        params=params,
                        events=tuple(events),
                        explanation=explain(events, at, half_life.days),
                        planned=tuple(found.tasks.get(whale_id, [])),
                        deal_open=shown is not None and shown.closed_on is None,
                        # By the UTC day: a chart does not need the rep's midnight.
                        hold=in_force(holds.get(whale_id), at.date()),
                    )
                )
            return out


def planned_event(kind: str, on: date, params: DecayParams, ref: str = "planned") -> HeatEvent:
    """A what-if touch as a heat event at 10:00 UTC of its day."""
    return HeatEvent(
        datetime.combine(on, time(10, 0), UTC), params.touch_strength(kind), "planned", kind, ref
    )
