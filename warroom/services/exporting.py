"""Exporting the whole book as JSON with stable ids, so it can be read back identically, and the
whales as a CSV a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from warroom.domain.records import WhaleSummary
from warroom.domain.spreadsheet import safe_cell
from warroom.services.files import write_atomically
from warroom.store import tables
from warroom.store.db import Store, schema_revisions

FORMAT = "warroom-book"
FORMAT_VERSION = 1


def book_as_json(store: Store) -> dict[str, Any]:
    with store.transaction() as session:
        rows = tables.dump(session)
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": schema_revisions()[-1],
        "tables": rows,
    }


def export_json(store: Store, out: Path) -> int:
    """Write every table to `out`; returns the number of rows written."""
    document = book_as_json(store)
    text = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomically(out, text.encode("utf-8"))
    return sum(len(rows) for rows in document["tables"].values())


CSV_COLUMNS = (
    "id",
    "name",
    "web_domain",
    "owner",
    "deal_size",
    "currency",
    "stage",
    "solution",
    "top_ten",
    "heat",
    "days_to_sink",
    "weighted_value",
    "touches",
    "last_touch_at",
    "last_meaningful_at",
    "stakeholders",
)


def export_csv(whales: list[WhaleSummary], out: Path) -> int:
    """One row per whale, for a spreadsheet; returns the number of rows. No cell runs as a
    formula, and the file starts with a UTF-8 byte order mark, without which Excel reads it in
    the PC's legacy code page and garbles accented names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for w in whales:
        cells = [
            w.id,
            w.name,
            w.web_domain,
            w.owner,
            w.deal_size,
            w.currency,
            w.stage,
            w.solution,
            "yes" if w.top_ten else "",
            f"{w.heat:.4f}",
            f"{w.days_to_sink:.1f}",
            f"{w.weighted_value:.0f}",
            w.touch_count,
            w.last_touch_at.isoformat() if w.last_touch_at else "",
            w.last_meaningful_at.isoformat() if w.last_meaningful_at else "",
            w.stakeholders.rstrip("; "),
        ]
        writer.writerow([safe_cell(str(cell)) for cell in cells])
    write_atomically(out, buffer.getvalue().encode("utf-8-sig"))
    return len(whales)
