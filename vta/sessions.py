"""Server-side web sessions kept in the database, so every server process sees the same ones.

The browser's cookie holds a random id (256 bits); the table holds only its SHA-256 and the
serialised session data with an absolute expiry. Nothing here knows the web framework: the
adapter in api/web_sessions.py plugs these functions into Litestar's session middleware.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from vta.db import utcnow
from vta.models import WebSession

# Staff sessions (ASVS 7.3.1/7.3.2): idle timeout and absolute lifetime, checked server-side.
IDLE_SECONDS = 30 * 60
ABSOLUTE_SECONDS = 10 * 3600


def id_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


async def load(sessionmaker: async_sessionmaker[AsyncSession], session_id: str) -> bytes | None:
    if not session_id or len(session_id) > 256:
        return None
    async with sessionmaker() as session:
        return (await session.execute(select(WebSession.data).where(
            WebSession.id_hash == id_hash(session_id), WebSession.expires_at > utcnow()))).scalar()


async def save(sessionmaker: async_sessionmaker[AsyncSession], session_id: str, data: bytes,
               expires_in: int | timedelta | None) -> None:
    seconds = expires_in.total_seconds() if isinstance(expires_in, timedelta) else (expires_in or ABSOLUTE_SECONDS)
    expires_at: datetime = utcnow() + timedelta(seconds=seconds)
    key = id_hash(session_id)
    async with sessionmaker() as session, session.begin():
        done = await session.execute(update(WebSession).where(WebSession.id_hash == key)
                                     .values(data=data, expires_at=expires_at))
        if done.rowcount == 0:
            try:
                async with session.begin_nested():
                    session.add(WebSession(id_hash=key, data=data, expires_at=expires_at))
            except IntegrityError:  # created by a concurrent request of the same browser
                await session.execute(update(WebSession).where(WebSession.id_hash == key)
                                      .values(data=data, expires_at=expires_at))


async def remove(sessionmaker: async_sessionmaker[AsyncSession], session_id: str) -> None:
    async with sessionmaker() as session, session.begin():
        await session.execute(delete(WebSession).where(WebSession.id_hash == id_hash(session_id)))


async def remove_all(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session, session.begin():
        await session.execute(delete(WebSession))


async def expires_in(sessionmaker: async_sessionmaker[AsyncSession], session_id: str) -> int | None:
    async with sessionmaker() as session:
        at = (await session.execute(select(WebSession.expires_at).where(
            WebSession.id_hash == id_hash(session_id), WebSession.expires_at > utcnow()))).scalar()
    return None if at is None else int((at - utcnow()).total_seconds())


async def purge_expired(session: AsyncSession) -> int:
    """Delete sessions past their absolute expiry (run by the daily retention job)."""
    result = await session.execute(delete(WebSession).where(WebSession.expires_at <= utcnow()))
    return result.rowcount or 0


def fresh(data: dict, now: float) -> bool:
    """A logged-in session is valid while it is neither idle too long nor older than its absolute limit."""
    created, seen = data.get("created"), data.get("seen")
    if not isinstance(created, (int, float)) or not isinstance(seen, (int, float)):
        return False
    return now - seen <= IDLE_SECONDS and now - created <= ABSOLUTE_SECONDS
