"""Employer side: employers, workplaces, supervisors, contacts, interaction log, needs, tasks."""
from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vta.db import Base, CreatedMixin, IdMixin, utcnow
from vta.vocabulary import NEED_STATUSES, SECTORS, SWEDISH_LEVELS


class Employer(IdMixin, CreatedMixin, Base):
    __tablename__ = "employers"
    __table_args__ = (CheckConstraint(SECTORS.sql_in("sector"), name="sector_known"),
                      # an association's employers by name (list_employers), and the way from an
                      # association to its employers' needs and placements
                      Index("ix_employers_association_name", "association_id", "name", "id"))
    association_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("associations.id"))
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(11), unique=True)
    sector: Mapped[str] = mapped_column(String(20))
    csr_partner: Mapped[bool] = mapped_column(Boolean, default=False)
    # Internal to coordinators (VTA: burden / resource / environment_relative / unknown).
    inclusion_stance: Mapped[str] = mapped_column(String(30), default="unknown")
    # The coordinator who owns the relationship (continuity). No FK: users already point at
    # employers, and a cycle would make table creation order ambiguous.
    relationship_owner_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)


class Workplace(IdMixin, CreatedMixin, Base):
    __tablename__ = "workplaces"
    __table_args__ = (CheckConstraint("supervisor_capacity >= 0", name="capacity_nonneg"),)
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    municipality_code: Mapped[str | None] = mapped_column(String(4), nullable=True)
    supervisor_capacity: Mapped[int] = mapped_column(Integer)
    accessible_premises: Mapped[bool] = mapped_column(Boolean, default=False)


class Supervisor(IdMixin, CreatedMixin, Base):
    """The employer's handledare at a workplace."""

    __tablename__ = "supervisors"
    workplace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workplaces.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(200), nullable=True)
    max_concurrent: Mapped[int] = mapped_column(Integer, default=1)
    training_done: Mapped[bool] = mapped_column(Boolean, default=False)


class EmployerContact(IdMixin, CreatedMixin, Base):
    __tablename__ = "employer_contacts"
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    title: Mapped[str | None] = mapped_column(String(100), nullable=True)


class Interaction(IdMixin, CreatedMixin, Base):
    """Coordinator task 1: the log of every contact with an employer. A next step with a due date
    becomes a reminder for the coordinator who owns the relationship (employers/reminders.py)."""

    __tablename__ = "interactions"
    __table_args__ = (Index("ix_interactions_employer_occurred", "employer_id", "occurred_on"),)
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id"), index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(30))  # visit, call, email, meeting
    occurred_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str | None] = mapped_column(Text, nullable=True)
    next_step_due: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)


class Need(IdMixin, CreatedMixin, Base):
    """The result of a behovsanalys: concrete tasks bundled into a possible placement."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint("slots >= 1", name="slots_positive"),
        CheckConstraint("filled_slots >= 0 AND filled_slots <= slots", name="filled_within_slots"),
        CheckConstraint("hours_min >= 1 AND hours_max <= 40 AND hours_min <= hours_max", name="hours_range"),
        CheckConstraint(NEED_STATUSES.sql_in("status"), name="status_known"),
        CheckConstraint(SWEDISH_LEVELS.sql_in("swedish_level_required"), name="swedish_level_known"),
        # an employer's needs newest first (list_needs, read backwards), and the way from an
        # employer to its needs (coordinators' lists, list_candidates)
        Index("ix_needs_employer_page", "employer_id", "created_at", "id"),
    )
    workplace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workplaces.id"), index=True)
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    need_type: Mapped[str] = mapped_column(String(30), default="secondary_production")
    slots: Mapped[int] = mapped_column(Integer)
    # Changed only by a conditional UPDATE (filled_slots < slots), so two accepts never
    # overfill a need.
    filled_slots: Mapped[int] = mapped_column(Integer, default=0)
    hours_min: Mapped[int] = mapped_column(Integer)
    hours_max: Mapped[int] = mapped_column(Integer)
    placement_types: Mapped[list] = mapped_column(default=list)
    adaptations_offered: Mapped[list] = mapped_column(default=list)
    skills: Mapped[list] = mapped_column(default=list)
    swedish_level_required: Mapped[str] = mapped_column(String(10))
    driving_licence_required: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default="open")
    posted_by: Mapped[str] = mapped_column(String(20), default="coordinator")
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # The occupation group (SSYK-4) the need is for: a job ad's own, or recognised from its text.
    occupation_label: Mapped[str | None] = mapped_column(String(200), nullable=True)
    occupation_ssyk: Mapped[str | None] = mapped_column(String(4), nullable=True)
    tasks: Mapped[list[NeedTask]] = relationship(
        back_populates="need", lazy="raise", order_by="NeedTask.position", cascade="all, delete-orphan"
    )


class NeedTask(IdMixin, Base):
    __tablename__ = "need_tasks"
    need_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    core_or_support: Mapped[str] = mapped_column(String(10), default="support")
    # Whether the employer can adapt how the task is done (needs analysis, domain.md 2).
    adaptable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    need: Mapped[Need] = relationship(back_populates="tasks", lazy="raise")


class CsrAgreement(IdMixin, CreatedMixin, Base):
    __tablename__ = "csr_agreements"
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id"), index=True)
    valid_from: Mapped[datetime] = mapped_column(default=utcnow)
    valid_to: Mapped[datetime | None] = mapped_column(nullable=True)
    commitment: Mapped[str] = mapped_column(Text, default="")


__all__ = ["CsrAgreement", "Employer", "EmployerContact", "Interaction", "Need", "NeedTask", "Supervisor",
           "Workplace"]
