"""The action table holds: every row has a journey test, is bound once in the window, shows in
F1 and the README, and no two keys (shortcuts or Alt mnemonics) collide on any screen."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QTabBar,
    QWidget,
)

from warroom.paths import DataFolder
from warroom.ui import actions
from warroom.ui.actions import ACTIONS, GO_KEYS, SECTIONS, Scope

ROOT = Path(__file__).parents[2]
_MNEMONIC = re.compile(r"&([^&\s])")


def test_every_row_of_the_table_has_a_journey_test() -> None:
    pressed = set()
    for path in (ROOT / "tests" / "ui").glob("test_journeys_*.py"):
        pressed |= set(re.findall(r'@pytest\.mark\.action\("(\w+)"\)', path.read_text()))
    missing = sorted({spec.name for spec in ACTIONS} - pressed)
    assert not missing, f"rows with no journey test: {missing}"
    unknown = sorted(pressed - {spec.name for spec in ACTIONS})
    assert not unknown, f"journeys of rows the table does not have: {unknown}"


def test_the_readme_key_table_is_the_action_table() -> None:
    readme = (ROOT / "README.md").read_text()
    assert actions.markdown() in readme, (
        "README.md's key table differs from warroom/ui/actions.py; paste this:\n\n"
        + actions.markdown()
    )


def _mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text)
    return f"Alt+{found.group(1).upper()}" if found else None


def _keys_of(action: QAction) -> list[str]:
    return [s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()]


def _widgets_of(action: QAction) -> list[QWidget]:
    return [w for w in action.associatedObjects() if isinstance(w, QWidget)]


def _visible_mnemonics(top: QWidget) -> dict[str, list[str]]:
    """Alt+letter -> what it belongs to, for widgets shown now in this window."""
    found: dict[str, list[str]] = defaultdict(list)
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not top:
            continue
        texts: list[str] = []
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(
            widget, QAbstractButton
        ):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        for text in texts:
            key = _mnemonic(text)
            if key:
                found[key].append(text.replace("&", ""))
    return found


def _clashes(top: QWidget) -> list[str]:
    """Keys that two things on this screen would answer at once."""
    window_keys: dict[str, set[str]] = defaultdict(set)
    for key, owners in _visible_mnemonics(top).items():
        window_keys[key] |= set(owners)
    focus_actions: list[tuple[QAction, list[QWidget]]] = []
    for action in {a for a in top.findChildren(QAction) if a.objectName() in actions.BY_NAME}:
        shown = [w for w in _widgets_of(action) if w.isVisible() and w.window() is top]
        if not shown or not action.isEnabled():
            continue
        if action.shortcutContext() == Scope.FOCUS.value:
            focus_actions.append((action, shown))
        else:
            for key in _keys_of(action):
                window_keys[key].add(action.objectName())
    problems = [
        f"{key}: {sorted(owners)}" for key, owners in window_keys.items() if len(owners) > 1
    ]
    for n, (action, widgets) in enumerate(focus_actions):
        for key in _keys_of(action):
            if window_keys.get(key):
                problems.append(f"{key}: {action.objectName()} and {sorted(window_keys[key])}")
            for other, others in focus_actions[n + 1 :]:
                nested = any(
                    a.isAncestorOf(b) or b.isAncestorOf(a) or a is b
                    for a in widgets
                    for b in others
                )
                if nested and key in _keys_of(other) and other.objectName() != action.objectName():
                    problems.append(f"{key}: {action.objectName()} and {other.objectName()}")
    return problems


def _menu_mnemonics(window) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    found: dict[str, list[str]] = defaultdict(list)
    for action in window.menuBar().actions():
        key = _mnemonic(action.text())
        if key:
            found[key].append(action.text())
    return found


def test_no_two_keys_collide_on_any_screen(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    menus = _menu_mnemonics(window)
    assert all(len(v) == 1 for v in menus.values()), menus
    problems: list[str] = []

    def look(where: str) -> None:
        found = _clashes(window)
        for key, owners in menus.items():
            mine = _visible_mnemonics(window).get(key, [])
            if mine:
                found.append(f"{key}: menu {owners} and {mine}")
        problems.extend(f"{where}: {p}" for p in found)

    for name in SECTIONS:
        keyboard.press(GO_KEYS[SECTIONS.index(name)])
        qtbot.waitUntil(lambda: runner.idle)
        look(name)
    assert _visible_mnemonics(window), "the check sees the window's mnemonics"
    keyboard.press("Ctrl+F", "Down")
    page = window.whales.page
    qtbot.waitUntil(lambda: runner.idle and page is not None and page.page is not None)
    for key in ("Alt+1", "Alt+2", "Alt+3", "Alt+4"):
        keyboard.press(key)
        look(f"whale page {key}")
    keyboard.press("Ctrl+4")
    for key in ("Alt+1", "Alt+2", "Alt+3", "Alt+4"):
        keyboard.press(key)
        look(f"Cadences {key}")
    assert not problems, "\n".join(problems)


def test_no_two_keys_collide_in_any_dialog(qapp) -> None:
    from datetime import UTC, date, datetime, time

    from warroom.domain.decay_settings import DecaySettings
    from warroom.domain.records import TeamSettings, Trigger, WhaleChoice, WhaleSummary
    from warroom.domain.whales import Stakeholder
    from warroom.ui.dialogs.close_deal import CloseDealDialog
    from warroom.ui.dialogs.enrol import EnrolDialog
    from warroom.ui.dialogs.log_touch import LogTouchDialog
    from warroom.ui.dialogs.settings import SettingsDialog
    from warroom.ui.dialogs.stakeholder import StakeholderDialog
    from warroom.ui.dialogs.team import TeamDialog
    from warroom.ui.dialogs.trigger import TriggerDialog
    from warroom.ui.dialogs.welcome import WelcomeDialog
    from warroom.ui.views.today import SwapDialog

    now = datetime(2026, 11, 23, tzinfo=UTC)
    whales = [WhaleChoice("w1", "Globex", None)]
    summary = WhaleSummary("w1", "Globex", "", None, "", 0, "USD", "", "", False, 0, None, None)
    person = Stakeholder("", "w1", "", "", "influencer", 3, 1, "", "", False, "")
    dialogs = [
        LogTouchDialog(whales, "w1", None, now, lambda _w, _d: None),
        TriggerDialog(whales, Trigger("", "w1", "other", now, "", "")),
        EnrolDialog(whales, [], "w1", None, date(2026, 11, 23), lambda _w, _d: None),
        CloseDealDialog("Globex"),
        StakeholderDialog(person),
        SettingsDialog(
            None,
            [],
            TeamSettings("", "USD", time(12)),
            DecaySettings(),
            (True, time(11)),
            "system",
            "UTC",
        ),
        WelcomeDialog("UTC"),
        TeamDialog(joining=True),
        SwapDialog(summary, [summary]),
    ]
    problems = []
    for dialog in dialogs:
        dialog.show()
        tabs = dialog.findChildren(QTabBar)
        for index in range(max((t.count() for t in tabs), default=1)):
            for bar in tabs:
                bar.setCurrentIndex(min(index, bar.count() - 1))
            for key, owners in _visible_mnemonics(dialog).items():
                if len(owners) > 1:
                    problems.append(f"{dialog.windowTitle()}: {key}: {owners}")
        dialog.close()
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_bound_row_is_one_qaction_in_the_window(
    qtbot, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    window = open_window(demo_home)
    # A section binds its keys when it is built, the first time it is shown: visit each.
    for key in GO_KEYS:
        keyboard.press(key)
    qtbot.waitUntil(lambda: runner.idle and len(window.sections.built()) == len(SECTIONS))
    keyboard.press("Ctrl+F", "Down")
    qtbot.waitUntil(lambda: runner.idle and window.whales.page is not None)
    keyboard.press("Ctrl+Shift+D")  # the duplicates dialog (the window's child) binds a key
    qtbot.waitUntil(lambda: runner.idle and getattr(window, "duplicates", None) is not None)
    keyboard.press("Esc")
    keyboard.press("Ctrl+Shift+C")  # the close dialog binds Ctrl+Return (the whale's page is open)
    qtbot.waitUntil(lambda: window.whale_actions.dialog is not None)
    qtbot.waitUntil(window.whale_actions.dialog.isVisible)
    keyboard.press("Esc")  # the dialog stays the window's child until another replaces it
    keyboard.press("F11")
    qtbot.waitUntil(lambda: runner.idle and getattr(window, "war_room", None) is not None)
    bound: dict[str, int] = defaultdict(int)
    for top in (window, window.war_room):
        for action in top.findChildren(QAction):
            if action.objectName() in actions.BY_NAME:
                bound[action.objectName()] += 1
    wanted = {spec.name for spec in ACTIONS if spec.bound}
    assert set(bound) == wanted
    assert {name: n for name, n in bound.items() if n != 1} == {}
    window.war_room.close()
    qtbot.waitUntil(lambda: runner.idle)


def test_a_menu_item_runs_with_the_checked_argument_qt_sends(
    qtbot, home: DataFolder, open_window
) -> None:
    """QAction.triggered sends `checked`; no slot may take it for one of its own arguments
    (Ctrl+N once received False as the whale's name)."""
    window = open_window(home)
    [new_whale] = [a for a in window.menu_actions() if a.objectName() == "new_whale"]
    new_whale.trigger()  # emits triggered(checked=False), as a click or the key does
    qtbot.waitUntil(lambda: window.whale_actions.dialog is not None)
    assert window.whale_actions.dialog.windowTitle() == "New whale"
    window.whale_actions.dialog.reject()


def test_every_item_model_passes_qts_checks_once_loaded(
    qtbot, qtmodeltester, demo_home: DataFolder, open_window, runner, keyboard
) -> None:
    from PySide6.QtCore import QAbstractItemModel

    window = open_window(demo_home)
    for name in SECTIONS:
        keyboard.press(GO_KEYS[SECTIONS.index(name)])
        qtbot.waitUntil(lambda: runner.idle)
    keyboard.press("Ctrl+F", "Down")
    qtbot.waitUntil(lambda: runner.idle and window.whales.page is not None)
    qtbot.waitUntil(lambda: runner.idle)
    ours = [
        model
        for model in window.findChildren(QAbstractItemModel)
        if type(model).__module__.startswith("warroom.")
    ]
    assert len(ours) >= 10
    for model in ours:
        qtmodeltester.check(model)


def _close_everything_but(window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QDialog

    for top in QApplication.topLevelWidgets():
        if top is not window and top.isVisible():
            if isinstance(top, QDialog):
                top.reject()
            else:
                top.close()


def test_every_key_in_an_empty_book_does_something_sensible(
    qtbot, home: DataFolder, open_window, runner, keyboard
) -> None:
    """Pass: every key of the table, pressed on an empty book with nothing selected, opens its
    dialog or says why not; none raises (pytest-qt fails the test on any exception)."""
    window = open_window(home)
    for spec in ACTIONS:
        if not spec.keys or not spec.bound or spec.name == "quit":
            continue
        for key in spec.keys:
            window.activateWindow()
            keyboard.press(key)
            qtbot.waitUntil(lambda: runner.idle)
            _close_everything_but(window)
            qtbot.waitUntil(lambda: runner.idle)
    assert window.isVisible()


def test_keys_pressed_while_the_book_opens_are_answered_once_it_is_open(
    qtbot, demo_home: DataFolder, runner, keyboard
) -> None:
    import threading
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from warroom.services.open_book import OpenBook
    from warroom.ui.main_window import MainWindow

    window = MainWindow(runner, demo_home, ZoneInfo("UTC"), first_run=False)
    window.show()
    window.activateWindow()
    gate = threading.Event()
    runner.run(gate.wait)  # a slow disk: the book takes its time to open
    runner.open(lambda: OpenBook.open(demo_home.book, datetime.now(UTC)))
    try:
        assert window.statusBar().currentMessage() == "Opening your book…"
        assert "Opening your book" in window.whales.empty.text()
        keyboard.press("Ctrl+L")
    finally:
        gate.set()
    actions_ = window.whale_actions
    qtbot.waitUntil(lambda: actions_.dialog is not None and actions_.dialog.isVisible())
    assert actions_.dialog.whale.count() == 60
    actions_.dialog.reject()
    qtbot.waitUntil(lambda: runner.idle)
    window.close()
    window.deleteLater()
