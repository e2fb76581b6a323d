"""Organisations and the people who log in."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vta.db import Base, CreatedMixin, IdMixin
from vta.vocabulary import ROLES


class Association(IdMixin, CreatedMixin, Base):
    """A samordningsförbund: the tenant coordinators belong to."""

    __tablename__ = "associations"
    name: Mapped[str] = mapped_column(String(200), unique=True)


class User(IdMixin, CreatedMixin, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(ROLES.sql_in("role"), name="role_known"),)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    association_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("associations.id"), nullable=True)
    employer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employers.id"), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class ApiToken(IdMixin, CreatedMixin, Base):
    """Bearer tokens are random; only their SHA-256 is stored, so a database leak reveals none."""

    __tablename__ = "api_tokens"
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)


class LoginThrottle(Base):
    """Failed-login counters per account (client "") and per (account, client address), in the
    database so the limit holds across server processes. A login first reserves an attempt under a
    row lock (vta/services/login_throttle.py), so parallel guesses cannot slip past the count."""

    __tablename__ = "login_throttles"
    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    next_allowed_at: Mapped[datetime]
    last_failure_at: Mapped[datetime]
