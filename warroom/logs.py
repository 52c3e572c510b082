"""The log file: faults with their tracebacks, rotated so it never grows without bound."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG = logging.getLogger("warroom")
MAX_BYTES = 1_000_000
KEEP = 5


def start_logging(folder: Path) -> Path:
    """Log to `folder`/warroom.log (rotated at 1 MB, five kept); returns the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "warroom.log"
    if not any(getattr(h, "baseFilename", None) == str(path) for h in LOG.handlers):
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
    return path
