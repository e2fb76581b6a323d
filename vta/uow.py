"""A unit of work: one session, one transaction, background jobs enqueued only after commit."""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from vta.db import write_gate
from vta.queue import Job

if TYPE_CHECKING:
    from vta.queue import Queue


def defer(session: AsyncSession, name: str, job_id: str, **kwargs: object) -> None:
    """Record a job to enqueue once this session's transaction has committed (dropped on rollback).

    The same job id deferred twice in one transaction is enqueued once."""
    jobs: list[Job] = session.info.setdefault("jobs", [])
    if all(j.job_id != job_id for j in jobs):
        jobs.append(Job(name=name, job_id=job_id, kwargs=kwargs))


@asynccontextmanager
async def transaction(sessionmaker: async_sessionmaker[AsyncSession], queue: Queue | None) -> AsyncIterator[AsyncSession]:
    async with write_gate(sessionmaker) or contextlib.nullcontext(), sessionmaker() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
        jobs: list[Job] = session.info.pop("jobs", [])
    if queue is not None:
        for job in jobs:
            # A failed enqueue loses nothing: the intent is in the database and the
            # reconciler enqueues it again.
            await queue.enqueue_safely(job)
