"""Planned touches (tasks): a what-if touch saved for a day, to be done and checked off.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tasks',
    sa.Column('whale_id', sa.String(length=36), nullable=False),
    sa.Column('rep_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('done_touch_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['done_touch_id'], ['touches.id'], name=op.f('fk_tasks_done_touch_id_touches')),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_tasks_rep_id_reps')),
    sa.ForeignKeyConstraint(['whale_id'], ['whales.id'], name=op.f('fk_tasks_whale_id_whales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_whale_id'), ['whale_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_whale_id'))

    op.drop_table('tasks')
