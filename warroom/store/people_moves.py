"""People who move between companies: someone we knew at one whale who left for another
company is news there ("champion moved in"), with what we did together."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from warroom.domain.coverage import moved_in_note
from warroom.domain.whales import Stakeholder
from warroom.store import edits, queries
from warroom.store.schema import StakeholderRow


def _moved_in(session: Session, person: Stakeholder, old_whale: str, to: str, at: datetime) -> str:
    count, last = queries.touches_with(session, person.id)
    trigger_id = str(uuid.uuid4())
    edits.add_trigger(
        session,
        trigger_id,
        at,
        whale_id=to,
        kind="champion_moved_in",
        occurred_at=at,
        source_url="",
        note=moved_in_note(person, old_whale, count, last),
    )
    return trigger_id


def announce_moved_in(session: Session, whales: Mapping[str, str], at: datetime) -> list[str]:
    """Whales just written down (id -> name) hear of everyone we knew who left for them;
    the triggers."""
    left = queries.left_for(session, whales.values())
    return [
        _moved_in(session, person, old_whale, whale_id, at)
        for whale_id, name in whales.items()
        for person, old_whale in left.get(name.strip().lower(), [])
    ]


def mark_moved(
    session: Session, person: Stakeholder, to_whale_id: str, to_name: str, at: datetime
) -> str:
    """`person` left their whale for the whale `to_whale_id`: marked as left (now at it),
    and a "champion moved in" trigger there; the trigger's id."""
    row = session.get_one(StakeholderRow, person.id)
    row.left_on = at.date()
    row.now_at = to_name
    row.updated_at = at
    old_whale = queries.whale_name(session, person.whale_id)
    return _moved_in(session, person, old_whale, to_whale_id, at)
