"""Participants (deltagare), their work-oriented profile, adaptation needs and consents."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vta.db import Base, CreatedMixin, IdMixin, utcnow
from vta.sealed import Sealed, SealedJSON
from vta.vocabulary import CONSENT_SCOPES, SWEDISH_LEVELS


ERASED_NAME = "(raderad)"


class Participant(IdMixin, CreatedMixin, Base):
    """The person's own words (name, goals, interests, experience, skills) are sealed under their key
    (vta/sealed.py); erasure destroys the key. Coded fields (gender, levels, hours) stay plain."""

    __tablename__ = "participants"
    __sealed_owner__ = "id"
    __table_args__ = (CheckConstraint(SWEDISH_LEVELS.sql_in("swedish_level"), name="swedish_level_known"),)
    association_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("associations.id"), index=True)
    coordinator_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    display_name: Mapped[str] = mapped_column(Sealed(200, erased=ERASED_NAME))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    max_travel_km: Mapped[float] = mapped_column(Float)
    hours_max: Mapped[int] = mapped_column(Integer)
    placement_types: Mapped[list] = mapped_column(default=list)
    goals: Mapped[str] = mapped_column(Sealed(), default="")
    interests: Mapped[str] = mapped_column(Sealed(), default="")
    experience: Mapped[str] = mapped_column(Sealed(), default="")
    skills: Mapped[list] = mapped_column(SealedJSON(list), default=list)
    swedish_level: Mapped[str] = mapped_column(String(10))
    driving_licence: Mapped[bool] = mapped_column(Boolean, default=False)
    # Follow-up fields (vta/follow_up.py), optional. Statistics copy them onto each placement.
    gender: Mapped[str | None] = mapped_column(String(10), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    income_source: Mapped[str | None] = mapped_column(String(30), nullable=True)
    occupation: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # Erasure keeps the row as a bare pseudonymous id so placements and statistics stay whole.
    erased_at: Mapped[datetime | None] = mapped_column(nullable=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    adaptation_needs: Mapped[list[AdaptationNeed]] = relationship(lazy="raise", cascade="all, delete-orphan")
    exclusions: Mapped[list[EmployerExclusion]] = relationship(lazy="raise", cascade="all, delete-orphan")


class AdaptationNeed(IdMixin, Base):
    """A functional adaptation (a tag, never a diagnosis); `required` ones are hard constraints."""

    __tablename__ = "adaptation_needs"
    __sealed_owner__ = "participant_id"
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    tag: Mapped[str] = mapped_column(String(40))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    employer_visible_wording: Mapped[str | None] = mapped_column(Sealed(300), nullable=True)
    parameters: Mapped[dict] = mapped_column(SealedJSON(dict), default=dict)


class EmployerExclusion(Base):
    __tablename__ = "employer_exclusions"
    participant_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id"), primary_key=True)


class ParticipantLanguage(IdMixin, Base):
    __tablename__ = "participant_languages"
    __sealed_owner__ = "participant_id"
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(Sealed(40))
    level: Mapped[str] = mapped_column(String(10))


class Consent(IdMixin, Base):
    """Purpose-specific, time-stamped, withdrawable; history is kept (withdrawn rows stay)."""

    __tablename__ = "consents"
    __sealed_owner__ = "participant_id"
    __table_args__ = (
        # At most one active consent per scope: a double give is one row, on both dialects.
        Index("uq_consents_active_scope", "participant_id", "scope", unique=True,
              sqlite_where=text("withdrawn_at IS NULL"), postgresql_where=text("withdrawn_at IS NULL")),
        CheckConstraint(CONSENT_SCOPES.sql_in("scope"), name="scope_known"),
    )
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str] = mapped_column(String(40))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
    given_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(nullable=True)
    document_ref: Mapped[str | None] = mapped_column(Sealed(100), nullable=True)
