"""The whales workspace: a whale's page (definition, stakeholders, timeline) and its edits.

Every edit here is reversible by another call of the same kind (save the old definition back,
bring a tombstoned row back), which is what the app's undo does.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime

from warroom.domain.book_settings import ME
from warroom.domain.changes import Changes, Done
from warroom.domain.coverage import Coverage, check_reports_to, coverage
from warroom.domain.errors import BadInput, NotFound
from warroom.domain.kinds import TOUCH_KINDS
from warroom.domain.pipeline import DealChange
from warroom.domain.records import Touch
from warroom.domain.whales import (
    Stakeholder,
    WhaleDefinition,
    check_definition,
    check_stakeholder,
    check_top_ten,
    former_signer,
)
from warroom.services import settings
from warroom.services.ids import new_id
from warroom.store import deal_history, edits, queries
from warroom.store.db import Session, Store

_ID = frozenset[str]


@dataclass(frozen=True)
class WhalePage:
    whale_id: str
    deal_id: str | None
    owner: str
    definition: WhaleDefinition
    stakeholders: tuple[Stakeholder, ...]
    timeline: tuple[Touch, ...]  # newest first
    rep_names: dict[str, str]
    deal_history: tuple[DealChange, ...] = ()  # oldest first: close date, amount, stage
    coverage: Coverage | None = None  # when asked as of a time


@dataclass(frozen=True)
class StakeholderSaved:
    stakeholder: Stakeholder
    former_signer: Stakeholder | None  # set when we should offer a champion_moved_in trigger


class Workspace:
    def __init__(self, store: Store) -> None:
        self.store = store

    def page(self, whale_id: str, at: datetime | None = None) -> WhalePage:
        """The whale's page; with `at`, its coverage as of then (who we know, the gaps)."""
        with self.store.transaction() as session:
            page = self._page(session, whale_id)
            if at is None:
                return page
            contacts = queries.contacts(session, at, whale_id)
        return replace(page, coverage=coverage(page.stakeholders, contacts, at))

    def _page(self, session: Session, whale_id: str) -> WhalePage:
        row = queries.whale_row(session, whale_id)
        if row is None:
            raise NotFound("that whale is no longer in the book")
        deal = queries.current_deals(session).get(whale_id)
        reps = {rep.id: rep.name for rep in queries.reps(session)}
        definition = WhaleDefinition(
            name=row.name,
            web_domain=row.web_domain,
            industry=row.industry,
            deal_size=deal.size if deal else 0,
            currency=deal.currency if deal else "USD",
            solution=deal.solution if deal else "",
            exact_deal=deal.exact_deal if deal else "",
            stage=deal.stage if deal else "identified",
            why_now=row.why_now,
            past_attempts=row.past_attempts,
            past_proposals=row.past_proposals,
            competitors=row.competitors,
            notes=row.notes,
            listening=row.listening,
            top_ten=row.top_ten,
            close_on=deal.close_on if deal else None,
        )
        timeline = sorted(
            queries.touches(session, whale_id), key=lambda t: t.occurred_at, reverse=True
        )
        return WhalePage(
            whale_id,
            deal.id if deal else None,
            reps.get(row.owner_id or "", ""),
            definition,
            tuple(queries.stakeholders_of(session, whale_id)),
            tuple(timeline),
            reps,
            tuple(deal_history.history(session, [deal.id])) if deal else (),
        )

    # --- the definition ---------------------------------------------------------------------

    def save_definition(
        self,
        whale_id: str,
        definition: WhaleDefinition,
        at: datetime,
        base: WhaleDefinition | None = None,
    ) -> Done[WhalePage]:
        """Validate and save the definition; nothing is written if any field is bad. With
        `base` (what the form showed), only the fields changed from it are written: a
        teammate's change of another field since, synced in meanwhile, stays."""
        with self.store.transaction() as session:
            before = self._page(session, whale_id)
            if base is not None:
                definition = replace(
                    before.definition,
                    **{
                        f.name: getattr(definition, f.name)
                        for f in fields(definition)
                        if getattr(definition, f.name) != getattr(base, f.name)
                    },
                )
            checked = check_definition(definition)
            clash = [i for i, _ in queries.whale_ids_named(session, checked.name) if i != whale_id]
            if clash:
                raise BadInput(f"name: another whale is already called {checked.name!r}")
            if checked.top_ten and not before.definition.top_ten:
                check_top_ten(whale_id, queries.top_ten_ids(session))
            by: str | None = settings.read(session, ME)  # this laptop's rep: who changed it
            edits.update_whale(session, whale_id, checked, at, before.deal_id, by)
            session.flush()
            page = self._page(session, whale_id)
        deals = frozenset({page.deal_id}) if page.deal_id else frozenset()
        return Done(page, Changes(whales=frozenset({whale_id}), deals=deals))

    def set_top_ten(
        self, whale_id: str, top_ten: bool, exact_deal: str, at: datetime
    ) -> Done[WhalePage]:
        page = self.page(whale_id)
        return self.save_definition(
            whale_id, replace(page.definition, top_ten=top_ten, exact_deal=exact_deal), at
        )

    def set_whale_deleted(self, whale_id: str, deleted: bool, at: datetime) -> Done[str]:
        with self.store.transaction() as session:
            name = edits.tombstone_whale(session, whale_id, deleted, at)
            if not deleted and len(queries.whale_ids_named(session, name)) > 1:
                raise BadInput(f"a whale named {name!r} is in the book again; rename it first")
        return Done(whale_id, Changes(whales=frozenset({whale_id})))

    # --- stakeholders -----------------------------------------------------------------------

    def save_stakeholder(self, stakeholder: Stakeholder, at: datetime) -> Done[StakeholderSaved]:
        """Add (an empty or new id) or update a stakeholder; says when they signed with us
        at another whale, so the app can offer a champion_moved_in trigger."""
        checked = check_stakeholder(stakeholder)
        with self.store.transaction() as session:
            if queries.whale_row(session, checked.whale_id) is None:
                raise NotFound("that whale is no longer in the book")
            if checked.reports_to_id is not None:
                check_reports_to(checked, queries.stakeholders_of(session, checked.whale_id))
            if not checked.id or not queries.stakeholder_known(session, checked.id):
                checked = replace(checked, id=checked.id or new_id())
                edits.add_stakeholder(
                    session,
                    checked.id,
                    checked.whale_id,
                    at,
                    name=checked.name,
                    title=checked.title,
                    role=checked.role,
                    influence=checked.influence,
                    relationship=checked.relationship,
                    email=checked.email,
                    profile_url=checked.profile_url,
                    signed_before=checked.signed_before,
                    moved_from=checked.moved_from,
                    reports_to_id=checked.reports_to_id,
                    left_on=checked.left_on,
                    now_at=checked.now_at,
                )
                signer = former_signer(checked, queries.stakeholders_of(session))
            else:
                edits.update_stakeholder(session, checked, at)
                signer = None
        changes = Changes(
            stakeholders=frozenset({checked.id}), whales=frozenset({checked.whale_id})
        )
        return Done(StakeholderSaved(checked, signer), changes)

    def set_stakeholder_deleted(
        self, stakeholder_id: str, deleted: bool, at: datetime
    ) -> Done[str]:
        with self.store.transaction() as session:
            whale_id = edits.tombstone_stakeholder(session, stakeholder_id, deleted, at)
        return Done(
            stakeholder_id,
            Changes(stakeholders=frozenset({stakeholder_id}), whales=frozenset({whale_id})),
        )

    # --- touches ----------------------------------------------------------------------------

    def save_touch(self, touch: Touch, at: datetime) -> Done[Touch]:
        if touch.kind not in TOUCH_KINDS:
            raise BadInput(f"unknown touch kind {touch.kind!r}")
        with self.store.transaction() as session:
            edits.update_touch(session, touch, at)
        return Done(
            touch, Changes(touches=frozenset({touch.id}), whales=frozenset({touch.whale_id}))
        )

    def set_touch_deleted(self, touch_id: str, deleted: bool, at: datetime) -> Done[str]:
        with self.store.transaction() as session:
            whale_id = edits.tombstone_touch(session, touch_id, deleted, at)
        return Done(touch_id, Changes(touches=frozenset({touch_id}), whales=frozenset({whale_id})))
