"""Who was at each war-room session: the reps ticked in the session's notes panel, as a JSON
list of rep ids (empty for sessions kept before this was asked).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meetings') as batch:
        batch.add_column(sa.Column('attendees', sa.Text(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('meetings') as batch:
        batch.drop_column('attendees')
