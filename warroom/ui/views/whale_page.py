"""A whale's page under the list: its decay, its definition, its people, its timeline.

Every edit made here is an operation on the open book, so Ctrl+Z takes it back.
"""

from __future__ import annotations

from datetime import tzinfo
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from warroom import clock
from warroom.domain.changes import Changes, Done
from warroom.domain.errors import NotFound
from warroom.domain.kinds import TOUCH_LABELS
from warroom.domain.records import Touch
from warroom.domain.whales import Stakeholder, WhaleDefinition, changed_words
from warroom.ui import actions
from warroom.ui.ops import OperationRunner
from warroom.ui.views.whale_definition import DefinitionForm
from warroom.ui.views.whale_detail import WhaleDetail
from warroom.ui.views.whale_people import PeoplePanel
from warroom.ui.views.whale_timeline import TimelinePanel

if TYPE_CHECKING:
    from warroom.services.open_book import OpenBook
    from warroom.services.workspace import StakeholderSaved, WhalePage

TABS = (
    ("whale_decay", "Decay"),
    ("whale_definition", "Definition"),
    ("whale_people", "Stakeholders"),
    ("whale_timeline", "Timeline"),
)


class WhalePageView(QWidget):
    def __init__(
        self, runner: OperationRunner, zone: tzinfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self.whale_id: str | None = None
        self.page: WhalePage | None = None
        self.header = QLabel()
        self.decay = WhaleDetail(runner, zone)
        self.definition = DefinitionForm(self._save_definition)
        self.people = PeoplePanel(self._add_person, self._edit_person, self._remove_person)
        self.timeline = TimelinePanel(zone, self._remove_touch)
        self.tabs = QTabWidget()
        for (name, label), tab in zip(
            TABS, (self.decay, self.definition, self.people, self.timeline), strict=True
        ):
            index = self.tabs.addTab(tab, label)
            spec = actions.BY_NAME[name]
            self.tabs.setTabToolTip(index, f"{label} ({spec.keys[0]})")
            actions.make(name, self, partial(self._show_tab, tab))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    def _show_tab(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)
        tab.setFocus()

    def load(self, whale_id: str) -> None:
        self.whale_id = whale_id
        self.setVisible(True)

        def page(book: OpenBook) -> WhalePage | None:
            # Deleted, here or by a teammate's sync: the page goes away without an error.
            try:
                return book.workspace.page(whale_id, clock.now())
            except NotFound:
                return None

        self._runner.read(page, lambda found: self._on_page(whale_id, found), owner=self)

    def on_changes(self, changes: Changes) -> None:
        # The app's own edits name their whale in `whales`; settings change all heat.
        whale_id = self.whale_id
        if whale_id is None or not changes:
            return
        if changes.concerns_whale(whale_id) or changes.settings:
            self.load(whale_id)
            return

        # The command line's writes and a sync's name only the rows (a touch, a deal): whose
        # they are is asked of the book, or the page showed yesterday's heat until clicked.
        def whose(book: OpenBook) -> frozenset[str] | None:
            return book.book.whales_changed(changes)

        def then(found: frozenset[str] | None) -> None:
            if self.whale_id == whale_id and (found is None or whale_id in found):
                self.load(whale_id)

        self._runner.read(whose, then, owner=self)

    def _on_page(self, whale_id: str, page: WhalePage | None) -> None:
        if whale_id != self.whale_id:
            return
        if page is None:
            self.whale_id, self.page = None, None
            self.setVisible(False)
            return
        same = self.page is not None and self.page.whale_id == page.whale_id
        self.page = page
        self.decay.load(whale_id)
        badge = "  ★ top ten" if page.definition.top_ten else ""
        self.header.setText(f"<b>{page.definition.name}</b>{badge} · owner {page.owner or '—'}")
        self.definition.show_definition(page.definition, keep_typing=same)
        self.definition.show_history(page.deal_history, page.rep_names)
        self.people.show_people(page.whale_id, page.stakeholders, page.coverage)
        names = {person.id: person.name for person in page.stakeholders}
        self.timeline.show_timeline(page.timeline, names, page.rep_names)

    # --- edits, each one operation ----------------------------------------------------------

    def _save_definition(self, before: WhaleDefinition, after: WhaleDefinition) -> None:
        whale_id, now = self.whale_id, clock.now()
        assert whale_id is not None
        # Only what the user changed from what the form showed: a teammate's newer value of
        # another field stays.
        self._runner.edit(
            f"Edit {after.name}: {changed_words(before, after)}",
            lambda book: book.workspace.save_definition(whale_id, after, now, base=before),
        )

    def _add_person(self, person: Stakeholder) -> None:
        now = clock.now()
        self._runner.edit(
            f"Add {person.name}",
            lambda book: book.workspace.save_stakeholder(person, now),
            self._offer_trigger,
            owner=self,
        )

    def _edit_person(self, before: Stakeholder, after: Stakeholder) -> None:
        """Saved in one edit; one who just left for another of our whales raises a
        'champion moved in' trigger there, in the same edit (one Ctrl+Z)."""
        now = clock.now()
        moved = before.left_on is None and after.left_on is not None and bool(after.now_at)

        def work(book: OpenBook) -> Done[StakeholderSaved]:
            done = book.workspace.save_stakeholder(after, now)
            if not moved:
                return done
            from warroom.services.people import People

            arrived = People(book.book).moved_in(done.value.stakeholder, now)
            return done if arrived is None else Done(done.value, done.changes | arrived[2])

        self._runner.edit(f"Edit {after.name}", work, self._offer_trigger, owner=self)

    def _remove_person(self, person: Stakeholder) -> None:
        now = clock.now()
        self._runner.edit(
            f"Remove {person.name}",
            lambda book: book.workspace.set_stakeholder_deleted(person.id, True, now),
        )

    def _remove_touch(self, touch: Touch) -> None:
        now = clock.now()
        when = touch.occurred_at.astimezone(clock.local_zone())
        what = f"{TOUCH_LABELS.get(touch.kind, touch.kind).lower()} of {when:%a %d %b %H:%M}"
        self._runner.edit(
            f"Delete {what}", lambda book: book.workspace.set_touch_deleted(touch.id, True, now)
        )

    def _offer_trigger(self, saved: StakeholderSaved) -> None:
        """A former signer recorded here is a trigger: offer to log champion_moved_in, as part
        of the same step (Ctrl+Z takes back both)."""
        signer, person = saved.former_signer, saved.stakeholder
        if signer is None or self.page is None:
            return
        where = person.moved_from or "another account"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "A former signer moved in",
            f"{person.name} signed with us before ({where}). Log a 'champion moved in' "
            f"trigger at {self.page.definition.name}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        note = f"{person.name} ({person.title}) signed with us before: {where}".strip()
        whale_id = person.whale_id

        def answered() -> None:
            if box.standardButton(box.clickedButton()) != QMessageBox.StandardButton.Yes:
                return
            now = clock.now()
            self._runner.edit(
                "Log champion moved in",
                lambda book: book.book.add_trigger(
                    whale_id, "champion_moved_in", now, now, note=note
                ),
                join=True,
            )

        box.finished.connect(lambda _result: answered())
        self.offer = box
        box.open()
