"""Server-side web sessions (the portal's login), shared by every server process through the database."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from vta.db import Base, utcnow


class WebSession(Base):
    """One browser session. Only the SHA-256 of the cookie value is stored, so a copy of the
    database (a backup, a leak) holds no usable session id."""

    __tablename__ = "web_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
