"""Team sync: the change log, field clocks, and what this laptop knows of the shared folder.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('changes',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.String(length=200), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('stamp', sa.String(length=80), nullable=False),
    sa.Column('prev', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_changes')),
    sqlite_autoincrement=True
    )
    op.create_table('sync_rows',
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.String(length=200), nullable=False),
    sa.Column('stamp', sa.String(length=80), nullable=False),
    sa.Column('prev', sa.String(length=80), nullable=False),
    sa.Column('fields', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('table_name', 'row_id', name=op.f('pk_sync_rows')),
    sqlite_with_rowid=False
    )
    op.create_table('sync_state',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_state'))
    )
    op.create_table('sync_applied',
    sa.Column('device', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('device', 'seq', name=op.f('pk_sync_applied'))
    )
    op.create_table('sync_published',
    sa.Column('device', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('last_change', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('device', 'seq', name=op.f('pk_sync_published'))
    )
    op.create_table('sync_conflicts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.String(length=200), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('stamp', sa.String(length=80), nullable=False),
    sa.Column('winner', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflicts')),
    sa.UniqueConstraint('table_name', 'row_id', 'field', 'stamp', name='uq_sync_conflicts_write')
    )
    op.create_table('sync_quarantine',
    sa.Column('device', sa.String(length=40), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('file_hash', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('device', 'seq', name=op.f('pk_sync_quarantine'))
    )


def downgrade() -> None:
    for table in ('sync_quarantine', 'sync_conflicts', 'sync_published', 'sync_applied',
                  'sync_state', 'sync_rows', 'changes'):
        op.drop_table(table)
