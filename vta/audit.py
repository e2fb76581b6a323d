"""Audit of every read and write of personal data. Fail closed: no audit row, no data.

Each row says who (user id and role), what (action), whose data (subject type and id), when
(UTC) and how it went (outcome). The table is append-only in the database itself (migration
0002: triggers refuse UPDATE and DELETE on both dialects).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from vta.errors import AuditUnavailable
from vta.models import AuditEvent
from vta.principal import Principal

AfterCommit = Callable[[], Awaitable[None]]


async def record(session: AsyncSession, who: Principal, action: str, subject_type: str, subject_id: object = None,
                 outcome: str = "ok", **detail: Any) -> None:
    # The caller's own pending changes first, so their errors keep their meaning (409, 422)...
    await session.flush()
    session.add(AuditEvent(user_id=who.user_id, role=who.role, action=action[:60], subject_type=subject_type[:40],
                           subject_id=None if subject_id is None else str(subject_id)[:64], outcome=outcome,
                           detail=detail))
    try:
        # ...then the audit row, inside the caller's transaction: if it cannot be written, the
        # request fails before any personal data leaves the service.
        await session.flush()
    except SQLAlchemyError as exc:
        raise AuditUnavailable() from exc


def after_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Run `callback` once the session's transaction has committed (dropped on rollback).
    The request transaction (api/deps.py) and the retention job honour it."""
    session.info.setdefault("after_commit", []).append(callback)


def pop_after_commit(session: AsyncSession) -> list[AfterCommit]:
    return session.info.pop("after_commit", [])
