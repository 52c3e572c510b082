"""The day's plan: Today as first built each day, kept so its rows never move.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('day_plan_rows',
    sa.Column('rep_id', sa.String(length=36), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('whale_id', sa.String(length=36), nullable=False),
    sa.Column('rule', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('suggested_kind', sa.String(length=32), nullable=False),
    sa.Column('step_ref', sa.String(length=36), nullable=True),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_day_plan_rows_rep_id_reps')),
    sa.ForeignKeyConstraint(['whale_id'], ['whales.id'], name=op.f('fk_day_plan_rows_whale_id_whales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_day_plan_rows'))
    )
    with op.batch_alter_table('day_plan_rows', schema=None) as batch_op:
        batch_op.create_index('ix_day_plan_rows_rep_day', ['rep_id', 'day'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('day_plan_rows', schema=None) as batch_op:
        batch_op.drop_index('ix_day_plan_rows_rep_day')

    op.drop_table('day_plan_rows')
