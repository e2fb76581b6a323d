"""unmatched participants of a match run

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04

- ``unmatched_participants``: for each participant a run gave no proposal, why (the rules that
  excluded how many needs, or no need above the minimum fit), stored with the run.
"""
from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('unmatched_participants',
    sa.Column('run_id', sa.Uuid(), nullable=False),
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                            name=op.f('fk_unmatched_participants_participant_id_participants')),
    sa.ForeignKeyConstraint(['run_id'], ['match_runs.id'], name=op.f('fk_unmatched_participants_run_id_match_runs'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unmatched_participants')),
    sa.UniqueConstraint('run_id', 'participant_id', name=op.f('uq_unmatched_participants_run_id_participant_id'))
    )
    with op.batch_alter_table('unmatched_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unmatched_participants_participant_id'), ['participant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('unmatched_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unmatched_participants_participant_id'))
    op.drop_table('unmatched_participants')
