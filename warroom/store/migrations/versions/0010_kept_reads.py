"""Reads kept in the book for the next process: heat's arrays and the touch figures of a
team's book take a second to read from half a million touches, and only change when the
touches do (store.memo).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kept_reads',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('marks', sa.Text(), nullable=False),
    sa.Column('value', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_kept_reads'))
    )


def downgrade() -> None:
    op.drop_table('kept_reads')
