"""Append-only records: audit events, disclosures to employers, notifications."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vta.db import Base, IdMixin, utcnow


class AuditEvent(IdMixin, Base):
    """Who did what to whose data, and how it went. Never updated or deleted by the app."""

    __tablename__ = "audit_events"
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True, index=True)
    role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    action: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    outcome: Mapped[str] = mapped_column(String(20), default="ok")
    detail: Mapped[dict] = mapped_column(default=dict)


class Disclosure(IdMixin, Base):
    """A participant extract shown to an employer user, and the consent it was shown under."""

    __tablename__ = "disclosures"
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[uuid.UUID] = mapped_column(index=True)
    employer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employers.id"), index=True)
    participant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("participants.id"), index=True)
    consent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("consents.id"))
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposals.id"), nullable=True)


class Notification(IdMixin, Base):
    __tablename__ = "notifications"
    # a user's notifications newest first, read or not (list_notifications, read backwards)
    __table_args__ = (Index("ix_notifications_user_page", "user_id", "created_at", "id"),)
    # A unique key per (purpose, subject, day) so a job that runs twice notifies once.
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    read_at: Mapped[datetime | None] = mapped_column(nullable=True)
