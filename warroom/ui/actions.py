"""Every action of the app in one table: its text, its keys, where it works, and what runs it.

Menus, the toolbar, context menus and F1 are built from this table, and the README's key table
and the journey tests are checked against it, so none of them can drift from what a key does.
A row's `name` is the QAction's object name; the widget that owns the row binds the slot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from warroom.domain.kinds import TOUCH_KEYS, TOUCH_LABELS

ANYWHERE = "Anywhere"
SECTIONS = (
    "Today",
    "Whales",
    "Ocean",
    "Cadences",
    "Triggers",
    "Reviews",
    "Team",
    "War room",
    "Reports",
    "Closet",
    "Pipeline",
)
# Ctrl+1 to Ctrl+0 go to the first ten; the eleventh has a letter of its own.
GO_KEYS = (*(f"Ctrl+{n % 10}" for n in range(1, 11)), "Ctrl+Shift+P")


class Scope(Enum):
    WINDOW = Qt.ShortcutContext.WindowShortcut  # while its widget is on screen
    FOCUS = Qt.ShortcutContext.WidgetWithChildrenShortcut  # while the focus is inside it


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str  # as in a menu, with its & mnemonic
    keys: tuple[str, ...] = ()  # QKeySequence's portable text; the first is the one shown
    where: str = ANYWHERE  # the section or panel it works in
    menu: str | None = None
    toolbar: bool = False
    scope: Scope = Scope.WINDOW
    bound: bool = True  # False: a key a widget handles itself (typing a kind's letter)

    @property
    def label(self) -> str:
        return self.text.replace("&", "").rstrip("…")


def go_name(section: str) -> str:
    """The action that shows a section."""
    return f"go_{section.lower().replace(' ', '_')}"


def _go(key: str, section: str) -> ActionSpec:
    return ActionSpec(go_name(section), section, (key,), menu="Go")


_TABS = ("Alt+1", "Alt+2", "Alt+3", "Alt+4")
ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("settings", "&Settings…", ("Ctrl+,",), menu="File"),
    ActionSpec("import_book", "&Import a book…", ("Ctrl+I",), menu="File"),
    ActionSpec("capture", "&Capture from calendar or mail…", ("Ctrl+Shift+I",), menu="File"),
    ActionSpec("export_csv", "&Export whales as CSV…", ("Ctrl+Shift+E",), menu="File"),
    ActionSpec("print_report", "&Print a report…", ("Ctrl+P",), menu="File"),
    ActionSpec("backup_now", "&Back up now", ("Ctrl+Shift+B",), menu="File"),
    ActionSpec("restore_backup", "&Restore a backup…", menu="File"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), menu="File"),
    # Edit
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), menu="Edit"),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), menu="Edit"),
    ActionSpec("log_touch", "&Log a touch…", ("Ctrl+L",), menu="Edit", toolbar=True),
    ActionSpec("log_trigger", "Log a &trigger…", ("Ctrl+T",), menu="Edit"),
    ActionSpec("enrol", "En&rol in a cadence…", ("Ctrl+E",), menu="Edit"),
    ActionSpec("new_whale", "&New whale…", ("Ctrl+N",), menu="Edit"),
    ActionSpec("delete_whale", "&Delete the whale", ("Ctrl+Del",), menu="Edit"),
    ActionSpec("close_deal", "&Close the deal…", ("Ctrl+Shift+C",), menu="Edit"),
    ActionSpec("hold_whale", "&Hold the whale until a day…", ("Ctrl+Shift+H",), menu="Edit"),
    ActionSpec("find_duplicates", "Find d&uplicates…", ("Ctrl+Shift+D",), menu="Edit"),
    # Go
    ActionSpec("find_whale", "&Find a whale", ("Ctrl+F",), menu="Go"),
    *(_go(key, name) for key, name in zip(GO_KEYS, SECTIONS, strict=True)),
    ActionSpec("war_room", "The &war room (full screen)", ("F11",), menu="Go", toolbar=True),
    # Team
    ActionSpec("sync_now", "&Sync now", ("Ctrl+Shift+S",), menu="Team"),
    ActionSpec("sync_status", "Sync s&tatus…", ("Ctrl+Shift+Y",), menu="Team"),
    ActionSpec("review_conflicts", "&Review conflicts…", menu="Team"),
    ActionSpec("republish", "Re&publish my edits", menu="Team"),
    ActionSpec("create_team", "&Create a team…", menu="Team"),
    ActionSpec("join_team", "&Join a team…", menu="Team"),
    ActionSpec("new_team_key", "New team &key…", menu="Team"),
    ActionSpec("move_team", "&Move the team…", menu="Team"),
    # Help
    ActionSpec("shortcuts", "&Keyboard shortcuts", ("F1", "?"), menu="Help"),
    ActionSpec("about", "&About Whale War Room", menu="Help"),
    # Today
    ActionSpec("today_log", "Log the suggested touch", ("Space",), "Today", scope=Scope.FOCUS),
    ActionSpec("today_log_other", "Log another kind…", ("Return",), "Today", scope=Scope.FOCUS),
    ActionSpec("today_swap", "Swap for another whale…", ("S",), "Today", scope=Scope.FOCUS),
    ActionSpec("today_rebuild", "Plan the day afresh", ("R",), "Today", scope=Scope.FOCUS),
    # Whales
    ActionSpec("filter_to_list", "Into the list", ("Down",), "Whales filter", scope=Scope.FOCUS),
    ActionSpec(
        "open_only_match", "Open the only match", ("Return",), "Whales filter", scope=Scope.FOCUS
    ),
    ActionSpec("clear_filter", "Clear the filter", ("Esc",), "Whales filter", scope=Scope.FOCUS),
    ActionSpec("open_page", "Open the page", ("Return",), "Whales list", scope=Scope.FOCUS),
    ActionSpec(
        "close_page",
        "Close the whale page (list or page)",
        ("Esc",),
        "Whales list",
        scope=Scope.FOCUS,
    ),
    ActionSpec("whale_decay", "Decay", (_TABS[0],), "Whale page"),
    ActionSpec("whale_definition", "Definition", (_TABS[1],), "Whale page"),
    ActionSpec("whale_people", "Stakeholders", (_TABS[2],), "Whale page"),
    ActionSpec("whale_timeline", "Timeline", (_TABS[3],), "Whale page"),
    ActionSpec("save_definition", "Save the definition", ("Ctrl+S",), "Definition"),
    ActionSpec("add_person", "Add a stakeholder…", ("Ins",), "Stakeholders", scope=Scope.FOCUS),
    ActionSpec(
        "edit_person", "Edit the stakeholder…", ("Return",), "Stakeholders", scope=Scope.FOCUS
    ),
    ActionSpec(
        "remove_person", "Remove the stakeholder", ("Del",), "Stakeholders", scope=Scope.FOCUS
    ),
    ActionSpec("delete_touch", "Delete the touch", ("Del",), "Timeline", scope=Scope.FOCUS),
    # Cadences
    ActionSpec("cadence_due", "Due now", (_TABS[0],), "Cadences"),
    ActionSpec("cadence_enrolments", "Enrolments", (_TABS[1],), "Cadences"),
    ActionSpec("cadence_templates", "Templates", (_TABS[2],), "Cadences"),
    ActionSpec("cadence_follow", "Follow-through", (_TABS[3],), "Cadences"),
    ActionSpec("step_do", "Do the step (logs its touch)", ("D", "Space"), "Due now"),
    ActionSpec("step_skip", "Skip the step", ("K",), "Due now"),
    ActionSpec("enrolment_pause", "Pause or resume", ("P",), "Enrolments"),
    ActionSpec("enrolment_stop", "Stop the cadence…", ("X",), "Enrolments"),
    ActionSpec("step_up", "Move the step up", ("Ctrl+Up",), "Templates", scope=Scope.FOCUS),
    ActionSpec("step_down", "Move the step down", ("Ctrl+Down",), "Templates", scope=Scope.FOCUS),
    # Triggers and reviews
    ActionSpec("trigger_edit", "Edit the trigger…", ("Return",), "Triggers", scope=Scope.FOCUS),
    ActionSpec("trigger_delete", "Delete the trigger", ("Del",), "Triggers", scope=Scope.FOCUS),
    ActionSpec("review_write", "Write the review…", ("Return",), "Reviews", scope=Scope.FOCUS),
    # The closet
    ActionSpec("closet_open", "Open the whale", ("Return",), "Closet", scope=Scope.FOCUS),
    ActionSpec(
        "closet_rewarm",
        "Re-warm (enrol its people in the re-warm cadence)",
        ("R",),
        "Closet",
        scope=Scope.FOCUS,
    ),
    ActionSpec("closet_close", "Close as no decision…", ("C",), "Closet", scope=Scope.FOCUS),
    ActionSpec("closet_hold", "Hold until a day, with why…", ("H",), "Closet", scope=Scope.FOCUS),
    ActionSpec("closet_lift", "Lift the hold", ("Del",), "Closet holds", scope=Scope.FOCUS),
    ActionSpec("pipeline_open", "Open the whale", ("Return",), "Pipeline", scope=Scope.FOCUS),
    ActionSpec(
        "merge_pair", "Merge the pair…", ("Return",), "Likely duplicates", scope=Scope.FOCUS
    ),
    # The close dialog: its lesson is typed over lines, where Return starts a new one.
    ActionSpec("close_ok", "Close the deal, from any field", ("Ctrl+Return",), "Close dialog"),
    # The war room (its own full-screen window)
    ActionSpec("slide_next", "Next slide", ("Right", "Down", "PgDown", "Space"), "War room window"),
    ActionSpec(
        "slide_back", "Previous slide", ("Left", "Up", "PgUp", "Backspace"), "War room window"
    ),
    ActionSpec("slide_first", "First slide", ("Home",), "War room window"),
    ActionSpec("slide_last", "Last slide", ("End",), "War room window"),
    ActionSpec("slide_rep", "The next rep alone", ("R",), "War room window"),
    ActionSpec("slide_auto", "Auto-advance on or off", ("A",), "War room window"),
    ActionSpec("slide_notes", "Notes for this session", ("N",), "War room window"),
    ActionSpec("slide_leave", "Leave (the session is kept)", ("Esc", "F11"), "War room window"),
    # Typed in the log-a-touch dialog's kind box; the dialog handles these keys itself.
    ActionSpec(
        "touch_kind",
        "Pick the kind: " + ", ".join(f"{k} {TOUCH_LABELS[v].lower()}" for k, v in TOUCH_KEYS),
        tuple(key for key, _ in TOUCH_KEYS),
        "Log a touch",
        bound=False,
    ),
)
BY_NAME = {spec.name: spec for spec in ACTIONS}
MENUS = ("File", "Edit", "Go", "Team", "Help")


def make(
    name: str, owner: QWidget, slot: Callable[[], object], attach: QWidget | None = None
) -> QAction:
    """The QAction of table row `name`, on `attach` (default: `owner`); `slot` is called with
    no arguments, so QAction's `checked` never lands in a parameter."""
    spec = BY_NAME[name]
    action = QAction(spec.text, owner)
    action.setObjectName(spec.name)
    action.setShortcuts([QKeySequence(key) for key in spec.keys])
    action.setShortcutContext(spec.scope.value)
    action.setToolTip(f"{spec.label} ({spec.keys[0]})" if spec.keys else spec.label)
    action.triggered.connect(lambda _checked=False: slot())
    (attach or owner).addAction(action)
    return action


def found(owner: QWidget, names: Iterable[str]) -> list[QAction]:
    """The bound QActions of these rows under `owner`, in the order given."""
    by_name = {a.objectName(): a for a in owner.findChildren(QAction)}
    return [by_name[name] for name in names if name in by_name]


def context_menu(widget: QWidget, actions: Sequence[QAction]) -> None:
    """A right-click menu on `widget` made of these actions (their keys shown beside them)."""
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    for action in actions:
        widget.addAction(action)


def keys_text(spec: ActionSpec) -> str:
    return " / ".join(
        QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) or key
        for key in spec.keys
    )


def groups() -> list[tuple[str, list[ActionSpec]]]:
    """The table for F1 and the README: per place, the actions that have keys."""
    order: list[str] = []
    rows: dict[str, list[ActionSpec]] = {}
    for spec in ACTIONS:
        if not spec.keys:
            continue
        where = spec.where if spec.menu is None else f"{ANYWHERE} ({spec.menu} menu)"
        if where not in rows:
            order.append(where)
            rows[where] = []
        rows[where].append(spec)
    return [(where, rows[where]) for where in order]


def markdown() -> str:
    """The README's key table."""
    lines = ["| where | keys | what |", "| --- | --- | --- |"]
    for where, specs in groups():
        for spec in specs:
            keys = " / ".join(f"`{key}`" for key in spec.keys)
            lines.append(f"| {where} | {keys} | {spec.label} |")
    return "\n".join(lines)
