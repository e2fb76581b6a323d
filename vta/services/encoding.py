"""Pre-encoding: a new participant's or need's text is embedded in the background right after it is
stored, so a match run finds the vector cached instead of spending its time budget on it.

Best effort by design: a job lost with Redis costs nothing but time, because a match run encodes
whatever is still missing itself (through the same cache)."""
from __future__ import annotations

import asyncio
import uuid
from typing import Any

from matching.encoder import CachedEncoder, cache_key
from matching.text import need_text, participant_text
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from employers.models import Need
from vta.db import reader_for
from vta.embedding_store import DbVectorStore
from vta.encoding_jobs import defer_encoding  # noqa: F401 (participants ask for the job from here)
from vta.models import Participant


async def _text(session: AsyncSession, kind: str, entity_id: uuid.UUID) -> str | None:
    if kind == "participant":
        person = (await session.execute(select(Participant).where(
            Participant.id == entity_id, Participant.erased_at.is_(None)))).scalar()
        return participant_text(person) if person is not None else None  # type: ignore[arg-type]
    if kind == "need":
        need = (await session.execute(select(Need).options(selectinload(Need.tasks))
                                      .where(Need.id == entity_id))).scalar()
        return need_text(need) if need is not None else None  # type: ignore[arg-type]
    raise ValueError(f"unknown kind {kind!r}")


async def encode_entity(sessionmaker: async_sessionmaker[AsyncSession], encoder: Any, kind: str,
                        entity_id: str) -> int:
    """Embed one entity's current text unless the cache has it. Returns how many texts were encoded
    (0 when cached, erased or gone): running it twice encodes nothing the second time."""
    eid = uuid.UUID(entity_id)
    async with reader_for(sessionmaker)() as session:
        text = await _text(session, kind, eid)
    if not text:
        return 0
    owners = {cache_key(encoder.model_id, text): eid} if kind == "participant" else {}
    cached = CachedEncoder(encoder, DbVectorStore(sessionmaker, asyncio.get_running_loop(), owners))
    await asyncio.to_thread(cached.encode, [text])  # the model runs off the event loop
    return cached.encoded
