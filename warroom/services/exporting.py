"""Exporting the whole book as JSON with stable ids, so it can be read back identically, and the
whales as a CSV a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from warroom.domain.records import WhaleSummary
from warroom.domain.spreadsheet import safe_cell
from warroom.services.files import atomic_file, write_atomically
from warroom.store import tables
from warroom.store.db import Store, schema_revisions

FORMAT = "warroom-book"
FORMAT_VERSION = 1


def export_json(store: Store, out: Path) -> int:
    """Write every table to `out`; returns the number of rows written.

    The text is exactly `json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False)`
    of the whole book, written a row at a time: built whole, a team's book (half a million
    touches) took two gigabytes."""
    written = 0
    with atomic_file(out) as handle, store.transaction() as session:

        def write(text: str) -> None:
            handle.write(text.encode("utf-8"))

        write(f'{{\n "format": {_json(FORMAT)},\n "schema": {_json(schema_revisions()[-1])},')
        write('\n "tables": {')
        for number, name in enumerate(sorted(tables.TABLE_NAMES)):
            write(f"{',' if number else ''}\n  {_json(name)}: [")
            count = 0
            keys = [(key, f"\n    {_json(key)}: ") for key in sorted(tables.columns(name))]
            for row in tables.dump_table(session, name):
                # A row is flat: each value through the C encoder, laid out as indent=1 would.
                fields = ",".join(f"{key_text}{_json(row[key])}" for key, key_text in keys)
                write(f"{',' if count else ''}\n   {{{fields}\n   }}")
                count += 1
            write("\n  ]" if count else "]")
            written += count
        write(f'\n }},\n "version": {_json(FORMAT_VERSION)}\n}}\n')
    return written


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


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
