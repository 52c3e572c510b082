"""An index on every column that points at another row, as SQLite asks of foreign keys.

Without one, each parent row written or deleted while references are being checked reads the
whole child table: loading a team's export (children arrive before their parents, the checks
wait for the commit) took more than twenty minutes, every touch scanning the cadence steps;
with them it takes seconds. Deleting a touch or a stakeholder no longer scans either.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

CHILD_KEYS = (
    ('touches', 'stakeholder_id'),
    ('enrolments', 'stakeholder_id'),
    ('enrolments', 'rep_id'),
    ('enrolment_steps', 'step_id'),
    ('enrolment_steps', 'touch_id'),
    ('tasks', 'rep_id'),
    ('tasks', 'done_touch_id'),
    ('today_swaps', 'removed_whale_id'),
    ('today_swaps', 'added_whale_id'),
    ('day_plan_rows', 'whale_id'),
)


def upgrade() -> None:
    for table, column in CHILD_KEYS:
        op.create_index(f'ix_{table}_{column}', table, [column], unique=False)


def downgrade() -> None:
    for table, column in reversed(CHILD_KEYS):
        op.drop_index(f'ix_{table}_{column}', table_name=table)
