"""The retention rule (domain.md 8.2.8): participants whose last placement ended longer ago than
the retention period are erased, one transaction each, each with an audit row."""
from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from vta import audit, sessions
from vta.db import reader_for, utcnow
from vta.models import Participant, Placement
from vta.principal import SYSTEM
from vta.services import login_throttle
from vta.services.participants import destroy_erased_keys, erase_by_id, wipe_write_ahead_log
from vta.settings import Settings

log = logging.getLogger("vta.retention")


async def due_for_erasure(session: AsyncSession, retention_days: int) -> list[uuid.UUID]:
    """Participants not yet erased whose every placement ended before the cutoff."""
    cutoff = utcnow() - timedelta(days=retention_days)
    ended = select(Placement.participant_id).where(Placement.active.is_(False), Placement.ended_at < cutoff)
    recent = select(Placement.participant_id).where((Placement.active) | (Placement.ended_at >= cutoff)
                                                    | (Placement.ended_at.is_(None)))
    return list((await session.execute(select(Participant.id).where(
        Participant.erased_at.is_(None), Participant.id.in_(ended), Participant.id.not_in(recent)))).scalars())


async def apply_retention(sessionmaker: async_sessionmaker[AsyncSession], engine: AsyncEngine,
                          settings: Settings) -> int:
    """Erase who is due, destroy the keys of everyone erased, drop expired web sessions and
    failed-login counters nobody uses any more, and wipe the SQLite write-ahead log once anything
    was erased. Idempotent: an erased participant is never picked again, a destroyed key is gone."""
    retention_days = settings.retention_days
    async with reader_for(sessionmaker)() as session:
        ids = await due_for_erasure(session, retention_days)
    for pid in ids:
        async with sessionmaker() as session, session.begin():
            await erase_by_id(session, pid)
            await audit.record(session, SYSTEM, "erase", "participant", pid, reason="retention",
                               retention_days=retention_days)
            audit.pop_after_commit(session)  # keys and the log once, after the whole batch
    async with sessionmaker() as session, session.begin():
        await sessions.purge_expired(session)
        await login_throttle.purge_stale(session, settings)
    # Every erased person's key goes: this batch's, and any an interrupted erasure left behind.
    shredded = await destroy_erased_keys(engine)
    if ids or shredded:
        await wipe_write_ahead_log(engine)
        log.info("retention erased %d participants", len(ids))
    return len(ids)
