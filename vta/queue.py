"""The one place that knows how background jobs travel: in-process or arq on Redis.

Task functions live in vta.tasks and take (ctx, **ids). Swapping arq for another queue
touches this module and workers/settings.py only.

Delivery is at least once and best effort: the database always holds the intent (a queued match
run, an unsent notification), so an enqueue that fails (Redis down) loses nothing; the
reconciler (vta.tasks.reconcile) enqueues it again. A job id is deterministic, so enqueueing the
same work twice while it is queued or running is one job.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

log = logging.getLogger("vta.queue")

QUEUE_NAME = "vta:queue"  # our own arq queue, so another application on the same Redis never mixes in
ENQUEUE_TIMEOUT_S = 2.0  # a request never waits longer than this for Redis
BACKOFF_S = 5.0  # after a failed enqueue, do not try Redis again for this long (the reconciler will)


@dataclass(frozen=True, slots=True)
class Job:
    name: str
    job_id: str
    kwargs: dict[str, Any] = field(default_factory=dict)


class Queue(Protocol):
    async def enqueue(self, job: Job) -> bool: ...
    async def enqueue_safely(self, job: Job) -> bool: ...
    async def close(self) -> None: ...


class _SafeEnqueue:
    async def enqueue(self, job: Job) -> bool:  # pragma: no cover - protocol default
        raise NotImplementedError

    async def enqueue_safely(self, job: Job) -> bool:
        """Enqueue, or log and return False: the intent is in the database and is retried later."""
        try:
            return await self.enqueue(job)
        except Exception as exc:  # noqa: BLE001 - the database keeps the intent; the reconciler retries
            log.warning("could not enqueue %s (%s: %s); the reconciler will retry it", job.job_id,
                        type(exc).__name__, exc)
            return False


class InProcessQueue(_SafeEnqueue):
    """The embedded default: tasks run as asyncio tasks inside the server process.

    Jobs named in `one_at_a_time` (the CPU-bound ones: matching, encoding) take turns with jobs of
    the same name: run side by side they would only share the same cores, and starve the requests
    the server is answering. (Per name, so a burst of encodings never holds a match run back.)
    With `offload` (vta.job_process), those jobs run in a child process instead of this one."""

    def __init__(self, tasks: dict[str, Callable[..., Awaitable[Any]]], ctx: dict[str, Any],
                 one_at_a_time: frozenset[str] = frozenset(),
                 offload: Callable[[Job], Awaitable[Any]] | None = None) -> None:
        self.tasks = tasks
        self.ctx = ctx
        self.one_at_a_time = one_at_a_time
        self.offload = offload
        self._turns: dict[str, asyncio.Lock] = {}
        self.closed = False
        self.running: dict[str, asyncio.Task[Any]] = {}

    async def enqueue(self, job: Job) -> bool:
        if self.closed:  # shutting down: the database keeps the intent for the next start
            return False
        if job.job_id in self.running:  # a double submit is one job
            return False
        fn = self.tasks[job.name]
        task = asyncio.get_running_loop().create_task(self._run(job, fn))
        self.running[job.job_id] = task
        task.add_done_callback(lambda _t, key=job.job_id: self.running.pop(key, None))
        return True

    async def _run(self, job: Job, fn: Callable[..., Awaitable[Any]]) -> None:
        try:
            if job.name in self.one_at_a_time:
                async with self._turns.setdefault(job.name, asyncio.Lock()):  # its time budget starts now
                    await (self.offload(job) if self.offload is not None else fn(self.ctx, **job.kwargs))
            else:
                await fn(self.ctx, **job.kwargs)
        except Exception:
            log.exception("background job %s failed", job.job_id)

    async def drain(self) -> None:
        """Wait for every running job (tests, shutdown)."""
        while self.running:
            await asyncio.gather(*list(self.running.values()), return_exceptions=True)

    async def close(self) -> None:
        self.closed = True
        for task in list(self.running.values()):
            task.cancel()
        await asyncio.gather(*self.running.values(), return_exceptions=True)


class ArqQueue(_SafeEnqueue):
    """Jobs go to Redis for `vta worker`. Fails fast when Redis is away, so requests stay quick."""

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self._pool: Any = None
        self._down_until = 0.0

    async def _get_pool(self) -> Any:
        if self._pool is None:
            from arq import create_pool

            self._pool = await create_pool(redis_settings(self.redis_url, retries=0),
                                           default_queue_name=QUEUE_NAME)
        return self._pool

    async def enqueue(self, job: Job) -> bool:
        if time.monotonic() < self._down_until:
            raise ConnectionError("Redis was unreachable moments ago")
        try:
            return await asyncio.wait_for(self._enqueue(job), ENQUEUE_TIMEOUT_S)
        except Exception:
            self._down_until = time.monotonic() + BACKOFF_S
            await self._drop_pool()
            raise

    async def _enqueue(self, job: Job) -> bool:
        pool = await self._get_pool()
        # arq refuses a job id that is queued, running or still has a result: None means "already there".
        return await pool.enqueue_job(job.name, _job_id=job.job_id, **job.kwargs) is not None

    async def _drop_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            try:
                await pool.aclose()
            except Exception:  # noqa: BLE001 - it is broken already
                pass

    async def close(self) -> None:
        await self._drop_pool()


def make_queue(redis_url: str | None, tasks: dict[str, Callable[..., Awaitable[Any]]],
               ctx: dict[str, Any]) -> Queue:
    """Redis when configured, else the in-process default."""
    return ArqQueue(redis_url) if redis_url else InProcessQueue(tasks, ctx)


def redis_settings(url: str, *, retries: int = 1) -> Any:
    from arq.connections import RedisSettings

    settings = RedisSettings.from_dsn(url)
    settings.conn_timeout = 2
    settings.conn_retries = retries
    settings.conn_retry_delay = 1
    return settings
