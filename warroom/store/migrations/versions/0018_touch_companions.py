"""The other people met or written with a touch: a meeting's other attendees, a mail's other
recipients. Each is credited with the touch in coverage, as its stakeholder is (a meeting
with two people at Société Générale left it "single-threaded"). A planned touch keeps its
people too, for the touch that does it (Space on Today logged a captured meeting with
nobody).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN: instant on a sales floor's five million touches, where a
    # batch rebuild would copy them all (and trip the foreign keys pointing at touches).
    op.add_column(
        'touches', sa.Column('also_with', sa.Text(), nullable=False, server_default='[]')
    )
    op.create_index(
        'ix_touches_also_with', 'touches', ['occurred_at'], unique=False,
        sqlite_where=sa.text("also_with != '[]'"),
    )
    # SQLite adds a column that points at another table in place (Alembic would rebuild).
    op.execute(
        "ALTER TABLE tasks ADD COLUMN stakeholder_id VARCHAR(36) REFERENCES stakeholders (id)"
    )
    op.add_column(
        'tasks', sa.Column('also_with', sa.Text(), nullable=False, server_default='[]')
    )
    op.create_index('ix_tasks_stakeholder_id', 'tasks', ['stakeholder_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tasks_stakeholder_id', table_name='tasks')
    with op.batch_alter_table('tasks') as batch:
        batch.drop_column('also_with')
        batch.drop_column('stakeholder_id')
    op.drop_index('ix_touches_also_with', table_name='touches')
    with op.batch_alter_table('touches') as batch:
        batch.drop_column('also_with')
