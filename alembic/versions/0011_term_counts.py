"""term counts: document frequency per association, kept incrementally

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-04

- ``term_documents``: the terms of each profile and published need, as keyed hashes.
- ``term_counts``: per association, kind and term hash, in how many documents it appears.

Both are filled from the existing texts (vta.services.term_counts.rebuilt_rows), hashed with the
key derived from the application secret: the same secret the server runs with.
"""
import json
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def _list(value):
    return json.loads(value) if isinstance(value, str) else (value or [])


def _fill(docs: sa.Table, counts: sa.Table) -> None:
    conn = op.get_bind()
    people = [SimpleNamespace(id=r.id, association_id=r.association_id, erased_at=None, goals=r.goals,
                              interests=r.interests, experience=r.experience, skills=_list(r.skills))
              for r in conn.execute(sa.text(
                  "SELECT id, association_id, goals, interests, experience, skills FROM participants "
                  "WHERE erased_at IS NULL").columns(id=sa.Uuid(), association_id=sa.Uuid(), skills=sa.JSON()))]
    tasks: dict = {}
    for r in conn.execute(sa.text("SELECT need_id, title, description FROM need_tasks ORDER BY need_id, position")
                          .columns(need_id=sa.Uuid())):
        tasks.setdefault(r.need_id, []).append(SimpleNamespace(title=r.title, description=r.description))
    needs = [SimpleNamespace(id=r.id, association_id=r.association_id, status=r.status, title=r.title,
                             description=r.description, skills=_list(r.skills), tasks=tasks.get(r.id, []))
             for r in conn.execute(sa.text(
                 "SELECT n.id, e.association_id, n.status, n.title, n.description, n.skills FROM needs n "
                 "JOIN employers e ON e.id = n.employer_id WHERE n.status NOT IN ('draft', 'closed')")
                 .columns(id=sa.Uuid(), association_id=sa.Uuid(), skills=sa.JSON()))]
    if not people and not needs:
        return  # nothing to count (and no secret needed)
    from vta.services import term_counts

    doc_rows, count_rows = term_counts.rebuilt_rows(people, needs, term_counts.hash_key())
    if doc_rows:
        op.bulk_insert(docs, doc_rows)
    if count_rows:
        op.bulk_insert(counts, count_rows)


def upgrade() -> None:
    docs = op.create_table(
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
    counts = op.create_table(
        'term_counts',
        sa.Column('association_id', sa.Uuid(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('term', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['association_id'], ['associations.id'],
                                name=op.f('fk_term_counts_association_id_associations')),
        sa.PrimaryKeyConstraint('association_id', 'kind', 'term', name=op.f('pk_term_counts')),
    )
    _fill(docs, counts)


def downgrade() -> None:
    op.drop_table('term_counts')
    op.drop_index(op.f('ix_term_documents_association_id'), table_name='term_documents')
    op.drop_table('term_documents')
