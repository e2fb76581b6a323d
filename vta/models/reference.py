"""Reference data: our own versioned catalogues and the imported JobTech taxonomy."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vta.db import Base, IdMixin


class ReferenceItem(IdMixin, Base):
    """One entry of a catalogue (adaptation tag, support instrument, checkpoint template, reason code)."""

    __tablename__ = "reference_items"
    __table_args__ = (UniqueConstraint("catalogue", "code", "version"),)
    catalogue: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    data: Mapped[dict] = mapped_column(default=dict)


class TaxonomyConcept(Base):
    __tablename__ = "taxonomy_concepts"
    concept_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(40), index=True)
    label: Mapped[str] = mapped_column(String(300))
    legacy_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
