"""The written log: per commit, the write counters it moved and the whales and touch reps it
wrote, so a read kept of the whole book re-reads only those whales (store.written).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('written_log',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('marks', sa.Text(), nullable=False),
    sa.Column('whales', sa.Text(), nullable=True),
    sa.Column('reps', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_written_log'))
    )


def downgrade() -> None:
    op.drop_table('written_log')
