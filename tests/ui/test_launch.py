"""The real start-up path: window first, book opened on the worker, refusal on a bad book."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from warroom.paths import DataFolder
from warroom.ui.launch import run


def test_the_app_opens_on_the_demo_book_and_saves_a_picture(
    demo_home: DataFolder, tmp_path: Path
) -> None:
    picture = tmp_path / "window.png"
    assert run(demo_home, screenshot=picture) == 0
    assert picture.stat().st_size > 10_000


def test_a_book_that_is_not_ours_is_refused_with_a_message(
    home: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.ensure().book.write_text("a shopping list")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    assert run(home, screenshot=tmp_path / "never.png") == 2
    assert "not a War Room book" in shown[0]
    assert home.book.read_text() == "a shopping list"


def test_the_window_code_does_not_load_the_database_layer_at_start() -> None:
    # The window is shown before SQLAlchemy (and pyqtgraph) load: keep it so (benchmarks).
    import subprocess
    import sys

    code = (
        "import sys, warroom.ui.launch; "
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'pyqtgraph') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
