"""Cadences driven as a rep would: do a step with one key, edit a template, enrol."""

from __future__ import annotations

from PySide6.QtCore import Qt

from warroom.paths import DataFolder
from warroom.services.book import Book
from warroom.services.cadences import Cadences
from warroom.store.db import open_store


def _cadences_view(qtbot, window, runner):
    window.show_section("Cadences")
    view = window.sections["Cadences"]
    qtbot.waitUntil(lambda: runner.idle and view.editor.chooser.count() > 0)
    return view


def _templates(home: DataFolder):
    store = open_store(home.book)
    found = Cadences(Book(store)).templates()
    store.close()
    return found


def test_d_does_the_selected_step_and_it_leaves_the_queue(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    view = _cadences_view(qtbot, window, runner)
    assert view.due, "the demo book has steps due for its rep"
    step_id = view.selected_step()
    assert step_id is not None
    view.queue.setFocus()
    qtbot.keyClick(view.queue, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: runner.idle and step_id not in [i.step_id for i in view.due])


def test_a_template_is_edited_reordered_and_saved(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    view = _cadences_view(qtbot, window, runner)
    qtbot.keyClick(view.queue, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    editor = view.editor
    assert editor.isVisible()
    editor.chooser.setCurrentIndex(editor.chooser.findText("Trigger strike"))
    first, second = editor.entered_steps()[:2]  # both on day 0
    editor.steps.setCurrentRow(0)
    editor.steps.setFocus()
    qtbot.keyClick(editor.steps, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert [s.id for s in editor.entered_steps()[:2]] == [second.id, first.id]
    editor.steps.setCurrentRow(4)
    editor.offset.setValue(0)  # the last step would now come before the one above it
    editor.save()
    assert "comes before" in editor.error.text()
    editor.offset.setValue(7)
    editor.add_step()
    editor.offset.setValue(9)
    editor.channel.setCurrentIndex(editor.channel.findData("video_sent"))
    editor.instruction.setText("Send a 60-second video")
    editor.save()
    qtbot.waitUntil(lambda: runner.idle)
    [saved] = [t for t in _templates(demo_home) if t.name == "Trigger strike"]
    assert len(saved.steps) == 6 and saved.steps[-1].channel == "video_sent"
    assert [s.id for s in saved.steps[:2]] == [second.id, first.id]  # ids kept, order saved


def test_a_new_template_needs_a_name_and_steps(
    qtbot, demo_home: DataFolder, open_window, runner
) -> None:
    window = open_window(demo_home)
    view = _cadences_view(qtbot, window, runner)
    editor = view.editor
    editor.new_template()
    editor.name.setText("")
    editor.save()
    assert "needs a name" in editor.error.text()
    editor.name.setText("Coffee first")
    editor.save()
    qtbot.waitUntil(lambda: runner.idle)
    assert "Coffee first" in [t.name for t in _templates(demo_home)]


def test_enrolling_from_the_dialog(qtbot, demo_home: DataFolder, open_window, runner) -> None:
    window = open_window(demo_home)
    view = _cadences_view(qtbot, window, runner)
    before = len(view.enrolments._rows)
    qtbot.keyClick(view.queue, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    actions = window.whale_actions
    qtbot.waitUntil(
        lambda: (
            actions.dialog is not None
            and actions.dialog.isVisible()
            and actions.dialog.people.count() > 0
        )
    )
    dialog = actions.dialog
    for row in range(dialog.people.count()):
        dialog.people.item(row).setCheckState(Qt.CheckState.Unchecked)
    dialog.accept()
    assert "Tick at least one" in dialog.error.text()
    dialog.people.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    qtbot.waitUntil(lambda: runner.idle and len(view.enrolments._rows) >= before)
