"""Where a whale merged into another went: a touch logged on it offline, before the merge
reached that laptop, follows it there at the next sync.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: a batch rebuild of whales would fail the foreign keys of
    # the rows that point at it.
    op.add_column('whales', sa.Column('merged_into', sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('whales') as batch:
        batch.drop_column('merged_into')
