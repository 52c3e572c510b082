"""The real start-up path: window first, book opened on the worker, refusal on a bad book."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from warroom.paths import DataFolder


def _run_in_a_process(folder: DataFolder, picture: Path, prelude: str = "") -> tuple[int, str]:
    """Run the real start-up path in its own process: it runs and quits QApplication's event
    loop, after which this process's Qt no longer delivers the suite's queued results."""
    code = (
        "import sys; from pathlib import Path; from warroom.paths import DataFolder; "
        f"{prelude}"
        "from warroom.ui.launch import run; "
        f"sys.exit(run(DataFolder(Path({str(folder.root)!r})), screenshot=Path({str(picture)!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr


def test_the_app_opens_on_the_demo_book_and_saves_a_picture(
    demo_home: DataFolder, tmp_path: Path
) -> None:
    picture = tmp_path / "window.png"
    code, said = _run_in_a_process(demo_home, picture)
    assert code == 0, said
    assert picture.stat().st_size > 10_000


def test_a_book_that_is_not_ours_is_refused_with_a_message(
    home: DataFolder, tmp_path: Path
) -> None:
    home.ensure().book.write_text("a shopping list")
    # The refusal's message box is modal; in a test it prints instead of waiting for a click.
    prelude = (
        "from PySide6.QtWidgets import QMessageBox; "
        "QMessageBox.critical = lambda _p, _t, text: print('SHOWN:', text); "
    )
    code, said = _run_in_a_process(home, tmp_path / "never.png", prelude)
    assert code == 2
    assert "SHOWN:" in said and "not a War Room book" in said
    assert home.book.read_text() == "a shopping list"


def _imported_by_the_window_code(prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of `prefixes` that importing the window code loads."""
    code = (
        "import sys, warroom.ui.launch; "
        f"print('\\n'.join(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return out.split()


def test_the_window_code_does_not_load_the_database_layer_at_start() -> None:
    # The window is shown before SQLAlchemy (and pyqtgraph) load: keep it so (benchmarks).
    assert _imported_by_the_window_code(("sqlalchemy", "alembic", "pyqtgraph")) == []


def test_the_window_code_imports_no_section_nor_dialog_it_does_not_show() -> None:
    # Sections and dialogs are imported when first shown (ui.sections): keep it so.
    assert _imported_by_the_window_code(("warroom.ui.views.", "warroom.ui.dialogs.")) == []


def test_the_book_opens_once_the_window_is_on_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    from warroom.ui.launch import when_exposed

    window = QMainWindow()
    qtbot.addWidget(window)
    calls: list[bool] = []
    window.show()
    when_exposed(window, lambda: calls.append(window.windowHandle().isExposed()))
    assert calls == []  # not while the window is still being put on screen
    qtbot.waitUntil(lambda: bool(calls))
    qtbot.wait(50)
    assert calls == [True]  # once, on screen
