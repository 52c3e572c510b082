"""A trigger's source link opens only on the web or in mail: a file: or program link in a book
(from before links were checked, or a teammate's synced one) is refused, never handed on."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from warroom.paths import DataFolder

SOURCE = 6  # the column whose double-click opens the link

UNSAFE = "file:///etc/passwd"
SAFE = "https://example.com/news"


def _links(folder: DataFolder) -> None:
    """Every other trigger gets the unsafe link, the rest the safe one, written straight into
    the file as an old book would hold them."""
    with sqlite3.connect(folder.book) as db:
        db.execute(
            "UPDATE triggers SET source_url = CASE WHEN rowid % 2 THEN ? ELSE ? END", (UNSAFE, SAFE)
        )
    db.close()


@pytest.mark.parametrize(("url", "opened"), [(UNSAFE, False), (SAFE, True)])
def test_double_clicking_a_source_opens_only_web_links(
    qtbot, demo_home: DataFolder, open_window, runner, monkeypatch, url: str, opened: bool
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda link: calls.append(link.toString()))
    _links(demo_home)
    window = open_window(demo_home)
    window.show_section("Triggers")
    view = window.sections["Triggers"]
    qtbot.waitUntil(lambda: runner.idle and view.model.rowCount() > 0)
    row = next(
        r for r in range(view.model.rowCount()) if view.model.record(r).trigger.source_url == url
    )
    index = view.model.index(row, SOURCE)
    view.table.scrollTo(index)
    cell = view.table.visualRect(index).center()
    # A double-click as the mouse sends it: a click, then the second press that makes it double.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    if opened:
        assert calls == [url]
    else:
        assert calls == []
        message = window.statusBar().currentMessage()
        assert message.startswith("Not opened") and "file:///etc/passwd" in message
