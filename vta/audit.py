"""Audit of every read and write of personal data. Fail closed: no audit row, no data."""
from __future__ import annotations

from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from vta.errors import AuditUnavailable
from vta.models import AuditEvent
from vta.principal import Principal


async def record(session: AsyncSession, who: Principal, action: str, subject_type: str, subject_id: object = None,
                 outcome: str = "ok", **detail: Any) -> None:
    session.add(AuditEvent(user_id=who.user_id, role=who.role, action=action, subject_type=subject_type,
                           subject_id=None if subject_id is None else str(subject_id), outcome=outcome,
                           detail=detail))
    try:
        # Flushed now, inside the caller's transaction: if it cannot be written, the
        # request fails before any personal data leaves the service.
        await session.flush()
    except SQLAlchemyError as exc:
        raise AuditUnavailable() from exc
