"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('associations',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_associations')),
    sa.UniqueConstraint('name', name=op.f('uq_associations_name'))
    )
    op.create_table('audit_events',
    sa.Column('at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('subject_type', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.String(length=64), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_user_id'), ['user_id'], unique=False)

    op.create_table('embeddings',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=True),
    sa.Column('dim', sa.Integer(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_embeddings'))
    )
    with op.batch_alter_table('embeddings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_embeddings_owner_id'), ['owner_id'], unique=False)

    op.create_table('login_attempts',
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_attempts_key'), ['key'], unique=False)

    op.create_table('reference_items',
    sa.Column('catalogue', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_items')),
    sa.UniqueConstraint('catalogue', 'code', 'version', name=op.f('uq_reference_items_catalogue_code_version'))
    )
    op.create_table('taxonomy_concepts',
    sa.Column('concept_id', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('legacy_id', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('concept_id', name=op.f('pk_taxonomy_concepts'))
    )
    with op.batch_alter_table('taxonomy_concepts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_taxonomy_concepts_type'), ['type'], unique=False)

    op.create_table('employers',
    sa.Column('association_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('org_number', sa.String(length=11), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('csr_partner', sa.Boolean(), nullable=False),
    sa.Column('inclusion_stance', sa.String(length=30), nullable=False),
    sa.Column('relationship_owner_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'], name=op.f('fk_employers_association_id_associations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employers')),
    sa.UniqueConstraint('org_number', name=op.f('uq_employers_org_number'))
    )
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employers_association_id'), ['association_id'], unique=False)

    op.create_table('csr_agreements',
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('valid_from', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('valid_to', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('commitment', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_csr_agreements_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_csr_agreements'))
    )
    with op.batch_alter_table('csr_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_csr_agreements_employer_id'), ['employer_id'], unique=False)

    op.create_table('employer_contacts',
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employer_contacts_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_contacts'))
    )
    with op.batch_alter_table('employer_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_contacts_employer_id'), ['employer_id'], unique=False)

    op.create_table('users',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('association_id', sa.Uuid(), nullable=True),
    sa.Column('employer_id', sa.Uuid(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'], name=op.f('fk_users_association_id_associations')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_users_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('workplaces',
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('municipality_code', sa.String(length=4), nullable=True),
    sa.Column('supervisor_capacity', sa.Integer(), nullable=False),
    sa.Column('accessible_premises', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.CheckConstraint('supervisor_capacity >= 0', name=op.f('ck_workplaces_capacity_nonneg')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_workplaces_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workplaces'))
    )
    with op.batch_alter_table('workplaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workplaces_employer_id'), ['employer_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('revoked_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('interactions',
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('occurred_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_interactions_employer_id_employers')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_interactions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interactions'))
    )
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interactions_employer_id'), ['employer_id'], unique=False)

    op.create_table('match_runs',
    sa.Column('association_id', sa.Uuid(), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('progress', sa.Float(), nullable=False),
    sa.Column('proposal_count', sa.Integer(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('model_versions', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('started_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('finished_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('enqueued_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'], name=op.f('fk_match_runs_association_id_associations')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_match_runs_created_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_runs'))
    )
    with op.batch_alter_table('match_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_runs_status'), ['status'], unique=False)

    op.create_table('needs',
    sa.Column('workplace_id', sa.Uuid(), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('need_type', sa.String(length=30), nullable=False),
    sa.Column('slots', sa.Integer(), nullable=False),
    sa.Column('filled_slots', sa.Integer(), nullable=False),
    sa.Column('hours_min', sa.Integer(), nullable=False),
    sa.Column('hours_max', sa.Integer(), nullable=False),
    sa.Column('placement_types', sa.JSON(), nullable=False),
    sa.Column('adaptations_offered', sa.JSON(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('swedish_level_required', sa.String(length=10), nullable=False),
    sa.Column('driving_licence_required', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('posted_by', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.CheckConstraint('filled_slots >= 0 AND filled_slots <= slots', name=op.f('ck_needs_filled_within_slots')),
    sa.CheckConstraint('hours_min >= 1 AND hours_max <= 40 AND hours_min <= hours_max', name=op.f('ck_needs_hours_range')),
    sa.CheckConstraint('slots >= 1', name=op.f('ck_needs_slots_positive')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_needs_created_by_users')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_needs_employer_id_employers')),
    sa.ForeignKeyConstraint(['workplace_id'], ['workplaces.id'], name=op.f('fk_needs_workplace_id_workplaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_needs'))
    )
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_needs_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_needs_workplace_id'), ['workplace_id'], unique=False)

    op.create_table('notifications',
    sa.Column('dedup_key', sa.String(length=200), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('sent_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('read_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_notifications_dedup_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)

    op.create_table('participants',
    sa.Column('association_id', sa.Uuid(), nullable=False),
    sa.Column('coordinator_id', sa.Uuid(), nullable=True),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('max_travel_km', sa.Float(), nullable=False),
    sa.Column('hours_max', sa.Integer(), nullable=False),
    sa.Column('placement_types', sa.JSON(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('interests', sa.Text(), nullable=False),
    sa.Column('experience', sa.Text(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('swedish_level', sa.String(length=10), nullable=False),
    sa.Column('driving_licence', sa.Boolean(), nullable=False),
    sa.Column('erased_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('updated_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['association_id'], ['associations.id'], name=op.f('fk_participants_association_id_associations')),
    sa.ForeignKeyConstraint(['coordinator_id'], ['users.id'], name=op.f('fk_participants_coordinator_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants'))
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_association_id'), ['association_id'], unique=False)

    op.create_table('supervisors',
    sa.Column('workplace_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('max_concurrent', sa.Integer(), nullable=False),
    sa.Column('training_done', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workplace_id'], ['workplaces.id'], name=op.f('fk_supervisors_workplace_id_workplaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervisors'))
    )
    with op.batch_alter_table('supervisors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervisors_workplace_id'), ['workplace_id'], unique=False)

    op.create_table('adaptation_needs',
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('tag', sa.String(length=40), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('employer_visible_wording', sa.String(length=300), nullable=True),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_adaptation_needs_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adaptation_needs'))
    )
    with op.batch_alter_table('adaptation_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adaptation_needs_participant_id'), ['participant_id'], unique=False)

    op.create_table('consents',
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('scope', sa.String(length=40), nullable=False),
    sa.Column('given_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('given_by', sa.Uuid(), nullable=True),
    sa.Column('withdrawn_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('document_ref', sa.String(length=100), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['given_by'], ['users.id'], name=op.f('fk_consents_given_by_users')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_consents_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consents'))
    )
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consents_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('uq_consents_active_scope', ['participant_id', 'scope'], unique=True, sqlite_where=sa.text('withdrawn_at IS NULL'), postgresql_where=sa.text('withdrawn_at IS NULL'))

    op.create_table('employer_exclusions',
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employer_exclusions_employer_id_employers')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_employer_exclusions_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('participant_id', 'employer_id', name=op.f('pk_employer_exclusions'))
    )
    op.create_table('need_tasks',
    sa.Column('need_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('core_or_support', sa.String(length=10), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_need_tasks_need_id_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need_tasks'))
    )
    with op.batch_alter_table('need_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_tasks_need_id'), ['need_id'], unique=False)

    op.create_table('participant_languages',
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('language', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_participant_languages_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_languages'))
    )
    with op.batch_alter_table('participant_languages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_languages_participant_id'), ['participant_id'], unique=False)

    op.create_table('proposals',
    sa.Column('run_id', sa.Uuid(), nullable=False),
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('need_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('score', sa.Numeric(precision=7, scale=4), nullable=False),
    sa.Column('explanation', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reason_code', sa.String(length=40), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.Uuid(), nullable=True),
    sa.Column('decided_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by'], ['users.id'], name=op.f('fk_proposals_decided_by_users')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_proposals_need_id_needs')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_proposals_participant_id_participants')),
    sa.ForeignKeyConstraint(['run_id'], ['match_runs.id'], name=op.f('fk_proposals_run_id_match_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals')),
    sa.UniqueConstraint('run_id', 'participant_id', 'need_id', name=op.f('uq_proposals_run_id_participant_id_need_id'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_status'), ['status'], unique=False)

    op.create_table('disclosures',
    sa.Column('at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('consent_id', sa.Uuid(), nullable=False),
    sa.Column('proposal_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], name=op.f('fk_disclosures_consent_id_consents')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_disclosures_employer_id_employers')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_disclosures_participant_id_participants')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_disclosures_proposal_id_proposals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosures'))
    )
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosures_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_user_id'), ['user_id'], unique=False)

    op.create_table('placements',
    sa.Column('proposal_id', sa.Uuid(), nullable=True),
    sa.Column('participant_id', sa.Uuid(), nullable=False),
    sa.Column('need_id', sa.Uuid(), nullable=False),
    sa.Column('workplace_id', sa.Uuid(), nullable=False),
    sa.Column('employer_id', sa.Uuid(), nullable=False),
    sa.Column('supervisor_id', sa.Uuid(), nullable=True),
    sa.Column('placement_type', sa.String(length=30), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('planned_end', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('ended_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('hours_per_week', sa.Integer(), nullable=True),
    sa.Column('previous_placement_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_placements_employer_id_employers')),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_placements_need_id_needs')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_placements_participant_id_participants')),
    sa.ForeignKeyConstraint(['previous_placement_id'], ['placements.id'], name=op.f('fk_placements_previous_placement_id_placements')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_placements_proposal_id_proposals')),
    sa.ForeignKeyConstraint(['supervisor_id'], ['supervisors.id'], name=op.f('fk_placements_supervisor_id_supervisors')),
    sa.ForeignKeyConstraint(['workplace_id'], ['workplaces.id'], name=op.f('fk_placements_workplace_id_workplaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_placements_proposal_id'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_workplace_id'), ['workplace_id'], unique=False)
        batch_op.create_index('uq_placements_active_participant', ['participant_id'], unique=True, sqlite_where=sa.text('active'), postgresql_where=sa.text('active'))

    op.create_table('proposal_events',
    sa.Column('proposal_id', sa.Uuid(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('reason_code', sa.String(length=40), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_events_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_proposal_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_events'))
    )
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_events_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('checkpoints',
    sa.Column('placement_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('done_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=True),
    sa.Column('completed_by', sa.Uuid(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('reminded_on', sa.Date(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.CheckConstraint('rating IS NULL OR (rating >= 1 AND rating <= 5)', name=op.f('ck_checkpoints_rating_range')),
    sa.ForeignKeyConstraint(['completed_by'], ['users.id'], name=op.f('fk_checkpoints_completed_by_users')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_checkpoints_placement_id_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkpoints'))
    )
    with op.batch_alter_table('checkpoints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkpoints_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkpoints_placement_id'), ['placement_id'], unique=False)

    op.create_table('deviation_reports',
    sa.Column('reported_by', sa.Uuid(), nullable=True),
    sa.Column('involved_orgs', sa.JSON(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('suggested_improvement', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('answer_text', sa.Text(), nullable=True),
    sa.Column('placement_id', sa.Uuid(), nullable=True),
    sa.Column('follow_up_count', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_deviation_reports_placement_id_placements')),
    sa.ForeignKeyConstraint(['reported_by'], ['users.id'], name=op.f('fk_deviation_reports_reported_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deviation_reports'))
    )
    op.create_table('support_decisions',
    sa.Column('placement_id', sa.Uuid(), nullable=False),
    sa.Column('instrument', sa.String(length=40), nullable=False),
    sa.Column('decided_by_org', sa.String(length=20), nullable=False),
    sa.Column('applicant', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('reference_no', sa.String(length=60), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_support_decisions_placement_id_placements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_decisions'))
    )
    with op.batch_alter_table('support_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_decisions_placement_id'), ['placement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('support_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_decisions_placement_id'))

    op.drop_table('support_decisions')
    op.drop_table('deviation_reports')
    with op.batch_alter_table('checkpoints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkpoints_placement_id'))
        batch_op.drop_index(batch_op.f('ix_checkpoints_due_date'))

    op.drop_table('checkpoints')
    with op.batch_alter_table('proposal_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_events_proposal_id'))

    op.drop_table('proposal_events')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index('uq_placements_active_participant', sqlite_where=sa.text('active'), postgresql_where=sa.text('active'))
        batch_op.drop_index(batch_op.f('ix_placements_workplace_id'))
        batch_op.drop_index(batch_op.f('ix_placements_participant_id'))
        batch_op.drop_index(batch_op.f('ix_placements_need_id'))
        batch_op.drop_index(batch_op.f('ix_placements_employer_id'))

    op.drop_table('placements')
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_disclosures_user_id'))
        batch_op.drop_index(batch_op.f('ix_disclosures_participant_id'))
        batch_op.drop_index(batch_op.f('ix_disclosures_employer_id'))

    op.drop_table('disclosures')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_status'))
        batch_op.drop_index(batch_op.f('ix_proposals_run_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_participant_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_need_id'))

    op.drop_table('proposals')
    with op.batch_alter_table('participant_languages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_languages_participant_id'))

    op.drop_table('participant_languages')
    with op.batch_alter_table('need_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_tasks_need_id'))

    op.drop_table('need_tasks')
    op.drop_table('employer_exclusions')
    with op.batch_alter_table('consents', schema=None) as batch_op:
        batch_op.drop_index('uq_consents_active_scope', sqlite_where=sa.text('withdrawn_at IS NULL'), postgresql_where=sa.text('withdrawn_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_consents_participant_id'))

    op.drop_table('consents')
    with op.batch_alter_table('adaptation_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adaptation_needs_participant_id'))

    op.drop_table('adaptation_needs')
    with op.batch_alter_table('supervisors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervisors_workplace_id'))

    op.drop_table('supervisors')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_association_id'))

    op.drop_table('participants')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_needs_workplace_id'))
        batch_op.drop_index(batch_op.f('ix_needs_employer_id'))

    op.drop_table('needs')
    with op.batch_alter_table('match_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_runs_status'))

    op.drop_table('match_runs')
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interactions_employer_id'))

    op.drop_table('interactions')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('workplaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workplaces_employer_id'))

    op.drop_table('workplaces')
    op.drop_table('users')
    with op.batch_alter_table('employer_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_contacts_employer_id'))

    op.drop_table('employer_contacts')
    with op.batch_alter_table('csr_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_csr_agreements_employer_id'))

    op.drop_table('csr_agreements')
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employers_association_id'))

    op.drop_table('employers')
    with op.batch_alter_table('taxonomy_concepts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_taxonomy_concepts_type'))

    op.drop_table('taxonomy_concepts')
    op.drop_table('reference_items')
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_key'))

    op.drop_table('login_attempts')
    with op.batch_alter_table('embeddings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_embeddings_owner_id'))

    op.drop_table('embeddings')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_user_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_subject_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))

    op.drop_table('audit_events')
    op.drop_table('associations')
