"""The decay chart, the what-if and the ocean, driven as a rep would."""

from __future__ import annotations

from datetime import date

import pytest

from warroom.paths import DataFolder
from warroom.ui.views.whale_detail import next_weekday


def _open_detail(qtbot, window, runner, pick):
    window.show_section("Whales")
    view = window.whales
    model = view.model
    row = next(r for r in range(model.rowCount()) if pick(model._shown[r]))
    view.table.selectRow(row)
    qtbot.waitUntil(
        lambda: runner.idle and view.page is not None and view.page.decay.report is not None
    )
    return model._shown[row], view.page.decay


def test_next_tuesday_is_never_today() -> None:
    assert next_weekday(date(2026, 11, 23), 2) == date(2026, 11, 24)  # a Monday
    assert next_weekday(date(2026, 11, 24), 2) == date(2026, 12, 1)  # a Tuesday


def test_opening_a_whale_explains_its_heat(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    whale, detail = _open_detail(qtbot, window, runner, lambda w: w.heat > 0.3)
    report = detail.report
    assert report.whale_id == whale.id
    assert report.heat == pytest.approx(whale.heat, abs=1e-3)  # a little time passed between
    assert f"{report.heat:.2f}" in detail.summary.text()
    assert detail.explanation.rowCount() == len(report.explanation.contributions) > 0
    assert "half-life" in detail.summary.text()


def test_a_planned_onsite_lifts_a_sinking_whale_and_can_be_taken_back(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    _whale, detail = _open_detail(
        qtbot, window, runner, lambda w: w.sinking and w.deal_size and w.touch_count
    )
    assert "Add planned touches" in detail.what_if.text()
    tuesday = next_weekday(detail.report.at.date(), 2)
    detail.add_planned("onsite", tuesday)
    projection = detail.chart.projection
    assert projection is not None and projection.sinks_at is not None
    assert projection.sinks_at.date() > tuesday
    assert "With these touches it sinks in" in detail.what_if.text()
    assert "without them it" in detail.what_if.text()
    detail.planned_list.setCurrentRow(0)
    detail._on_remove_planned()
    assert detail.planned_list.count() == 0
    assert "Add planned touches" in detail.what_if.text()


def test_a_planned_touch_can_be_saved(qtbot, demo_home: DataFolder, open_window, runner) -> None:
    window = open_window(demo_home)
    _whale, detail = _open_detail(qtbot, window, runner, lambda w: w.touch_count > 0)
    tuesday = next_weekday(detail.report.at.date(), 2)
    detail.add_planned("meeting", tuesday)
    qtbot.mouseClick(detail.save, qtbot_button())
    qtbot.waitUntil(
        lambda: runner.idle and detail.report is not None and len(detail.report.planned) == 1
    )
    assert detail.report.planned[0].kind == "meeting"
    assert detail.report.planned[0].due_on == tuesday
    assert "Planned: Meeting" in detail.summary.text()
    assert "Saved" in detail.status.text()
    shown = detail.report.whale_id
    other = next(w for w in window.whales.model.all_whales if w.id != shown)
    detail.load(other.id)  # another whale's chart: what was saved was said of the first
    qtbot.waitUntil(lambda: runner.idle and detail.report.whale_id == other.id)
    assert detail.status.text() == ""


def test_weighted_value_rescales_the_chart(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    whale, detail = _open_detail(qtbot, window, runner, lambda w: w.deal_size > 0)
    detail.weighted.setChecked(True)
    top = detail.chart.plot.getPlotItem().viewRange()[1][1]
    assert top == pytest.approx(whale.deal_size * 1.05, rel=0.01)
    detail.weighted.setChecked(False)
    assert detail.chart.plot.getPlotItem().viewRange()[1][1] == pytest.approx(1.05, rel=0.01)


def _ocean(qtbot, window):  # type: ignore[no-untyped-def]
    """The Ocean section, shown with its whales drawn."""
    window.show_section("Ocean")
    ocean = window.sections["Ocean"]
    qtbot.waitUntil(lambda: ocean.chart is not None and bool(ocean.chart.points))
    return ocean


def test_the_ocean_shows_every_sized_whale_and_a_click_opens_it(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    ocean = _ocean(qtbot, window)
    whales = window.whales.model._all
    assert len(ocean.chart.points) == sum(1 for w in whales if w.deal_size > 0)
    sunk = [p for p in ocean.chart.points if p.colour == 2]
    never = [p for p in ocean.chart.points if p.colour == 3]
    assert never and all(p.whale.heat == 0 for p in never)  # grey, not red as if long sunk
    assert all(p.whale.heat > 0 for p in sunk)
    assert sunk and all(p.x <= 0 for p in sunk)
    target = ocean.chart.points[0]
    ocean.chart.whale_clicked.emit(target.whale_id)
    assert window.current_section == "Whales"
    qtbot.waitUntil(
        lambda: (
            runner.idle
            and window.whales.page.decay is not None
            and window.whales.page.decay.report is not None
        )
    )
    assert window.whales.page.decay.report.whale_id == target.whale_id


def test_the_ocean_can_show_one_rep(qtbot, demo_home: DataFolder, open_window, runner) -> None:
    window = open_window(demo_home)
    ocean = _ocean(qtbot, window)
    team = len(ocean.chart.points)
    ocean.rep.setCurrentIndex(1)
    rep_id = ocean.rep.currentData()
    mine = [w for w in window.whales.model._all if w.owner_id == rep_id and w.deal_size]
    assert 0 < len(ocean.chart.points) == len(mine) < team


def test_a_printed_ocean_spans_its_whales_and_the_apps_stays_fixed(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    from warroom.ui.charts.ocean_chart import DEPTH_DAYS, HORIZON_DAYS

    window = open_window(demo_home)
    ocean = _ocean(qtbot, window)
    chart = ocean.chart
    fixed = chart.plot.getPlotItem().viewRange()[0]
    assert fixed == pytest.approx([-DEPTH_DAYS - 10, HORIZON_DAYS + 10])
    chart.fit_days()  # what the weekly PDF does before it prints the chart
    low, high = chart.plot.getPlotItem().viewRange()[0]
    xs = [p.x for p in chart.points]
    assert low < min(xs) and max(xs) < high and low < 0 < high
    assert high - low < fixed[1] - fixed[0]
    # ... and numbers the whales listed above it on their bubbles (a page has no tips).
    import pyqtgraph as pg

    listed = [p.whale_id for p in chart.points[:3]]
    chart.number([*listed, "not-on-the-chart"])
    marks = [i for i in chart.plot.getPlotItem().items if isinstance(i, pg.TextItem)]
    numbers = sorted(m.textItem.toPlainText() for m in marks if m.textItem.toPlainText().isdigit())
    assert numbers == ["1", "2", "3"]


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
