"""Placements, their follow-up checkpoints and support decisions."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, select,
                        text)
from sqlalchemy.orm import Mapped, mapped_column

from vta.db import Base, CreatedMixin, IdMixin, utcnow
from vta.sealed import Sealed, owner_by
from vta.vocabulary import OUTCOMES, PLACEMENT_STATUSES, STORED_CHECKPOINT_STATUSES

_STORED_CHECKPOINT = ", ".join(repr(s) for s in STORED_CHECKPOINT_STATUSES)


class Placement(IdMixin, CreatedMixin, Base):
    __tablename__ = "placements"
    __sealed_owner__ = "participant_id"
    __table_args__ = (
        # One active placement per participant, enforced by the database on both dialects.
        Index("uq_placements_active_participant", "participant_id", unique=True,
              sqlite_where=text("active"), postgresql_where=text("active")),
        CheckConstraint(PLACEMENT_STATUSES.sql_in("status"), name="status_known"),
        CheckConstraint(f"outcome IS NULL OR {OUTCOMES.sql_in('outcome')}", name="outcome_known"),
        # an employer's placements, newest start first (list_placements, read backwards)
        Index("ix_placements_employer_page", "employer_id", "start_date", "id"),
    )
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposals.id"), unique=True, nullable=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    need_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("needs.id"), index=True)
    workplace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workplaces.id"), index=True)
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id"))
    supervisor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("supervisors.id"), nullable=True)
    placement_type: Mapped[str | None] = mapped_column(String(30), nullable=True)
    start_date: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="agreeing")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    end_reason: Mapped[str | None] = mapped_column(Sealed(), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(nullable=True)
    hours_per_week: Mapped[int | None] = mapped_column(Integer, nullable=True)
    previous_placement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("placements.id"), nullable=True)
    # What statistics need, copied from the participant at start and at exit, so they survive the
    # person's erasure: coarse categories on a pseudonymous row, never a name or a birth year.
    stat_gender: Mapped[str | None] = mapped_column(String(10), nullable=True)
    stat_age_band: Mapped[str | None] = mapped_column(String(10), nullable=True)
    stat_income_start: Mapped[str | None] = mapped_column(String(30), nullable=True)
    stat_occupation_start: Mapped[str | None] = mapped_column(String(20), nullable=True)
    stat_income_exit: Mapped[str | None] = mapped_column(String(30), nullable=True)
    stat_occupation_exit: Mapped[str | None] = mapped_column(String(20), nullable=True)
    stat_days_to_start: Mapped[int | None] = mapped_column(Integer, nullable=True)  # registration to start


class Checkpoint(IdMixin, Base):
    __tablename__ = "checkpoints"
    __sealed_owner__ = owner_by(lambda c: select(Placement.participant_id).where(Placement.id == c.placement_id))
    __table_args__ = (CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
                      CheckConstraint(f"status IN ({_STORED_CHECKPOINT})", name="status_known"))
    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")
    done_at: Mapped[datetime | None] = mapped_column(nullable=True)
    completed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    notes: Mapped[str | None] = mapped_column(Sealed(), nullable=True)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reminded_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class SupportDecision(IdMixin, CreatedMixin, Base):
    """A support instrument (lönebidrag, SIUS, hjälpmedel...) tracked: decided by AF/FK, not by us."""

    __tablename__ = "support_decisions"
    __sealed_owner__ = owner_by(lambda d: select(Placement.participant_id).where(Placement.id == d.placement_id))
    placement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(40))
    decided_by_org: Mapped[str] = mapped_column(String(20))
    applicant: Mapped[str] = mapped_column(String(20), default="employer")
    status: Mapped[str] = mapped_column(String(20), default="considered")
    applied_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    reference_no: Mapped[str | None] = mapped_column(Sealed(60), nullable=True)


class DeviationReport(IdMixin, CreatedMixin, Base):
    """Lex Heller: where collaboration between authorities failed. No participant data."""

    __tablename__ = "deviation_reports"
    # an association's reports newest first (list_reports, read backwards)
    __table_args__ = (Index("ix_deviation_reports_association_page", "association_id", "created_at", "id"),)
    reported_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # The association whose staff reported it: its coordinators handle and see it.
    association_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associations.id"), nullable=True)
    involved_orgs: Mapped[list] = mapped_column(default=list)
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    suggested_improvement: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(30), default="new")
    answer_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(nullable=True)
    placement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("placements.id"), nullable=True)
    follow_up_count: Mapped[int] = mapped_column(Integer, default=0)


class CheckpointEntry(IdMixin, Base):
    """One side's record of a checkpoint: the coordinator's and the employer's are kept apart
    (an employer never reads the coordinator's notes), each with who wrote it and when."""

    __tablename__ = "checkpoint_entries"
    __sealed_owner__ = owner_by(lambda e: select(Placement.participant_id).join(
        Checkpoint, Checkpoint.placement_id == Placement.id).where(Checkpoint.id == e.checkpoint_id))
    __table_args__ = (
        UniqueConstraint("checkpoint_id", "side"),
        CheckConstraint("side IN ('coordinator', 'employer')", name="side_known"),
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_range"),
    )
    checkpoint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("checkpoints.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    author_role: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str | None] = mapped_column(Sealed(), nullable=True)
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
