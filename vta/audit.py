"""Audit of every read and write of personal data. Fail closed: no audit row, no data.

Each row says who (user id and role), what (action), whose data (subject type and id), when
(UTC) and how it went (outcome). The table is append-only in the database itself (migration
0002: triggers refuse UPDATE and DELETE on both dialects).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from vta.errors import AuditUnavailable
from vta.models import AuditEvent
from vta.principal import Principal

AfterCommit = Callable[[], Awaitable[None]]
_INSERT = insert(AuditEvent.__table__)


@dataclass(frozen=True, slots=True)
class Event:
    """One row for `record_many`."""

    action: str
    subject_type: str
    subject_id: object = None
    detail: dict[str, Any] = field(default_factory=dict)
    outcome: str = "ok"


async def record(session: AsyncSession, who: Principal, action: str, subject_type: str, subject_id: object = None,
                 outcome: str = "ok", **detail: Any) -> None:
    await record_many(session, who, [Event(action, subject_type, subject_id, detail, outcome)])


async def record_many(session: AsyncSession, who: Principal, events: Iterable[Event]) -> None:
    """Rows for several subjects of one request (a list that discloses many people), written in
    one flush: as many statements as `record` writes for one."""
    # The caller's own pending changes first, so their errors keep their meaning (409, 422)...
    await session.flush()
    rows = [{"user_id": who.user_id, "role": who.role, "action": e.action[:60], "subject_type": e.subject_type[:40],
             "subject_id": None if e.subject_id is None else str(e.subject_id)[:64], "outcome": e.outcome,
             "detail": e.detail} for e in events]
    if not rows:
        return
    try:
        # ...then the audit rows, inside the caller's transaction: if they cannot be written, the
        # request fails before any personal data leaves the service. A plain INSERT (ids and times
        # from the columns' defaults): through the ORM's unit of work it cost a tenth of a read.
        await session.execute(_INSERT, rows)
    except SQLAlchemyError as exc:
        raise AuditUnavailable() from exc


def after_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Run `callback` once the session's transaction has committed (dropped on rollback).
    The request transaction (api/deps.py) and the retention job honour it."""
    session.info.setdefault("after_commit", []).append(callback)


def pop_after_commit(session: AsyncSession) -> list[AfterCommit]:
    return session.info.pop("after_commit", [])
