"""The foundation schema: reps, whales, deals, stakeholders, touches, triggers, cadences, reviews.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cadence_templates',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cadence_templates'))
    )
    op.create_table('reps',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('lunch_cutoff', sa.String(length=5), nullable=False),
    sa.Column('workdays', sa.String(length=7), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reps'))
    )
    op.create_table('settings',
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_settings'))
    )
    op.create_table('cadence_steps',
    sa.Column('template_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('day_offset', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=32), nullable=False),
    sa.Column('instruction', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['template_id'], ['cadence_templates.id'], name=op.f('fk_cadence_steps_template_id_cadence_templates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cadence_steps'))
    )
    with op.batch_alter_table('cadence_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cadence_steps_template_id'), ['template_id'], unique=False)

    op.create_table('whales',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('web_domain', sa.String(length=255), nullable=False),
    sa.Column('industry', sa.String(length=120), nullable=False),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.Column('why_now', sa.Text(), nullable=False),
    sa.Column('past_attempts', sa.Text(), nullable=False),
    sa.Column('past_proposals', sa.Text(), nullable=False),
    sa.Column('competitors', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('listening', sa.Text(), nullable=False),
    sa.Column('top_ten', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['reps.id'], name=op.f('fk_whales_owner_id_reps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_whales'))
    )
    with op.batch_alter_table('whales', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_whales_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_whales_owner_id'), ['owner_id'], unique=False)

    op.create_table('deals',
    sa.Column('whale_id', sa.String(length=36), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('solution', sa.Text(), nullable=False),
    sa.Column('exact_deal', sa.Text(), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['whale_id'], ['whales.id'], name=op.f('fk_deals_whale_id_whales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deals'))
    )
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deals_whale_id'), ['whale_id'], unique=False)

    op.create_table('stakeholders',
    sa.Column('whale_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('influence', sa.Integer(), nullable=False),
    sa.Column('relationship', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('profile_url', sa.String(length=500), nullable=False),
    sa.Column('signed_before', sa.Boolean(), nullable=False),
    sa.Column('moved_from', sa.String(length=300), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['whale_id'], ['whales.id'], name=op.f('fk_stakeholders_whale_id_whales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stakeholders'))
    )
    with op.batch_alter_table('stakeholders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stakeholders_whale_id'), ['whale_id'], unique=False)

    op.create_table('triggers',
    sa.Column('whale_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('source_url', sa.String(length=1000), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['whale_id'], ['whales.id'], name=op.f('fk_triggers_whale_id_whales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_triggers'))
    )
    with op.batch_alter_table('triggers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_triggers_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_triggers_whale_id'), ['whale_id'], unique=False)

    op.create_table('enrolments',
    sa.Column('template_id', sa.String(length=36), nullable=False),
    sa.Column('whale_id', sa.String(length=36), nullable=False),
    sa.Column('stakeholder_id', sa.String(length=36), nullable=True),
    sa.Column('rep_id', sa.String(length=36), nullable=True),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('stop_reason', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_enrolments_rep_id_reps')),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholders.id'], name=op.f('fk_enrolments_stakeholder_id_stakeholders')),
    sa.ForeignKeyConstraint(['template_id'], ['cadence_templates.id'], name=op.f('fk_enrolments_template_id_cadence_templates')),
    sa.ForeignKeyConstraint(['whale_id'], ['whales.id'], name=op.f('fk_enrolments_whale_id_whales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments'))
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolments_template_id'), ['template_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolments_whale_id'), ['whale_id'], unique=False)

    op.create_table('reviews',
    sa.Column('deal_id', sa.String(length=36), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('primary_reason', sa.String(length=32), nullable=False),
    sa.Column('secondary_reasons', sa.Text(), nullable=False),
    sa.Column('do_differently', sa.Text(), nullable=False),
    sa.Column('customer_quote', sa.Text(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], name=op.f('fk_reviews_deal_id_deals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews'))
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_deal_id'), ['deal_id'], unique=False)

    op.create_table('touches',
    sa.Column('whale_id', sa.String(length=36), nullable=False),
    sa.Column('rep_id', sa.String(length=36), nullable=True),
    sa.Column('stakeholder_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['rep_id'], ['reps.id'], name=op.f('fk_touches_rep_id_reps')),
    sa.ForeignKeyConstraint(['stakeholder_id'], ['stakeholders.id'], name=op.f('fk_touches_stakeholder_id_stakeholders')),
    sa.ForeignKeyConstraint(['whale_id'], ['whales.id'], name=op.f('fk_touches_whale_id_whales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_touches'))
    )
    with op.batch_alter_table('touches', schema=None) as batch_op:
        batch_op.create_index('ix_touches_rep_time', ['rep_id', 'occurred_at'], unique=False)
        batch_op.create_index('ix_touches_whale_kind_time', ['whale_id', 'kind', 'occurred_at'], unique=False)

    op.create_table('enrolment_steps',
    sa.Column('enrolment_id', sa.String(length=36), nullable=False),
    sa.Column('step_id', sa.String(length=36), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('touch_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_enrolment_steps_enrolment_id_enrolments')),
    sa.ForeignKeyConstraint(['step_id'], ['cadence_steps.id'], name=op.f('fk_enrolment_steps_step_id_cadence_steps')),
    sa.ForeignKeyConstraint(['touch_id'], ['touches.id'], name=op.f('fk_enrolment_steps_touch_id_touches')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment_steps'))
    )
    with op.batch_alter_table('enrolment_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_steps_enrolment_id'), ['enrolment_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('enrolment_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_steps_enrolment_id'))

    op.drop_table('enrolment_steps')
    with op.batch_alter_table('touches', schema=None) as batch_op:
        batch_op.drop_index('ix_touches_whale_kind_time')
        batch_op.drop_index('ix_touches_rep_time')

    op.drop_table('touches')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_deal_id'))

    op.drop_table('reviews')
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolments_whale_id'))
        batch_op.drop_index(batch_op.f('ix_enrolments_template_id'))

    op.drop_table('enrolments')
    with op.batch_alter_table('triggers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_triggers_whale_id'))
        batch_op.drop_index(batch_op.f('ix_triggers_occurred_at'))

    op.drop_table('triggers')
    with op.batch_alter_table('stakeholders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stakeholders_whale_id'))

    op.drop_table('stakeholders')
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deals_whale_id'))

    op.drop_table('deals')
    with op.batch_alter_table('whales', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_whales_owner_id'))
        batch_op.drop_index(batch_op.f('ix_whales_name'))

    op.drop_table('whales')
    with op.batch_alter_table('cadence_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cadence_steps_template_id'))

    op.drop_table('cadence_steps')
    op.drop_table('settings')
    op.drop_table('reps')
    op.drop_table('cadence_templates')
