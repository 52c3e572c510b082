"""Swaps in the daily five: a whale taken off a day's list for another, with the reason.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('today_swaps',
    sa.Column('rep_id', sa.String(length=36), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('removed_whale_id', sa.String(length=36), nullable=False),
    sa.Column('added_whale_id', sa.String(length=36), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['added_whale_id'], ['whales.id'], name=op.f('fk_today_swaps_added_whale_id_whales')),
    sa.ForeignKeyConstraint(['removed_whale_id'], ['whales.id'], name=op.f('fk_today_swaps_removed_whale_id_whales')),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_today_swaps_rep_id_reps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_today_swaps'))
    )
    with op.batch_alter_table('today_swaps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_today_swaps_rep_id'), ['rep_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('today_swaps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_today_swaps_rep_id'))

    op.drop_table('today_swaps')
