"""A whale's page under the list: its decay, its definition, its people, its timeline.

Every edit made here goes through `Edits`, so Ctrl+Z takes it back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from warroom import clock
from warroom.domain.changes import Changes
from warroom.domain.errors import NotFound
from warroom.domain.records import Touch
from warroom.domain.whales import Stakeholder, WhaleDefinition
from warroom.services.ids import new_id
from warroom.ui.ops import OperationRunner
from warroom.ui.undo import Edits
from warroom.ui.views.whale_definition import DefinitionForm
from warroom.ui.views.whale_detail import WhaleDetail
from warroom.ui.views.whale_people import PeoplePanel
from warroom.ui.views.whale_timeline import TimelinePanel

if TYPE_CHECKING:
    from warroom.services.book import Book
    from warroom.services.workspace import StakeholderSaved, WhalePage


class WhalePageView(QWidget):
    def __init__(
        self,
        book: Book,
        runner: OperationRunner,
        edits: Edits,
        zone: tzinfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._book = book
        self._runner = runner
        self._edits = edits
        self.whale_id: str | None = None
        self.page: WhalePage | None = None
        self.header = QLabel()
        self.decay = WhaleDetail(book, runner, zone)
        self.definition = DefinitionForm(self._save_definition)
        self.people = PeoplePanel(self._add_person, self._edit_person, self._remove_person)
        self.timeline = TimelinePanel(zone, self._remove_touch)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.decay, "&Decay")
        self.tabs.addTab(self.definition, "De&finition")
        self.tabs.addTab(self.people, "&Stakeholders")
        self.tabs.addTab(self.timeline, "T&imeline")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    def load(self, whale_id: str) -> None:
        self.whale_id = whale_id
        self.setVisible(True)
        book = self._book

        def page() -> WhalePage | None:
            # Deleted, here or by a teammate's sync: the page goes away without an error.
            try:
                return book.workspace.page(whale_id)
            except NotFound:
                return None

        self._runner.run(page, on_success=lambda found: self._on_page(whale_id, found))

    def on_changes(self, changes: Changes) -> None:
        # Every edit that concerns a whale names it in `whales`; settings change all heat.
        if self.whale_id is not None and (
            self.whale_id in changes.whales or changes.book or bool(changes.settings)
        ):
            self.load(self.whale_id)

    def _on_page(self, whale_id: str, page: WhalePage | None) -> None:
        if whale_id != self.whale_id:
            return
        if page is None:
            self.whale_id, self.page = None, None
            self.setVisible(False)
            return
        self.page = page
        self.decay.load(whale_id)
        badge = "  ★ top ten" if page.definition.top_ten else ""
        self.header.setText(f"<b>{page.definition.name}</b>{badge} · owner {page.owner or '—'}")
        self.definition.show_definition(page.definition)
        self.people.show_people(page.whale_id, page.stakeholders)
        names = {person.id: person.name for person in page.stakeholders}
        self.timeline.show_timeline(page.timeline, names, page.rep_names)

    # --- edits, each undoable ---------------------------------------------------------------

    def _save_definition(self, before: WhaleDefinition, after: WhaleDefinition) -> None:
        whale_id, workspace = self.whale_id, self._book.workspace
        assert whale_id is not None
        self._edits.push(
            f"Edit {after.name}",
            lambda: workspace.save_definition(whale_id, after, clock.now()),
            lambda: workspace.save_definition(whale_id, before, clock.now()),
        )

    def _add_person(self, person: Stakeholder) -> None:
        workspace = self._book.workspace
        person_id = new_id()  # named up front so undo can refer to it
        added = replace(person, id=person_id)
        self._edits.push(
            f"Add {added.name}",
            lambda: workspace.save_stakeholder(added, clock.now()),
            lambda: workspace.set_stakeholder_deleted(person_id, True, clock.now()),
            redo=lambda: workspace.set_stakeholder_deleted(person_id, False, clock.now()),
            on_done=self._offer_trigger,
        )

    def _edit_person(self, before: Stakeholder, after: Stakeholder) -> None:
        workspace = self._book.workspace
        self._edits.push(
            f"Edit {after.name}",
            lambda: workspace.save_stakeholder(after, clock.now()),
            lambda: workspace.save_stakeholder(before, clock.now()),
            on_done=self._offer_trigger,
        )

    def _remove_person(self, person: Stakeholder) -> None:
        workspace = self._book.workspace
        self._edits.push(
            f"Remove {person.name}",
            lambda: workspace.set_stakeholder_deleted(person.id, True, clock.now()),
            lambda: workspace.set_stakeholder_deleted(person.id, False, clock.now()),
        )

    def _remove_touch(self, touch: Touch) -> None:
        workspace = self._book.workspace
        self._edits.push(
            "Delete touch",
            lambda: workspace.set_touch_deleted(touch.id, True, clock.now()),
            lambda: workspace.set_touch_deleted(touch.id, False, clock.now()),
        )

    def _offer_trigger(self, saved: StakeholderSaved) -> None:
        """A former signer recorded here is a trigger: offer to log champion_moved_in."""
        signer, person = saved.former_signer, saved.stakeholder
        if signer is None or self.page is None:
            return
        where = person.moved_from or "another account"
        answer = QMessageBox.question(
            self,
            "A former signer moved in",
            f"{person.name} signed with us before ({where}). Log a 'champion moved in' "
            f"trigger at {self.page.definition.name}?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        book, whale_id = self._book, person.whale_id
        note = f"{person.name} ({person.title}) signed with us before: {where}".strip()
        self._runner.run(
            lambda: book.add_trigger(
                whale_id, "champion_moved_in", clock.now(), clock.now(), note=note
            )
        )
