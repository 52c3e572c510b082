"""The book's tables as SQLAlchemy 2 typed models.

Every row has a UUID id (as text), created/updated times in UTC and a `deleted_at` tombstone,
so that a later team sync can carry deletes as facts instead of missing rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from warroom.domain.cadence import ACTIVE, PENDING


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC text in SQLite."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware time")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        stored: datetime = value
        return stored.replace(tzinfo=UTC)

    def result_processor(self, dialect: Dialect, coltype: object) -> Any:
        """SQLite hands back the stored text: read it with fromisoformat, several times faster
        than the generic DateTime's regex (it was most of loading 500,000 touch times)."""
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            if isinstance(value, str):
                return datetime.fromisoformat(value).replace(tzinfo=UTC)
            stored: datetime = value
            return stored.replace(tzinfo=UTC)

        return process


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Stamped(Base):
    """Columns every synced row carries."""

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class RepRow(Stamped):
    __tablename__ = "reps"
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    lunch_cutoff: Mapped[str] = mapped_column(String(5), default="12:00")
    workdays: Mapped[str] = mapped_column(String(7), default="12345")
    # The zones the rep lived in before, as JSON [[until day, zone], ...], oldest first: their
    # days before a move are judged where they lived them (domain.today.zone_of_day).
    zones_before: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")


class WhaleRow(Stamped):
    __tablename__ = "whales"
    name: Mapped[str] = mapped_column(String(300), index=True)
    web_domain: Mapped[str] = mapped_column(String(255), default="")
    industry: Mapped[str] = mapped_column(String(120), default="")
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("reps.id"), index=True)
    why_now: Mapped[str] = mapped_column(Text, default="")
    past_attempts: Mapped[str] = mapped_column(Text, default="")
    past_proposals: Mapped[str] = mapped_column(Text, default="")
    competitors: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    listening: Mapped[str] = mapped_column(Text, default="")
    top_ten: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set aside on purpose from the closet and Today, from held_on until held_until, and why.
    held_on: Mapped[date | None] = mapped_column(Date, default=None)
    held_until: Mapped[date | None] = mapped_column(Date, default=None)
    hold_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # Deleted by a merge into this whale: rows that reach it later (a teammate offline) follow.
    merged_into: Mapped[str | None] = mapped_column(String(36), default=None)


class DealRow(Stamped):
    __tablename__ = "deals"
    whale_id: Mapped[str] = mapped_column(ForeignKey("whales.id"), index=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    solution: Mapped[str] = mapped_column(Text, default="")
    exact_deal: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(32), default="identified")
    opened_on: Mapped[date | None] = mapped_column(Date, default=None)
    closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    outcome: Mapped[str | None] = mapped_column(String(16), default=None)
    close_on: Mapped[date | None] = mapped_column(Date, default=None)  # expected close


class DealChangeRow(Stamped):
    """One change of a deal's expected close date, amount or stage: who, when, from what to
    what. Kept in the book (it syncs), so the pipeline can say what moved since a day."""

    __tablename__ = "deal_changes"
    deal_id: Mapped[str] = mapped_column(ForeignKey("deals.id"), index=True)
    rep_id: Mapped[str | None] = mapped_column(ForeignKey("reps.id"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    field: Mapped[str] = mapped_column(String(16))  # close_on, size or stage
    before: Mapped[str] = mapped_column(Text, default="")  # as text: a date, a number, a stage
    after: Mapped[str] = mapped_column(Text, default="")


class StakeholderRow(Stamped):
    __tablename__ = "stakeholders"
    whale_id: Mapped[str] = mapped_column(ForeignKey("whales.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(32), default="influencer")
    influence: Mapped[int] = mapped_column(Integer, default=3)
    relationship: Mapped[int] = mapped_column(Integer, default=1)
    email: Mapped[str] = mapped_column(String(320), default="")
    profile_url: Mapped[str] = mapped_column(String(500), default="")
    signed_before: Mapped[bool] = mapped_column(Boolean, default=False)
    moved_from: Mapped[str] = mapped_column(String(300), default="")
    reports_to_id: Mapped[str | None] = mapped_column(
        ForeignKey("stakeholders.id"), default=None, index=True
    )
    left_on: Mapped[date | None] = mapped_column(Date, default=None)  # left the account
    now_at: Mapped[str] = mapped_column(String(300), default="", server_default="")


class TouchRow(Stamped):
    __tablename__ = "touches"
    whale_id: Mapped[str] = mapped_column(ForeignKey("whales.id"))
    rep_id: Mapped[str | None] = mapped_column(ForeignKey("reps.id"))
    stakeholder_id: Mapped[str | None] = mapped_column(ForeignKey("stakeholders.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
    # Where a captured touch came from (a calendar event's UID and recurrence, a message's
    # Message-ID); empty for one logged by hand. Capturing again skips what is here, live or
    # deleted: a rep's edit or deletion of a captured touch stands.
    source: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The other people met or written with it (a meeting's other attendees, a mail's other
    # recipients), a JSON list of stakeholder ids: coverage credits each as it does
    # stakeholder_id. '[]' for most touches, which a partial index leaves out.
    also_with: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")

    __table_args__ = (
        Index("ix_touches_source", "source", sqlite_where=text("source != ''")),
        Index("ix_touches_also_with", "occurred_at", sqlite_where=text("also_with != '[]'")),
        # Covers "last meaningful touch per whale" (RECIPES: 250 ms instead of 2 s at 1M).
        Index("ix_touches_whale_kind_time", "whale_id", "kind", "occurred_at"),
        Index("ix_touches_rep_time", "rep_id", "occurred_at"),
        # The same over live touches only, which every per-whale count asks for: answered from
        # the index alone (0.4 s instead of 1.6 s at half a million touches).
        Index(
            "ix_touches_live_whale_kind_time",
            "whale_id",
            "kind",
            "occurred_at",
            sqlite_where=text("deleted_at IS NULL"),
        ),
        # Our meaningful touches with each person (coverage, for every whale at once), from
        # the index alone: 0.7 s on a team's book without it.
        Index(
            "ix_touches_live_person_kind_time",
            "stakeholder_id",
            "kind",
            "occurred_at",
            sqlite_where=text("deleted_at IS NULL AND stakeholder_id IS NOT NULL"),
        ),
        # A rep's live touches by day (streaks, the team table), also from the index alone.
        Index(
            "ix_touches_live_rep_time_whale",
            "rep_id",
            "occurred_at",
            "whale_id",
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )


class TriggerRow(Stamped):
    __tablename__ = "triggers"
    whale_id: Mapped[str] = mapped_column(ForeignKey("whales.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    source_url: Mapped[str] = mapped_column(String(1000), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class CadenceTemplateRow(Stamped):
    __tablename__ = "cadence_templates"
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class CadenceStepRow(Stamped):
    __tablename__ = "cadence_steps"
    template_id: Mapped[str] = mapped_column(ForeignKey("cadence_templates.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    day_offset: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(32))
    instruction: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")


class EnrolmentRow(Stamped):
    __tablename__ = "enrolments"
    template_id: Mapped[str] = mapped_column(ForeignKey("cadence_templates.id"), index=True)
    whale_id: Mapped[str] = mapped_column(ForeignKey("whales.id"), index=True)
    stakeholder_id: Mapped[str | None] = mapped_column(ForeignKey("stakeholders.id"), index=True)
    rep_id: Mapped[str | None] = mapped_column(ForeignKey("reps.id"), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)
    stop_reason: Mapped[str] = mapped_column(Text, default="")
    paused_on: Mapped[date | None] = mapped_column(Date, default=None)
    ended_on: Mapped[date | None] = mapped_column(Date, default=None)


class EnrolmentStepRow(Stamped):
    __tablename__ = "enrolment_steps"
    enrolment_id: Mapped[str] = mapped_column(ForeignKey("enrolments.id"), index=True)
    step_id: Mapped[str] = mapped_column(ForeignKey("cadence_steps.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    touch_id: Mapped[str | None] = mapped_column(ForeignKey("touches.id"), default=None, index=True)


class ReviewRow(Stamped):
    __tablename__ = "reviews"
    deal_id: Mapped[str] = mapped_column(ForeignKey("deals.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    primary_reason: Mapped[str] = mapped_column(String(32))
    secondary_reasons: Mapped[str] = mapped_column(Text, default="")
    do_differently: Mapped[str] = mapped_column(Text, default="")
    customer_quote: Mapped[str] = mapped_column(Text, default="")
    reviewed_on: Mapped[date] = mapped_column(Date)


class SettingRow(Stamped):
    """One setting: a key and a JSON value. `id` is the key."""

    __tablename__ = "settings"
    value: Mapped[str] = mapped_column(Text, default="null")


class TaskRow(Stamped):
    """A planned touch: what the rep means to do at a whale, and on which day."""

    __tablename__ = "tasks"
    whale_id: Mapped[str] = mapped_column(ForeignKey("whales.id"), index=True)
    rep_id: Mapped[str | None] = mapped_column(ForeignKey("reps.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    due_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    done_touch_id: Mapped[str | None] = mapped_column(
        ForeignKey("touches.id"), default=None, index=True
    )
    source: Mapped[str] = mapped_column(Text, default="", server_default="")  # as a touch's
    # Whom it is with, as a touch's: the touch that does it is with them too.
    stakeholder_id: Mapped[str | None] = mapped_column(
        ForeignKey("stakeholders.id"), index=True, default=None
    )
    also_with: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")


class SwapRow(Stamped):
    """A whale a rep swapped out of a day's list, the whale swapped in, and why."""

    __tablename__ = "today_swaps"
    rep_id: Mapped[str] = mapped_column(ForeignKey("reps.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    removed_whale_id: Mapped[str] = mapped_column(ForeignKey("whales.id"), index=True)
    added_whale_id: Mapped[str] = mapped_column(ForeignKey("whales.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")


class PlanRowRow(Stamped):
    """A row of a rep's plan for a day: Today as first built that day, kept so rows never
    move. The id is made from (rep, day, position), so two laptops of one rep agree."""

    __tablename__ = "day_plan_rows"
    rep_id: Mapped[str] = mapped_column(ForeignKey("reps.id"))
    day: Mapped[date] = mapped_column(Date)
    position: Mapped[int] = mapped_column(Integer)
    whale_id: Mapped[str] = mapped_column(ForeignKey("whales.id"), index=True)
    rule: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    suggested_kind: Mapped[str] = mapped_column(String(32))
    step_ref: Mapped[str | None] = mapped_column(String(36), default=None)
    origin: Mapped[str] = mapped_column(String(16))

    __table_args__ = (Index("ix_day_plan_rows_rep_day", "rep_id", "day"),)


class MeetingRow(Stamped):
    """A war-room session: when it was held and the notes typed during it."""

    __tablename__ = "meetings"
    held_at: Mapped[datetime] = mapped_column(UtcDateTime())
    notes: Mapped[str] = mapped_column(Text, default="")
    # Who was there: a JSON list of rep ids (empty for sessions kept before it was asked).
    attendees: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")


# Parents before children: the order imports insert in and exports list tables in.
TABLES: tuple[type[Stamped], ...] = (
    RepRow,
    WhaleRow,
    DealRow,
    DealChangeRow,
    StakeholderRow,
    TouchRow,
    TriggerRow,
    CadenceTemplateRow,
    CadenceStepRow,
    EnrolmentRow,
    EnrolmentStepRow,
    ReviewRow,
    SettingRow,
    TaskRow,
    SwapRow,
    MeetingRow,
    PlanRowRow,
)


# --- team sync: the change log and what this laptop knows of the share (never synced itself) --

CHANGES = Table(
    "changes",
    Base.metadata,
    # This laptop's edits, oldest first; values are JSON in the form SQLite stores them.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("table_name", String(40), nullable=False),
    Column("row_id", String(200), nullable=False),
    Column("field", String(40), nullable=False),
    Column("value", Text, nullable=False),
    Column("stamp", String(80), nullable=False),
    Column("prev", String(80), nullable=False),
    sqlite_autoincrement=True,
)
SYNC_ROWS = Table(
    "sync_rows",
    Base.metadata,
    # Per synced row, for last-writer-wins: the clock (and the clock it replaced) of the write
    # that created it, and the fields written since with theirs (JSON; NULL for none).
    Column("table_name", String(40), nullable=False),
    Column("row_id", String(200), nullable=False),
    Column("stamp", String(80), nullable=False),
    Column("prev", String(80), nullable=False),
    Column("fields", Text, nullable=True),
    PrimaryKeyConstraint("table_name", "row_id"),
    sqlite_with_rowid=False,
)
# --- reads kept for the next process (never synced, never exported) ------------------------

KEPT_READS = Table(
    "kept_reads",
    Base.metadata,
    # What a read of big tables gave (store.memo), and the write counters it was read at.
    Column("name", String(200), primary_key=True),
    Column("marks", Text, nullable=False),
    Column("value", LargeBinary, nullable=False),
)
WRITTEN_LOG = Table(
    "written_log",
    Base.metadata,
    # Per commit: the write counters it moved, the whales and touch reps it wrote (JSON; NULL
    # when it could not name them). store.written.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("marks", Text, nullable=False),
    Column("whales", Text, nullable=True),
    Column("reps", Text, nullable=True),
)
SYNC_STATE = Table(
    "sync_state",
    Base.metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)
SYNC_APPLIED = Table(
    "sync_applied",
    Base.metadata,
    # Segments of other devices applied here, with their hashes for the chain.
    Column("device", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("changes", Integer, nullable=False),
    PrimaryKeyConstraint("device", "seq"),
)
SYNC_PUBLISHED = Table(
    "sync_published",
    Base.metadata,
    # Segments this laptop wrote: under which device, and up to which change.
    Column("device", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("last_change", Integer, nullable=False),
    PrimaryKeyConstraint("device", "seq"),
)
SYNC_CONFLICTS = Table(
    "sync_conflicts",
    Base.metadata,
    # Concurrent writes that lost, kept for the user to review.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("table_name", String(40), nullable=False),
    Column("row_id", String(200), nullable=False),
    Column("field", String(40), nullable=False),
    Column("value", Text, nullable=False),
    Column("stamp", String(80), nullable=False),
    Column("winner", String(80), nullable=False),
    UniqueConstraint("table_name", "row_id", "field", "stamp", name="uq_sync_conflicts_write"),
)
SYNC_QUARANTINE = Table(
    "sync_quarantine",
    Base.metadata,
    # Files from the share that failed their checks; retried only if their bytes change.
    Column("device", String(40), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("file_hash", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("device", "seq"),
)
