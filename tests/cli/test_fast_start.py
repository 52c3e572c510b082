"""The command line starts fast: `--help` and the parser load none of the heavy libraries;
each command loads only what it uses."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sqlalchemy", "numpy", "PySide6", "pyqtgraph", "cryptography", "alembic", "openpyxl")

PROBE = """
import contextlib, io, json, sys
from warroom.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(sys.argv[1:])
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & set(%r))))
"""


def _loaded(*argv: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_loads_no_heavy_library() -> None:
    """Pass: `warroom --help` and `warroom whales --help` import none of SQLAlchemy, numpy,
    Qt, pyqtgraph, cryptography, Alembic or openpyxl (they made --help take over a second)."""
    assert _loaded("--help") == []
    assert _loaded("whales", "--help") == []


def test_a_listing_loads_the_store_but_not_qt_or_the_crypto(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WARROOM_HOME", str(tmp_path))
    loaded = _loaded("whales")
    assert "sqlalchemy" in loaded
    assert not {"PySide6", "pyqtgraph", "cryptography", "openpyxl"} & set(loaded)
