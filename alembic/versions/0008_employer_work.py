"""employer work: interaction log, support decisions, deviation reports, BIP assessments

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-04

- ``interactions``: a date (``occurred_on``) instead of a timestamp, ``notes``, a next step with
  its due date (the reminder), ``created_at``; an index for "last contact per employer".
- ``support_decisions``: ``applied_on`` and who recorded it.
- ``deviation_reports``: the reporting association (its coordinators handle the report),
  ``answered_at`` and ``updated_at``.
- ``bip_assessments``: BIP/SKAPA progression scores per participant.

No feature wrote to these tables before this revision, so the interaction columns are rebuilt
without carrying rows over.
"""
from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types


revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_column('occurred_at')
        batch_op.alter_column('note', new_column_name='notes', existing_type=sa.Text(), existing_nullable=False)
        batch_op.add_column(sa.Column('occurred_on', sa.Date(), nullable=False))
        batch_op.add_column(sa.Column('next_step', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('next_step_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
                                      nullable=False))
        batch_op.create_index('ix_interactions_employer_occurred', ['employer_id', 'occurred_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_interactions_next_step_due'), ['next_step_due'], unique=False)

    with op.batch_alter_table('support_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applied_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('created_by', sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_support_decisions_created_by_users'), 'users', ['created_by'],
                                    ['id'])

    with op.batch_alter_table('deviation_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('association_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('answered_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
                                      nullable=True))
        batch_op.create_index(batch_op.f('ix_deviation_reports_association_id'), ['association_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_deviation_reports_association_id_associations'),
                                    'associations', ['association_id'], ['id'])

    op.create_table('bip_assessments',
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('respondent', sa.String(length=20), nullable=False),
    sa.Column('indicator_set_version', sa.Integer(), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('consent_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], name=op.f('fk_bip_assessments_consent_id_consents')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_bip_assessments_created_by_users')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                            name=op.f('fk_bip_assessments_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bip_assessments'))
    )
    with op.batch_alter_table('bip_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bip_assessments_participant_id'), ['participant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('bip_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bip_assessments_participant_id'))
    op.drop_table('bip_assessments')

    with op.batch_alter_table('deviation_reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_deviation_reports_association_id_associations'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_deviation_reports_association_id'))
        batch_op.drop_column('updated_at')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('association_id')

    with op.batch_alter_table('support_decisions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_support_decisions_created_by_users'), type_='foreignkey')
        batch_op.drop_column('created_by')
        batch_op.drop_column('applied_on')

    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interactions_next_step_due'))
        batch_op.drop_index('ix_interactions_employer_occurred')
        batch_op.drop_column('created_at')
        batch_op.drop_column('next_step_due')
        batch_op.drop_column('next_step')
        batch_op.drop_column('occurred_on')
        batch_op.alter_column('notes', new_column_name='note', existing_type=sa.Text(), existing_nullable=False)
        batch_op.add_column(sa.Column('occurred_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True),
                                      nullable=False))
