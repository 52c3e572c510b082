"""The zones a rep lived in before: a rep who moves (New York to Tokyo) keeps the days they
made, each judged in the zone they lived it in, instead of a year re-judged in the new one.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: a batch rebuild of reps would fail the foreign keys of the
    # rows that point at it.
    op.add_column(
        'reps', sa.Column('zones_before', sa.Text(), nullable=False, server_default='[]')
    )


def downgrade() -> None:
    with op.batch_alter_table('reps') as batch:
        batch.drop_column('zones_before')
