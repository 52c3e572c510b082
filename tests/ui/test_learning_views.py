"""Triggers, Reviews and Team as a lead would use them."""

from __future__ import annotations

from warroom.paths import DataFolder


def _section(qtbot, window, runner, name):
    window.show_section(name)
    view = window.sections[name]
    qtbot.waitUntil(lambda: runner.idle and view.model.rowCount() > 0)
    return view


def test_the_unanswered_filter_keeps_only_unanswered(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    view = _section(qtbot, window, runner, "Triggers")
    view.unanswered.setChecked(True)
    qtbot.waitUntil(lambda: runner.idle)
    rows = [view.model.record(r) for r in range(view.model.rowCount())]
    assert rows and all(not item.answered for item in rows)


def test_the_team_shows_each_reps_phase_and_pillars(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    view = _section(qtbot, window, runner, "Team")
    assert view.model.rowCount() == 6
    assert "phase" in view.pillars.text() and "daily ritual" in view.pillars.text()
    assert view.model.index(0, 3).data().endswith(("= 0", "= 1"))


def test_reviews_list_lessons_and_the_deals_waiting(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    view = _section(qtbot, window, runner, "Reviews")
    assert view.waiting.rowCount() > 0 and "wait for their review" in view.waiting_label.text()
    assert view.chart is not None
