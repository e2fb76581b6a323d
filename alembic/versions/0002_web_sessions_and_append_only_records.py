"""web sessions and append-only records

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

- ``web_sessions``: server-side sessions of the web pages (the cookie holds a random id; the
  table holds its SHA-256 and the session data), shared by every server process.
- ``audit_events`` and ``disclosures`` become append-only in the database itself: a trigger
  refuses every UPDATE and DELETE (and TRUNCATE on PostgreSQL), whoever sends it.

Note for later migrations: SQLite batch mode rebuilds a table by copying it, which drops its
triggers. A migration that batch-alters ``audit_events`` or ``disclosures`` must create the
triggers again (call ``create_append_only_triggers`` below).
"""
from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

APPEND_ONLY = ("audit_events", "disclosures")


def create_append_only_triggers(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;")
    else:
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION vta_append_only()")
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION vta_append_only()")


def drop_append_only_triggers(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")


def upgrade() -> None:
    op.create_table('web_sessions',
    sa.Column('id_hash', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('expires_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.Column('created_at', advanced_alchemy.types.datetime.DateTimeUTC(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id_hash', name=op.f('pk_web_sessions'))
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_expires_at'), ['expires_at'], unique=False)

    if op.get_bind().dialect.name != "sqlite":
        op.execute("""
            CREATE FUNCTION vta_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
            END
            $$""")
    for table in APPEND_ONLY:
        create_append_only_triggers(table)


def downgrade() -> None:
    for table in APPEND_ONLY:
        drop_append_only_triggers(table)
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS vta_append_only()")

    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_expires_at'))

    op.drop_table('web_sessions')
