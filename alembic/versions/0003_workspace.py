"""the coordinator's workspace: statuses as checked enums, checkpoint entries per side

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

- Every status and fixed code column gets a CHECK constraint with the codes of vta/vocabulary.py
  (written out here: a migration must not change when the module does). Proposals gain the
  status ``withdrawn`` (an approval undone before an employer accepted), needs ``paused`` and
  ``closed``.
- ``ix_proposals_run_page``: a run's proposals are read a page at a time in this order.
- ``checkpoint_entries``: the coordinator's and the employer's record of a checkpoint, apart,
  each with author and time. Notes and ratings already stored on checkpoints move into it, on
  the side of the role of whoever completed the checkpoint.
"""
import uuid
from datetime import datetime, timezone

import advanced_alchemy.types
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


CHECKS = {  # table -> [(constraint name, column, allowed codes)]; a NULL outcome is allowed
    "users": [("role_known", "role", ("admin", "coordinator", "employer", "csr"))],
    "employers": [("sector_known", "sector", ("private", "public", "nonprofit"))],
    "needs": [("status_known", "status", ("open", "partially_filled", "filled", "paused", "closed")),
              ("swedish_level_known", "swedish_level_required", ("none", "basic", "good", "fluent"))],
    "participants": [("swedish_level_known", "swedish_level", ("none", "basic", "good", "fluent"))],
    "consents": [("scope_known", "scope", ("share_with_employers", "statistics", "bip_assessment"))],
    "match_runs": [("status_known", "status", ("queued", "running", "succeeded", "failed"))],
    "proposals": [("status_known", "status", ("proposed", "approved", "rejected", "withdrawn", "accepted",
                                              "declined", "expired")),
                  ("kind_known", "kind", ("assignment", "alternative"))],
    "placements": [("status_known", "status", ("agreeing", "ready_to_start", "introduction", "follow_up",
                                               "on_hold", "completed", "ended_early")),
                   ("outcome_known", "outcome", ("employment", "subsidised_employment", "studies",
                                                 "other_programme", "job_seeker", "ended_early"))],
    "checkpoints": [("status_known", "status", ("scheduled", "done", "skipped"))],
}


def _condition(column: str, codes: tuple[str, ...], prefix: str = "") -> str:
    cond = f"{prefix}{column} IN ({', '.join(repr(c) for c in codes)})"
    return f"{prefix}{column} IS NULL OR {cond}" if column == "outcome" else cond


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _add_checks() -> None:
    """PostgreSQL: CHECK constraints. SQLite cannot add one without rebuilding the table, and a
    rebuild drops the old table, which with foreign keys on deletes the rows of every table that
    cascades from it (api_tokens, checkpoints, consents...). So on SQLite the same conditions are
    triggers that refuse an INSERT or UPDATE breaking them, as 0002 does for append-only tables."""
    for table, checks in CHECKS.items():
        for name, column, codes in checks:
            if not _sqlite():
                op.create_check_constraint(op.f(f"ck_{table}_{name}"), table, _condition(column, codes))
                continue
            for event, on in (("insert", "INSERT"), ("update", f"UPDATE OF {column}")):
                op.execute(f"CREATE TRIGGER ck_{table}_{name}_{event} BEFORE {on} ON {table} "
                           f"WHEN NOT ({_condition(column, codes, 'NEW.')}) BEGIN "
                           f"SELECT RAISE(ABORT, 'CHECK constraint failed: ck_{table}_{name}'); END;")


def _drop_checks() -> None:
    for table, checks in CHECKS.items():
        for name, _column, _codes in checks:
            if _sqlite():
                for event in ("insert", "update"):
                    op.execute(f"DROP TRIGGER IF EXISTS ck_{table}_{name}_{event}")
            else:
                op.drop_constraint(op.f(f"ck_{table}_{name}"), table, type_="check")


def upgrade() -> None:
    _add_checks()
    op.create_index("ix_proposals_run_page", "proposals", ["run_id", "participant_id", "kind", "rank", "id"])
    op.create_table(
        "checkpoint_entries",
        sa.Column("checkpoint_id", sa.Uuid(), nullable=False),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author_role", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("written_at", advanced_alchemy.types.DateTimeUTC(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.CheckConstraint("side IN ('coordinator', 'employer')", name=op.f("ck_checkpoint_entries_side_known")),
        sa.CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)",
                           name=op.f("ck_checkpoint_entries_rating_range")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_checkpoint_entries_author_id_users")),
        sa.ForeignKeyConstraint(["checkpoint_id"], ["checkpoints.id"], ondelete="CASCADE",
                                name=op.f("fk_checkpoint_entries_checkpoint_id_checkpoints")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkpoint_entries")),
        sa.UniqueConstraint("checkpoint_id", "side", name=op.f("uq_checkpoint_entries_checkpoint_id_side")),
    )
    op.create_index(op.f("ix_checkpoint_entries_checkpoint_id"), "checkpoint_entries", ["checkpoint_id"])
    _move_checkpoint_notes()


def _move_checkpoint_notes() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT c.id, c.completed_by, u.role, c.notes, c.rating, c.done_at FROM checkpoints c "
        "LEFT JOIN users u ON u.id = c.completed_by "
        "WHERE c.status = 'done' AND (c.notes IS NOT NULL OR c.rating IS NOT NULL)")).all()
    entries = sa.table("checkpoint_entries", sa.column("id", sa.Uuid()), sa.column("checkpoint_id", sa.Uuid()),
                       sa.column("side"), sa.column("author_id", sa.Uuid()), sa.column("author_role"),
                       sa.column("notes"), sa.column("rating"),
                       sa.column("written_at", advanced_alchemy.types.DateTimeUTC(timezone=True)))
    for cid, author, role, notes, rating, done_at in rows:
        op.bulk_insert(entries, [{
            "id": uuid.uuid4(), "checkpoint_id": cid, "side": "employer" if role == "employer" else "coordinator",
            "author_id": author, "author_role": role or "system", "notes": notes, "rating": rating,
            "written_at": done_at or datetime.now(timezone.utc)}])


def downgrade() -> None:
    op.drop_index(op.f("ix_checkpoint_entries_checkpoint_id"), table_name="checkpoint_entries")
    op.drop_table("checkpoint_entries")
    op.execute("UPDATE proposals SET status = 'proposed' WHERE status = 'withdrawn'")
    op.execute("UPDATE needs SET status = 'open' WHERE status IN ('paused', 'closed')")
    _drop_checks()
    op.drop_index("ix_proposals_run_page", table_name="proposals")
