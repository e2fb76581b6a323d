"""trust: login throttles instead of login attempts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

- ``login_throttles`` replaces ``login_attempts``: one row per account (client "") and per
  (account, client address) with a failure count and the time the next attempt is allowed, so a
  login can reserve its attempt under a row lock (atomic under any concurrency) and delays grow
  per account instead of blocking a whole address. Past failures are not carried over: they were
  counted per e-mail and per address, a shape the new rows do not have.
"""
from alembic import op
import sqlalchemy as sa
import advanced_alchemy.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

UTC_TIME = advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)


def upgrade() -> None:
    op.create_table('login_throttles',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('client', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('next_allowed_at', UTC_TIME, nullable=False),
    sa.Column('last_failure_at', UTC_TIME, nullable=False),
    sa.PrimaryKeyConstraint('email', 'client', name=op.f('pk_login_throttles'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_attempts_key'))
    op.drop_table('login_attempts')


def downgrade() -> None:
    op.create_table('login_attempts',
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', UTC_TIME, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    with op.batch_alter_table('login_attempts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_attempts_key'), ['key'], unique=False)
    op.drop_table('login_throttles')
