"""Triggers, Reviews and Team as a lead would use them."""

from __future__ import annotations

from PySide6.QtCore import Qt

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
    # "Heat added" says what its figure is, on its header and its cells, not the figure again.
    added = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)].index(
        "Heat added"
    )
    tip = Qt.ItemDataRole.ToolTipRole
    assert "left to gain" in view.model.headerData(added, Qt.Orientation.Horizontal, tip)
    assert "left to gain" in view.model.index(0, added).data(tip)


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


def test_the_lessons_stay_readable_on_a_narrow_window(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    view = _section(qtbot, window, runner, "Reviews")
    window.resize(1000, 800)
    table = view.lessons
    # The team's own words keep a readable share of the width (they had been squeezed to a
    # few pixels by the columns fitted to their words), and their rows grow to hold them.
    qtbot.waitUntil(lambda: table.columnWidth(5) >= table.viewport().width() // 8)
    assert table.columnWidth(6) >= table.viewport().width() // 8
    qtbot.waitUntil(lambda: table.rowHeight(0) >= table.sizeHintForRow(0))


def test_win_chance_shows_in_the_list_the_page_and_reviews(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    """Pass: on the demo (two years of closed deals) the list shows a win chance for each
    open deal, the page of the first whale Down selects says why, and Reviews shows the
    back-test's verdict, a line per horizon and the reliability diagram."""
    window = open_window(demo_home)
    whales = _section(qtbot, window, runner, "Whales")
    model = whales.model
    column = [name for name, _ in model.COLUMNS].index("Win chance")
    shown = [model.index(row, column).data() for row in range(model.rowCount())]
    assert sum(text.endswith("%") for text in shown) >= 40
    whales.table.setFocus()
    qtbot.keyClick(whales.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: whales.page is not None and runner.idle)
    summary = whales.page.decay.summary
    qtbot.waitUntil(lambda: "Win chance" in summary.text())
    assert "past deals" in summary.text()
    reviews = _section(qtbot, window, runner, "Reviews")
    qtbot.waitUntil(lambda: "Decay truth." in reviews.truth.text())
    assert "60 days before close" in reviews.truth.text()
    assert reviews.truth_chart is not None
    # Each chart's title is its legend: the outcomes and the horizons in their colours.
    title = reviews.truth_chart.getPlotItem().titleLabel.text
    assert "days before close" in title and "rgb(255, 127, 14)" in title
    assert "rgb(200, 50, 50)" in reviews.chart.getPlotItem().titleLabel.text


def test_the_review_dialog_names_the_whale_and_keeps_the_primary_out_of_also(qtbot) -> None:
    """Pass: the dialog's body names the whale (a title bar is not always there), and the
    reason chosen first is not offered again under Also; choosing another gives it back."""
    from PySide6.QtWidgets import QLabel

    from warroom.domain.kinds import REVIEW_REASONS
    from warroom.ui.dialogs.close_deal import CloseDealDialog

    dialog = CloseDealDialog("Globex & Sons", outcome_fixed="lost")
    qtbot.addWidget(dialog)
    assert any("Globex &amp; Sons" in label.text() for label in dialog.findChildren(QLabel))
    dialog.secondary["price"].setChecked(True)
    dialog.primary.setCurrentIndex(REVIEW_REASONS.index("price"))
    assert not dialog.secondary["price"].isEnabled()
    assert not dialog.secondary["price"].isChecked()
    assert all(box.isEnabled() for reason, box in dialog.secondary.items() if reason != "price")
    dialog.primary.setCurrentIndex(REVIEW_REASONS.index("product"))
    assert dialog.secondary["price"].isEnabled() and not dialog.secondary["product"].isEnabled()
