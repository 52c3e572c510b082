"""A deal's expected close date and the history of its close date, amount and stage; who a
stakeholder reports to, and whether (and where to) they left the account.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa



revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deals') as batch:
        batch.add_column(sa.Column('close_on', sa.Date(), nullable=True))
    op.create_table('deal_changes',
    sa.Column('deal_id', sa.String(length=36), nullable=False),
    sa.Column('rep_id', sa.String(length=36), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('field', sa.String(length=16), nullable=False),
    sa.Column('before', sa.Text(), nullable=False),
    sa.Column('after', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], name=op.f('fk_deal_changes_deal_id_deals')),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_deal_changes_rep_id_reps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deal_changes'))
    )
    op.create_index(op.f('ix_deal_changes_deal_id'), 'deal_changes', ['deal_id'], unique=False)
    op.create_index(op.f('ix_deal_changes_rep_id'), 'deal_changes', ['rep_id'], unique=False)
    # Plain ALTER TABLE ADD COLUMN: a batch rebuild of stakeholders would drop a table that
    # touches and enrolments point at, and fail their foreign keys on a real book.
    op.execute(
        "ALTER TABLE stakeholders ADD COLUMN reports_to_id VARCHAR(36) CONSTRAINT"
        " fk_stakeholders_reports_to_id_stakeholders REFERENCES stakeholders (id)"
    )
    op.add_column('stakeholders', sa.Column('left_on', sa.Date(), nullable=True))
    op.add_column('stakeholders', sa.Column(
        'now_at', sa.String(length=300), nullable=False, server_default=''
    ))
    op.create_index(
        'ix_stakeholders_reports_to_id', 'stakeholders', ['reports_to_id'], unique=False
    )


def downgrade() -> None:
    op.drop_index('ix_stakeholders_reports_to_id', table_name='stakeholders')
    with op.batch_alter_table('stakeholders') as batch:
        batch.drop_column('now_at')
        batch.drop_column('left_on')
        batch.drop_column('reports_to_id')
    op.drop_index(op.f('ix_deal_changes_rep_id'), table_name='deal_changes')
    op.drop_index(op.f('ix_deal_changes_deal_id'), table_name='deal_changes')
    op.drop_table('deal_changes')
    with op.batch_alter_table('deals') as batch:
        batch.drop_column('close_on')
