"""list indexes: each list's filter and order in one index, so pages are read in index order

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

Each composite replaces the single-column index that is its first column (the composite serves
every lookup the old one did):

- ``ix_needs_employer_page`` (employer_id, created_at, id): an employer's needs newest first.
- ``ix_placements_employer_page`` (employer_id, start_date, id): an employer's placements.
- ``ix_notifications_user_page`` (user_id, created_at, id): a user's notifications.
- ``ix_deviation_reports_association_page`` (association_id, created_at, id).
- ``ix_employers_association_name`` (association_id, name, id): an association's employers by name.

Participant names are sealed (0010): no index on them, they are searched and sorted in Python.
tests/test_list_query_plans.py checks on both dialects that the lists' plans use these.
"""
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# (table, new index, its columns, the single-column index it replaces, that index's column)
INDEXES = [
    ('needs', 'ix_needs_employer_page', ['employer_id', 'created_at', 'id'], 'ix_needs_employer_id', 'employer_id'),
    ('placements', 'ix_placements_employer_page', ['employer_id', 'start_date', 'id'],
     'ix_placements_employer_id', 'employer_id'),
    ('notifications', 'ix_notifications_user_page', ['user_id', 'created_at', 'id'],
     'ix_notifications_user_id', 'user_id'),
    ('deviation_reports', 'ix_deviation_reports_association_page', ['association_id', 'created_at', 'id'],
     'ix_deviation_reports_association_id', 'association_id'),
    ('employers', 'ix_employers_association_name', ['association_id', 'name', 'id'],
     'ix_employers_association_id', 'association_id'),
]


def upgrade() -> None:
    for table, name, columns, old, _old_column in INDEXES:
        op.create_index(name, table, columns, unique=False)
        op.drop_index(old, table_name=table)


def downgrade() -> None:
    for table, name, _columns, old, old_column in reversed(INDEXES):
        op.create_index(old, table, [old_column], unique=False)
        op.drop_index(name, table_name=table)
