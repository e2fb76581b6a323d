"""BIP/SKAPA progression assessments (domain.md §3): a time series per participant."""
from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vta.db import Base, CreatedMixin, IdMixin
from vta.sealed import SealedJSON


class BipAssessment(IdMixin, CreatedMixin, Base):
    """One assessment: scores per indicator code of the indicator set version it was made with.
    Personal data: erased with the participant, taken only under a `bip_assessment` consent."""

    __tablename__ = "bip_assessments"
    __sealed_owner__ = "participant_id"
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    assessed_on: Mapped[date] = mapped_column(Date)
    respondent: Mapped[str] = mapped_column(String(20), default="coordinator")  # coordinator | participant
    indicator_set_version: Mapped[int] = mapped_column(Integer)
    scores: Mapped[dict] = mapped_column(SealedJSON(dict), default=dict)
    consent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("consents.id"))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
