"""New stable ids for rows."""

from __future__ import annotations

import uuid


def new_id() -> str:
    return str(uuid.uuid4())


def shipped_id(name: str) -> str:
    """The same id on every laptop for a row the app ships (a cadence from resources/): two
    laptops that each write it make one row, not two, when they sync."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"warroom:shipped:{name}"))
