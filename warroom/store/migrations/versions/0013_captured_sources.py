"""Where a captured touch or planned touch came from: a calendar event's UID and recurrence,
or a message's Message-ID (empty for one logged by hand), so capturing again adds nothing.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('touches') as batch:
        batch.add_column(sa.Column('source', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('tasks') as batch:
        batch.add_column(sa.Column('source', sa.Text(), nullable=False, server_default=''))
    op.create_index(
        'ix_touches_source', 'touches', ['source'], unique=False,
        sqlite_where=sa.text("source != ''"),
    )


def downgrade() -> None:
    op.drop_index('ix_touches_source', table_name='touches')
    with op.batch_alter_table('tasks') as batch:
        batch.drop_column('source')
    with op.batch_alter_table('touches') as batch:
        batch.drop_column('source')
