"""The inputs of the decay model for a whole book, fetched as flat arrays in one pass.

Times come back as Julian days straight from SQLite's julianday(), so nothing is parsed in
Python; rows are ordered by (whale, time) as the batch engine wants them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from warroom.domain.decay_batch import Floats, Ints


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
    connection = session.connection()
    whale_ids = [
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT id FROM whales WHERE deleted_at IS NULL ORDER BY id"
        )
    ]
    index = {whale_id: i for i, whale_id in enumerate(whale_ids)}
    kinds = sorted(touch_strengths)
    marks = ", ".join("?" for _ in kinds)
    rows = connection.exec_driver_sql(
        f"SELECT whale_id, julianday(occurred_at) AS day, kind, 0 FROM touches"
        f" WHERE deleted_at IS NULL AND kind IN ({marks})"
        " UNION ALL SELECT whale_id, julianday(occurred_at), kind, 1 FROM triggers"
        " WHERE deleted_at IS NULL ORDER BY 1, 2",
        tuple(kinds),
    ).all()
    rows = [row for row in rows if row[0] in index]
    strengths = (touch_strengths, trigger_strengths)
    return HeatInputs(
        whale_ids,
        np.fromiter((index[row[0]] for row in rows), dtype=np.int64, count=len(rows)),
        np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows)),
        np.fromiter(
            (strengths[row[3]].get(row[2], 0.0) for row in rows), dtype=np.float64, count=len(rows)
        ),
    )
