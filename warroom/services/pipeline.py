"""Pipeline truth over the book: edit a whale's deal (expected close date, amount, stage)
with its history kept, read that history, and say what moved since a day (domain.pipeline).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from warroom.domain.changes import Changes, Done
from warroom.domain.errors import BadInput
from warroom.domain.kinds import STAGES
from warroom.domain.pipeline import (
    DealChange,
    Moved,
    check_close_date,
    moved_since,
    sessions_before,
)
from warroom.domain.records import Deal
from warroom.domain.values import AMOUNT_MAX
from warroom.services.book import Book
from warroom.store import deal_history, queries

# With no war-room session yet, "since last session" is the last week.
DEFAULT_SPAN = timedelta(days=7)


@dataclass(frozen=True)
class DealStory:
    """A whale's deal as it stands, and how its close date, amount and stage got there."""

    whale: str
    deal: Deal | None
    history: tuple[DealChange, ...]
    rep_names: dict[str, str]


class Pipeline:
    def __init__(self, book: Book) -> None:
        self.book = book

    def edit_deal(
        self,
        whale: str,
        at: datetime,
        *,
        amount: int | None = None,
        close_on: date | None = None,
        stage: str | None = None,
    ) -> Done[Deal]:
        """Change the whale's open deal; each change is kept with who (this laptop's rep)
        and when (`at`). Closing goes through 'warroom close', with its review."""
        values: dict[str, object] = {}
        if amount is not None:
            if not 0 <= amount <= AMOUNT_MAX:
                raise BadInput(f"a deal's amount is between 0 and {AMOUNT_MAX:,}")
            values["size"] = amount
        if stage is not None:
            if stage not in STAGES or stage == "closed":
                open_stages = ", ".join(s for s in STAGES if s != "closed")
                raise BadInput(
                    f"stage {stage!r} is not one of {open_stages} (to close a deal, use "
                    "'warroom close' with its outcome and reason)"
                )
            values["stage"] = stage
        if close_on is not None:
            values["close_on"] = check_close_date(close_on, at.date())
        if not values:
            raise BadInput("say what changes: --amount, --close-date or --stage")
        me = self.book.me()
        whale_id = self.book.resolve_whale(whale)
        with self.book.store.transaction(write=True) as session:
            shown = queries.current_deals(session, whale_ids=[whale_id]).get(whale_id)
            if shown is None or shown.closed_on is not None:
                name = queries.whale_name(session, whale_id)
                raise BadInput(f"{name} has no open deal to change")
            by = me.id if me else None
            deal, changed = deal_history.edit(session, shown.id, at, by, **values)
        return Done(
            deal,
            Changes(
                deals=frozenset({deal.id}) if changed else frozenset(),
                whales=frozenset({whale_id}),
            ),
        )

    def story(self, whale: str) -> DealStory:
        whale_id = self.book.resolve_whale(whale)
        with self.book.store.transaction() as session:
            shown = queries.current_deals(session, whale_ids=[whale_id]).get(whale_id)
            deals = [d.id for d in queries.whale_deals(session, whale_id)]
            history = deal_history.history(session, deals)
            name = queries.whale_name(session, whale_id)
            reps = {rep.id: rep.name for rep in queries.reps(session)}
        return DealStory(name, shown, tuple(history), reps)

    def since_last_session(self, at: datetime) -> datetime:
        """The default 'since': the last war-room session before `at`'s day (see
        sessions_before), else a week ago."""
        before = sessions_before(at, self.book.zone())
        with self.book.store.transaction() as session:
            found = queries.last_meeting_before(session, before)
        return found[0] if found else at - DEFAULT_SPAN

    def moved(self, at: datetime, since: datetime | None = None) -> tuple[datetime, list[Moved]]:
        """What moved at each whale since `since` (default: the last session) up to `at`;
        BadInput for a `since` after `at`, where nothing can have moved yet."""
        if since is not None and since > at:
            now = at.astimezone(self.book.zone())
            raise BadInput(
                f"{since:%Y-%m-%d} is after now ({now:%Y-%m-%d %H:%M %Z}): nothing has moved"
                " since a day still to come; give a day before"
            )
        since = since or self.since_last_session(at)
        today = at.date()
        with self.book.store.transaction() as session:
            deals, history = deal_history.deals_moved(session, since, today)
        changes = [c for c in history if c.changed_at <= at]
        return since, moved_since(deals, changes, since, today)
