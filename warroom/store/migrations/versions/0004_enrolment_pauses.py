"""When an enrolment was paused (so resuming shifts its later steps) and when it ended.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paused_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_column('ended_on')
        batch_op.drop_column('paused_on')

