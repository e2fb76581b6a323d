"""The engine's vector cache kept in the database, so an unchanged text is never encoded twice,
across runs, restarts and processes. The engine calls it from its worker thread; the database
work runs on the event loop that owns the engine (the thread waits for it)."""
from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable

import numpy as np
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from vta.db import reader_for
from vta.models import Embedding, Participant


class DbVectorStore:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], loop: asyncio.AbstractEventLoop,
                 owners: dict[str, uuid.UUID] | None = None) -> None:
        self.sessionmaker, self.loop = sessionmaker, loop
        self.reader = reader_for(sessionmaker)
        # Which person a text key belongs to, so erasure can find that person's vectors.
        self.owners = owners or {}

    def _wait(self, coro):  # noqa: ANN001, ANN202
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=60)

    def get_many(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        return self._wait(self._get(list(keys)))

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        self._wait(self._put(items))

    async def _get(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        async with self.reader() as session:
            for start in range(0, len(keys), 500):
                rows = await session.execute(select(Embedding.key, Embedding.vector, Embedding.dim)
                                             .where(Embedding.key.in_(keys[start:start + 500])))
                for key, blob, dim in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32, count=dim).copy()
        return found

    async def _put(self, items: dict[str, np.ndarray]) -> None:
        async with self.sessionmaker() as session, session.begin():
            # A person erased while their text was being encoded gets no vector back. Their row is
            # share-locked and erasure locks it exclusively, so one of the two always sees the other.
            owners = sorted({self.owners[k] for k in items if k in self.owners})
            if owners:
                live: set[uuid.UUID] = set()
                for start in range(0, len(owners), 500):
                    live.update((await session.execute(select(Participant.id).where(
                        Participant.id.in_(owners[start:start + 500]), Participant.erased_at.is_(None))
                        .order_by(Participant.id).with_for_update(read=True))).scalars())
                items = {k: v for k, v in items.items() if k not in self.owners or self.owners[k] in live}
            rows = [{"key": k, "owner_id": self.owners.get(k), "dim": int(v.shape[0]),
                     "vector": np.asarray(v, dtype=np.float32).tobytes()} for k, v in items.items()]
            if rows:
                # A key stored meanwhile by another run or job holds the same vector: skip just that one.
                insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
                await session.execute(insert(Embedding).on_conflict_do_nothing(index_elements=["key"]), rows)
