"""A whale held out of the closet and Today until a day, with why; and an index that answers
"our meaningful touches with each person" for every whale at once (coverage).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: a batch rebuild of whales would drop a table that deals,
    # stakeholders and touches point at.
    op.add_column('whales', sa.Column('held_on', sa.Date(), nullable=True))
    op.add_column('whales', sa.Column('held_until', sa.Date(), nullable=True))
    op.add_column('whales', sa.Column(
        'hold_reason', sa.String(length=300), nullable=False, server_default=''
    ))
    op.create_index(
        'ix_touches_live_person_kind_time', 'touches',
        ['stakeholder_id', 'kind', 'occurred_at'], unique=False,
        sqlite_where=sa.text("deleted_at IS NULL AND stakeholder_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index('ix_touches_live_person_kind_time', table_name='touches')
    with op.batch_alter_table('whales') as batch:
        batch.drop_column('hold_reason')
        batch.drop_column('held_until')
        batch.drop_column('held_on')
