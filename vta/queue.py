"""The one place that knows how background jobs travel: in-process or arq on Redis.

Task functions live in vta.tasks and take (ctx, **ids). Swapping arq for another queue
touches this module and workers/settings.py only.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger("vta.queue")


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    job_id: str
    kwargs: dict[str, Any] = field(default_factory=dict)


class Queue(Protocol):
    async def enqueue(self, job: Job) -> bool: ...
    async def close(self) -> None: ...
    async def enqueue_safely(self, job: Job) -> bool: ...


class _SafeEnqueue:
    async def enqueue(self, job: Job) -> bool:  # pragma: no cover - protocol default
        raise NotImplementedError

    async def enqueue_safely(self, job: Job) -> bool:
        try:
            return await self.enqueue(job)
        except Exception as exc:  # the database keeps the intent; the reconciler retries
            log.warning("could not enqueue %s (%s); it will be retried", job.job_id, exc)
            return False


class InProcessQueue(_SafeEnqueue):
    """The embedded default: tasks run as asyncio tasks inside the server process."""

    def __init__(self, tasks: dict[str, Callable[..., Awaitable[Any]]], ctx: dict[str, Any]) -> None:
        self.tasks = tasks
        self.ctx = ctx
        self.running: dict[str, asyncio.Task[Any]] = {}

    async def enqueue(self, job: Job) -> bool:
        if job.job_id in self.running:  # a double submit is one job
            return False
        fn = self.tasks[job.name]
        task = asyncio.get_running_loop().create_task(self._run(job, fn))
        self.running[job.job_id] = task
        task.add_done_callback(lambda _t, key=job.job_id: self.running.pop(key, None))
        return True

    async def _run(self, job: Job, fn: Callable[..., Awaitable[Any]]) -> None:
        try:
            await fn(self.ctx, **job.kwargs)
        except Exception:
            log.exception("background job %s failed", job.job_id)

    async def drain(self) -> None:
        """Wait for every running job (tests, shutdown)."""
        while self.running:
            await asyncio.gather(*list(self.running.values()), return_exceptions=True)

    async def close(self) -> None:
        for task in list(self.running.values()):
            task.cancel()
        await asyncio.gather(*self.running.values(), return_exceptions=True)


class ArqQueue(_SafeEnqueue):
    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self._pool: Any = None

    async def _get_pool(self) -> Any:
        if self._pool is None:
            from arq import create_pool

            self._pool = await create_pool(redis_settings(self.redis_url))
        return self._pool

    async def enqueue(self, job: Job) -> bool:
        pool = await self._get_pool()
        return await pool.enqueue_job(job.name, _job_id=job.job_id, **job.kwargs) is not None

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.aclose()
            self._pool = None


def redis_settings(url: str) -> Any:
    from arq.connections import RedisSettings

    settings = RedisSettings.from_dsn(url)
    settings.conn_timeout = 2
    settings.conn_retries = 3
    return settings
