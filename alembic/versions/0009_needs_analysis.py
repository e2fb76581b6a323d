"""needs analysis: draft needs, adaptable tasks, the occupation of a need

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04

- ``needs.status`` also allows ``draft`` (a needs analysis not yet published; never matched).
- ``needs.occupation_label`` / ``occupation_ssyk``: the occupation group (SSYK-4) of a need, from
  an imported job ad or recognised from its text.
- ``need_tasks.adaptable``: whether the employer can adapt how a task is done.

Columns are added with ADD COLUMN, never a batch rebuild: on SQLite a rebuild of ``needs`` would
delete the rows that cascade from it (see 0003). For the same reason the status check is a pair
of triggers on SQLite and a CHECK constraint on PostgreSQL, as 0003 made it.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

OLD = ("open", "partially_filled", "filled", "paused", "closed")
NEW = OLD + ("draft",)


def _status_check(codes: tuple[str, ...]) -> None:
    cond = f"status IN ({', '.join(repr(c) for c in codes)})"
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_needs_status_known"), "needs", type_="check")
        op.create_check_constraint(op.f("ck_needs_status_known"), "needs", cond)
        return
    for event, on in (("insert", "INSERT"), ("update", "UPDATE OF status")):
        op.execute(f"DROP TRIGGER IF EXISTS ck_needs_status_known_{event}")
        op.execute(f"CREATE TRIGGER ck_needs_status_known_{event} BEFORE {on} ON needs "
                   f"WHEN NOT (NEW.{cond}) BEGIN "
                   f"SELECT RAISE(ABORT, 'CHECK constraint failed: ck_needs_status_known'); END;")


def upgrade() -> None:
    _status_check(NEW)
    op.add_column("needs", sa.Column("occupation_label", sa.String(length=200), nullable=True))
    op.add_column("needs", sa.Column("occupation_ssyk", sa.String(length=4), nullable=True))
    op.add_column("need_tasks", sa.Column("adaptable", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    # SQLite (3.35+) drops a plain column in place, without rebuilding the table.
    op.drop_column("need_tasks", "adaptable")
    op.drop_column("needs", "occupation_ssyk")
    op.drop_column("needs", "occupation_label")
    op.execute("UPDATE needs SET status = 'paused' WHERE status = 'draft'")  # kept, and still not matched
    _status_check(OLD)
