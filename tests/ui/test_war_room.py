"""The war room on a big screen: enters full screen, pages with clicker keys, renders every
slide at 1920x1080, leaves with Esc and keeps the session's notes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.store.db import open_store
from warroom.ui.war_room.window import type_size


def test_type_is_sized_from_the_screen() -> None:
    assert type_size(768) < type_size(1080) < type_size(2160)
    assert type_size(2160) == 2 * type_size(1080)


def _start(qtbot, window, runner):
    window.start_war_room()
    qtbot.waitUntil(
        lambda: (
            runner.idle
            and getattr(window, "war_room", None) is not None
            and window.war_room.deck is not None
        )
    )
    return window.war_room


def test_keys_page_through_the_slides_and_esc_leaves_with_the_notes(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    room = _start(qtbot, window, runner)
    assert room.isFullScreen()
    count = room.stack.count()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
        qtbot.keyClick(room, key)
    assert room.index == 3
    qtbot.keyClick(room, Qt.Key.Key_PageUp)
    qtbot.keyClick(room, Qt.Key.Key_End)
    assert room.index == count - 1
    qtbot.keyClick(room, Qt.Key.Key_Right)  # stays on the last slide
    assert room.index == count - 1
    qtbot.keyClick(room, Qt.Key.Key_Home)
    assert room.index == 0 and f"1 / {count}" in room.footer.text()
    qtbot.keyClick(room, Qt.Key.Key_N)
    assert room.notes.isVisible()
    qtbot.keyClicks(room.notes, "Elena owns the on-site at Globex")
    qtbot.keyClick(room.notes, Qt.Key.Key_Escape)  # leaves the notes first
    qtbot.keyClick(room, Qt.Key.Key_Escape)  # closes (and deletes) the window
    qtbot.waitUntil(lambda: runner.idle)
    store = open_store(demo_home.book)
    from warroom.store import queries

    with store.transaction() as session:
        from datetime import UTC, datetime

        meeting = queries.last_meeting_before(session, datetime.now(UTC))
    store.close()
    assert meeting is not None and meeting[1] == "Elena owns the on-site at Globex"


def test_r_shows_one_rep_at_a_time(qtbot, demo_home: DataFolder, open_window, runner) -> None:
    window = open_window(demo_home)
    room = _start(qtbot, window, runner)
    qtbot.keyClick(room, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: runner.idle and room.deck.rep_id is not None)
    store = open_store(demo_home.book)
    names = [rep.name for rep in Book(store).reps()]
    store.close()
    assert room.deck.rep_name in names and room.deck.rep_name in room.footer.text()
    qtbot.keyClick(room, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: runner.idle)


def test_every_slide_renders_at_1920x1080(
    qtbot, demo_home: DataFolder, open_window, runner, tmp_path: Path
) -> None:
    window = open_window(demo_home)
    room = _start(qtbot, window, runner)
    room.showNormal()
    room.resize(1920, 1080)
    for index in range(room.stack.count()):
        room.go(index)
        picture = room.grab()
        assert (picture.width(), picture.height()) == (1920, 1080)
        assert picture.save(str(tmp_path / f"slide{index}.png"))
    texts = [page.text() for page in room.pages]
    assert all("<h1>" in text for text in texts)
    assert room.ocean is not None and room.ocean.points
    qtbot.keyClick(room, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: runner.idle)


def test_a_session_left_with_esc_is_listed_with_its_notes_and_prints_as_a_record(
    qtbot, demo_home: DataFolder, open_window, runner, tmp_path: Path
) -> None:
    """Pass: the War room section says no session is held yet; after a session (N, notes,
    Esc, Esc) it lists the session with its notes and what moved, and Reports prints the
    session's one-page record holding the notes."""
    window = open_window(demo_home)
    window.show_section("War room")
    view = window.sections["War room"]
    qtbot.waitUntil(lambda: runner.idle)
    assert view.sessions_empty.isVisible() and not view.sessions_table.isVisible()
    room = _start(qtbot, window, runner)
    qtbot.keyClick(room, Qt.Key.Key_N)
    qtbot.keyClicks(room.notes, "Chloe takes Meridian")
    qtbot.keyClick(room.notes, Qt.Key.Key_Tab)  # on to who is here, everyone ticked
    assert room.here.hasFocus() and room.here.count() == 6
    page = room.index
    qtbot.keyClick(room.here, Qt.Key.Key_Down)  # Up and Down move between reps
    qtbot.keyClick(room.here, Qt.Key.Key_Down)
    qtbot.keyClick(room.here, Qt.Key.Key_Up)
    assert room.here.currentRow() == 1 and room.index == page  # the slides stay
    away = room.here.item(1).text()
    qtbot.keyClick(room.here, Qt.Key.Key_Space)  # the second rep is not here
    qtbot.keyClick(room.here, Qt.Key.Key_Escape)
    qtbot.keyClick(room, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: runner.idle and view.sessions.rowCount() == 1)
    assert view.sessions_table.isVisible() and not view.sessions_empty.isVisible()
    assert view.sessions.index(0, 3).data() == "Chloe takes Meridian"
    assert view.sessions.index(0, 1).data()  # what moved, in words
    there = view.sessions.index(0, 2).data()
    assert away not in there and there.count(", ") == 4
    window.show_section("Reports")
    reports = window.sections["Reports"]
    reports.kind.setCurrentIndex(reports.kind.findData("meeting"))
    out = tmp_path / "session.pdf"
    reports.export(str(out))
    qtbot.waitUntil(lambda: runner.idle and out.exists(), timeout=20_000)
    from tests.ui.test_reports import pdf_pages, pdf_text

    assert "Chloe takes Meridian" in pdf_text(out) and pdf_pages(out) == 1


def test_with_the_notes_open_the_top_ten_fits_its_page_at_1920x1080(
    qtbot, demo_home: DataFolder, open_window, runner, monkeypatch
) -> None:
    """Pass: at a 1920x1080 screen's type, N takes a quarter of the room for the notes and
    the top ten's slide shrinks its type to show all ten (it showed eight, and a scrollbar
    no one can reach across the room); N again gives the slide its full type back."""
    from warroom.ui.war_room import window as room_window

    monkeypatch.setattr(room_window, "type_size", lambda height: type_size(1080))
    window = open_window(demo_home)
    room = _start(qtbot, window, runner)
    room.showNormal()
    room.resize(1920, 1080)
    qtbot.waitUntil(lambda: room.size().height() == 1080)
    qtbot.keyClick(room, Qt.Key.Key_Right)  # the top ten
    page = room.stack.currentWidget()
    label = page.widget()
    assert label.text().count("<tr") == 11  # its heading row and ten whales
    full = label.font().pixelSize()
    qtbot.keyClick(room, Qt.Key.Key_N)
    assert room.notes.isVisible()
    # The scroll area takes its label's new size at its next layout pass.
    qtbot.waitUntil(lambda: label.height() <= page.viewport().height(), timeout=1000)
    assert page.verticalScrollBar().maximum() == 0
    assert label.font().pixelSize() < full
    qtbot.keyClick(room.notes, Qt.Key.Key_Escape)
    qtbot.keyClick(room, Qt.Key.Key_N)  # the notes away
    assert not room.notes.isVisible() and label.font().pixelSize() == full
    qtbot.keyClick(room, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: runner.idle)
