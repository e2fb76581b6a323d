"""term counts: document frequency per association, kept incrementally

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04

- ``term_documents``: the terms of each profile and published need, as keyed hashes.
- ``term_counts``: per association, kind and term hash, in how many documents it appears.

Both are created empty: the existing texts are sealed (0010) and only the application opens them,
so `vta db upgrade` and `vta serve` count them right after migrating
(employers.term_counts.recount_if_stale), hashed with the key derived from the running secret.
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'term_documents',
        sa.Column('doc_id', sa.Uuid(), nullable=False),
        sa.Column('association_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('terms', sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('participant', 'need')", name=op.f('ck_term_documents_kind_known')),
        sa.ForeignKeyConstraint(['association_id'], ['associations.id'],
                                name=op.f('fk_term_documents_association_id_associations')),
        sa.PrimaryKeyConstraint('doc_id', name=op.f('pk_term_documents')),
    )
    op.create_index(op.f('ix_term_documents_association_id'), 'term_documents', ['association_id'], unique=False)
    op.create_table(
        'term_counts',
        sa.Column('association_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('term', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['association_id'], ['associations.id'],
                                name=op.f('fk_term_counts_association_id_associations')),
        sa.PrimaryKeyConstraint('association_id', 'kind', 'term', name=op.f('pk_term_counts')),
    )
    # The texts are sealed (0010) and only the application opens them: `vta db upgrade` and
    # `vta serve` count them after migrating (employers.term_counts.recount_if_stale).


def downgrade() -> None:
    op.drop_table('term_counts')
    op.drop_index(op.f('ix_term_documents_association_id'), table_name='term_documents')
    op.drop_table('term_documents')
