"""The inputs of the decay model for a whole book, fetched as flat arrays in one pass.

Times come back as Julian days straight from SQLite's julianday(), so nothing is parsed in
Python; rows are ordered by (whale, time) as the batch engine wants them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from warroom.domain.decay_batch import Floats, Ints
from warroom.store.db import driver_rows


@dataclass(frozen=True)
class HeatInputs:
    whale_ids: list[str]  # index -> whale id, for every live whale
    whale: Ints  # per event: index into whale_ids
    days: Floats  # per event: Julian day
    strength: Floats  # per event


def heat_inputs(
    session: Session,
    touch_strengths: Mapping[str, float],
    trigger_strengths: Mapping[str, float],
) -> HeatInputs:
    # Through the driver's cursor: SQLAlchemy's per-row result processing was most of the
    # cost at 100,000 whales.
    live = driver_rows(session, "SELECT id FROM whales WHERE deleted_at IS NULL ORDER BY id")
    whale_ids = [row[0] for row in live]
    index = {whale_id: i for i, whale_id in enumerate(whale_ids)}
    kinds = sorted(touch_strengths)
    marks = ", ".join("?" for _ in kinds)
    found = driver_rows(
        session,
        f"SELECT whale_id, julianday(occurred_at) AS day, kind, 0 FROM touches"
        f" WHERE deleted_at IS NULL AND kind IN ({marks})"
        " UNION ALL SELECT whale_id, julianday(occurred_at), kind, 1 FROM triggers"
        " WHERE deleted_at IS NULL ORDER BY 1, 2",
        kinds,
    )
    rows = [row for row in found if row[0] in index]
    strengths = (touch_strengths, trigger_strengths)
    return HeatInputs(
        whale_ids,
        np.fromiter((index[row[0]] for row in rows), dtype=np.int64, count=len(rows)),
        np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows)),
        np.fromiter(
            (strengths[row[3]].get(row[2], 0.0) for row in rows), dtype=np.float64, count=len(rows)
        ),
    )


@dataclass(frozen=True)
class DealSpans:
    """Every live deal for the half-life fit, as arrays (Julian days; NaN when unset)."""

    whale: Ints  # index into the HeatInputs' whale_ids, -1 for a whale not listed
    opened: Floats
    closed: Floats  # at noon of the close date
    decayed: npt.NDArray[np.bool_]  # lost or no decision
    has_outcome: npt.NDArray[np.bool_]


def deal_spans(
    session: Session, whale_ids: list[str], of_whales: list[str] | None = None
) -> DealSpans:
    """The live deals (or those of `of_whales`), indexed into `whale_ids`."""
    index = {whale_id: i for i, whale_id in enumerate(whale_ids)}
    sql = (
        "SELECT whale_id, julianday(opened_on), julianday(closed_on || ' 12:00:00'), outcome"
        " FROM deals WHERE deleted_at IS NULL"
    )
    params: list[object] = []
    if of_whales is not None:
        sql += " AND whale_id IN (SELECT value FROM json_each(?))"
        params.append(json.dumps(of_whales))
    rows = driver_rows(session, sql, params)
    nan = float("nan")
    return DealSpans(
        np.fromiter((index.get(r[0], -1) for r in rows), dtype=np.int64, count=len(rows)),
        np.fromiter(
            (nan if r[1] is None else r[1] for r in rows), dtype=np.float64, count=len(rows)
        ),
        np.fromiter(
            (nan if r[2] is None else r[2] for r in rows), dtype=np.float64, count=len(rows)
        ),
        np.fromiter(
            (r[3] in ("lost", "no_decision") for r in rows), dtype=np.bool_, count=len(rows)
        ),
        np.fromiter((r[3] is not None for r in rows), dtype=np.bool_, count=len(rows)),
    )


def dump_inputs(read: tuple[HeatInputs, DealSpans]) -> bytes:
    """Heat's inputs as bytes to keep (numpy's own format, no pickle)."""
    inputs, spans = read
    out = io.BytesIO()
    np.savez(
        out,
        whale_ids=np.array(inputs.whale_ids, dtype=np.str_),
        whale=inputs.whale,
        days=inputs.days,
        strength=inputs.strength,
        span_whale=spans.whale,
        opened=spans.opened,
        closed=spans.closed,
        decayed=spans.decayed,
        has_outcome=spans.has_outcome,
    )
    return out.getvalue()


def load_inputs(kept: bytes) -> tuple[HeatInputs, DealSpans]:
    with np.load(io.BytesIO(kept), allow_pickle=False) as found:
        return HeatInputs(
            found["whale_ids"].tolist(), found["whale"], found["days"], found["strength"]
        ), DealSpans(
            found["span_whale"],
            found["opened"],
            found["closed"],
            found["decayed"],
            found["has_outcome"],
        )


@dataclass(frozen=True)
class WhaleEvents:
    """The heat-raising events of a few whales, in decay.heat_events' order within each."""

    whale: Ints  # per event: index into the whale ids asked for
    days: Floats  # per event: Julian day
    strength: Floats
    trigger_ids: list[str | None]  # per event: the trigger's id; None for a touch


def whale_events(
    session: Session,
    whale_ids: list[str],
    touch_strengths: Mapping[str, float],
    trigger_strengths: Mapping[str, float],
) -> WhaleEvents:
    index = {whale_id: i for i, whale_id in enumerate(whale_ids)}
    kinds = sorted(touch_strengths)
    marks = ", ".join("?" for _ in kinds)
    # The whales as one JSON list: any number of them in one parameter.
    chosen = "whale_id IN (SELECT value FROM json_each(?))"
    rows = driver_rows(
        session,
        f"SELECT whale_id, julianday(occurred_at), kind, 0, id FROM touches"
        f" WHERE deleted_at IS NULL AND kind IN ({marks}) AND {chosen}"
        f" UNION ALL SELECT whale_id, julianday(occurred_at), kind, 1, id FROM triggers"
        f" WHERE deleted_at IS NULL AND {chosen} ORDER BY 1, 2, 5",
        [*kinds, json.dumps(whale_ids), json.dumps(whale_ids)],
    )
    strengths = (touch_strengths, trigger_strengths)
    return WhaleEvents(
        np.fromiter((index[row[0]] for row in rows), dtype=np.int64, count=len(rows)),
        np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows)),
        np.fromiter(
            (strengths[row[3]].get(row[2], 0.0) for row in rows), dtype=np.float64, count=len(rows)
        ),
        [row[4] if row[3] else None for row in rows],
    )


def trigger_moments(session: Session, whale_ids: list[str]) -> list[tuple[str, str, float, str]]:
    """The live triggers of these whales: (id, whale id, Julian day, kind)."""
    return [
        (str(i), str(w), float(day), str(kind))
        for i, w, day, kind in driver_rows(
            session,
            "SELECT id, whale_id, julianday(occurred_at), kind FROM triggers"
            " WHERE deleted_at IS NULL AND whale_id IN (SELECT value FROM json_each(?))",
            [json.dumps(whale_ids)],
        )
    ]


def carried_inputs(
    session: Session,
    read: tuple[HeatInputs, DealSpans],
    whales: frozenset[str],
    touch_strengths: Mapping[str, float],
    trigger_strengths: Mapping[str, float],
) -> tuple[HeatInputs, DealSpans] | None:
    """Heat's inputs after an edit of these whales' touches, triggers or deals: their events
    and deals read again, everyone else's kept. None when a whale came or went (the index of
    whales itself changes: read the whole again)."""
    inputs, spans = read
    if not whales:
        return read
    index = {whale_id: i for i, whale_id in enumerate(inputs.whale_ids)}
    chosen = sorted(whales)
    live = {
        row[0]
        for row in driver_rows(
            session,
            "SELECT id FROM whales WHERE deleted_at IS NULL"
            " AND id IN (SELECT value FROM json_each(?))",
            [json.dumps(chosen)],
        )
    }
    if any((whale_id in index) != (whale_id in live) for whale_id in chosen):
        return None
    chosen = [whale_id for whale_id in chosen if whale_id in live]
    at = np.array([index[whale_id] for whale_id in chosen], dtype=np.int64)
    events = whale_events(session, chosen, touch_strengths, trigger_strengths)
    kept = ~np.isin(inputs.whale, at)
    whale = np.concatenate([inputs.whale[kept], at[events.whale]])
    days = np.concatenate([inputs.days[kept], events.days])
    strength = np.concatenate([inputs.strength[kept], events.strength])
    order = np.lexsort((days, whale))  # the (whale, day) order heat_inputs reads in
    fresh = deal_spans(session, inputs.whale_ids, chosen)
    others = ~np.isin(spans.whale, at)
    return HeatInputs(inputs.whale_ids, whale[order], days[order], strength[order]), DealSpans(
        np.concatenate([spans.whale[others], fresh.whale]),
        np.concatenate([spans.opened[others], fresh.opened]),
        np.concatenate([spans.closed[others], fresh.closed]),
        np.concatenate([spans.decayed[others], fresh.decayed]),
        np.concatenate([spans.has_outcome[others], fresh.has_outcome]),
    )
