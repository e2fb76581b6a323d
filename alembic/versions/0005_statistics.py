"""follow-up fields and the statistics snapshot on placements

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

- ``participants``: optional gender, birth year, income source and occupation (domain.md §6).
- ``placements``: the categories statistics group by, copied at start and at exit, so the
  statistics survive the person's erasure.
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

PARTICIPANT = [("gender", sa.String(10)), ("birth_year", sa.Integer()), ("income_source", sa.String(30)),
               ("occupation", sa.String(20))]
PLACEMENT = [("stat_gender", sa.String(10)), ("stat_age_band", sa.String(10)), ("stat_income_start", sa.String(30)),
             ("stat_occupation_start", sa.String(20)), ("stat_income_exit", sa.String(30)),
             ("stat_occupation_exit", sa.String(20)), ("stat_days_to_start", sa.Integer())]


def upgrade() -> None:
    for table, columns in (("participants", PARTICIPANT), ("placements", PLACEMENT)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, type_ in columns:
                batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for table, columns in (("placements", PLACEMENT), ("participants", PARTICIPANT)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _ in reversed(columns):
                batch_op.drop_column(name)
