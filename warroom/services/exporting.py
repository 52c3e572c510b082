"""Exporting the whole book as JSON with stable ids, so it can be read back identically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
