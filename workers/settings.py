"""arq worker: the same task functions as the in-process default, run from Redis.

Every function's timeout is short (<= 45 s): arq only retries a job whose worker died once the
job's in-progress key expires (largest timeout among the worker's functions + 10 s), so short
timeouts keep recovery after a kill -9 within a minute.

A killed worker's job is taken back sooner than that when we can tell its worker is dead: each
worker refreshes a key of its own every 2 s (11 s expiry) and records which jobs it started; any
worker that finds a job in progress whose worker's key has expired frees the job for the next poll
(`reclaim_orphans`). The run itself is safe against the rare false alarm (a stalled, not dead,
worker): only the latest attempt of a match run may write its result.

The worker survives Redis going away: when arq's loop loses its connection, `run_worker` waits and
starts it again (the periodic reconciler then re-enqueues whatever the database still holds as
pending). Liveness: the worker refreshes HEALTH_KEY every few seconds with a short expiry;
`vta worker --check` exits 0 while the key exists, 1 within HEALTH_TTL_S after the worker died.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import uuid
from typing import Any

from arq import cron, func
from arq.constants import in_progress_key_prefix
from arq.worker import Worker

from vta.queue import QUEUE_NAME, redis_settings
from vta.settings import Settings, get_settings

log = logging.getLogger("vta.worker")

HEALTH_KEY = "vta:worker:alive"
HEALTH_EVERY_S = 2.0
HEALTH_TTL_S = 11.0  # a dead worker is reported dead within this; a live one has 9 s of slack
RESTART_DELAY_S = 1.0  # between attempts to reconnect to Redis
SMALL_JOB_TIMEOUT_S = 30  # reconcile, notifications
RECLAIM_EVERY_BEATS = 3  # look for a dead worker's jobs every 6 s
OWNER_TTL_S = 60  # longer than any job's in-progress key (<= 45 + 10 s)


def _alive_key(worker_id: str) -> str:
    return f"vta:worker:{worker_id}:alive"


def _owner_key(job_id: str) -> str:
    return f"vta:job-owner:{job_id}"


def worker_settings(settings: Settings | None = None, context: Any = None) -> dict[str, Any]:
    """Keyword arguments for arq's Worker. `context` (a vta.tasks.Context) is shared across restarts."""
    from vta import tasks

    settings = settings or get_settings()
    timeout = tasks.job_timeout(settings)  # <= 45 s
    small = min(SMALL_JOB_TIMEOUT_S, timeout)
    every = max(1, min(settings.reconcile_interval_seconds, 60))
    return {
        "functions": [
            # keep_result=0: a finished run's id may be enqueued again (a no-op), so nothing that the
            # reconciler sends is refused for a minute after an arq-level failure.
            func(tasks.run_match, name="run_match", timeout=timeout, max_tries=5, keep_result=0),
            func(tasks.encode_text, name="encode_text", timeout=small, max_tries=3, keep_result=0),
            func(tasks.send_notifications, name="send_notifications", timeout=small, max_tries=3, keep_result=0),
        ],
        "cron_jobs": [
            cron(tasks.reconcile, name="reconcile", second=set(range(0, 60, every)), timeout=small,
                 unique=True, run_at_startup=True, max_tries=1),
            cron(tasks.checkpoint_reminders, name="checkpoint_reminders", hour={settings.checkpoint_reminder_hour},
                 minute={0}, timeout=timeout, unique=True, max_tries=3),
            cron(tasks.employer_reminders, name="employer_reminders", hour={settings.checkpoint_reminder_hour},
                 minute={5}, timeout=timeout, unique=True, max_tries=3),
            cron(tasks.retention, name="retention", hour={3}, minute={30}, timeout=timeout, unique=True,
                 max_tries=3),
        ],
        "ctx": {"vta": context} if context is not None else {},
        "on_startup": _startup,
        "on_shutdown": _shutdown,
        "on_job_start": _job_start,
        "redis_settings": redis_settings(settings.redis_url or "", retries=1),
        "queue_name": QUEUE_NAME,
        # arq's own health record (job counters) under a key of its own; liveness uses HEALTH_KEY
        "health_check_interval": 10,
        "health_check_key": "vta:worker:arq-health",
        "keep_result": 60,
        "max_jobs": 4,
        "job_timeout": timeout,
        "poll_delay": 0.5,
    }


async def _startup(ctx: dict[str, Any]) -> None:
    if "vta" not in ctx:  # started without run_worker (e.g. `arq` on the command line)
        ctx["vta"] = await _make_context(get_settings())
    ctx["vta_worker_id"] = worker_id = uuid.uuid4().hex
    ctx["vta_heartbeat"] = asyncio.create_task(_heartbeat(ctx["redis"], worker_id))


async def _shutdown(ctx: dict[str, Any]) -> None:
    beat = ctx.pop("vta_heartbeat", None)
    if beat is not None:
        beat.cancel()


async def _job_start(ctx: dict[str, Any]) -> None:
    """Remember which worker runs the job, so others can free it if this worker dies."""
    await ctx["redis"].set(_owner_key(ctx["job_id"]), ctx["vta_worker_id"], px=OWNER_TTL_S * 1000)


async def _heartbeat(redis: Any, worker_id: str) -> None:
    beats = 0
    while True:
        try:
            await redis.set(HEALTH_KEY, b"1", px=int(HEALTH_TTL_S * 1000))
            await redis.set(_alive_key(worker_id), b"1", px=int(HEALTH_TTL_S * 1000))
            if beats % RECLAIM_EVERY_BEATS == 0:
                await reclaim_orphans(redis, worker_id)
        except Exception as exc:  # noqa: BLE001 - Redis away: the key expires and --check says so
            log.debug("heartbeat failed: %s", exc)
        beats += 1
        await asyncio.sleep(HEALTH_EVERY_S)


async def reclaim_orphans(redis: Any, worker_id: str) -> list[str]:
    """Free the jobs of workers that died in the middle of them (their alive key has expired), so
    the next poll runs them again at once instead of after arq's in-progress expiry. Only jobs still
    in the queue (not finished) whose worker we know."""
    freed = []
    async for key in redis.scan_iter(match=f"{in_progress_key_prefix}*", count=500):
        job_id = (key.decode() if isinstance(key, bytes) else key)[len(in_progress_key_prefix):]
        owner = await redis.get(_owner_key(job_id))
        if owner is None or owner.decode() == worker_id or await redis.exists(_alive_key(owner.decode())):
            continue
        if await redis.zscore(QUEUE_NAME, job_id) is None:
            continue
        if await redis.delete(key):
            freed.append(job_id)
            log.warning("job %s was left by a dead worker; it runs again now", job_id)
    return freed


async def _make_context(settings: Settings) -> Any:
    from vta import tasks
    from vta.queue import ArqQueue

    context = tasks.Context(settings)
    context.queue = ArqQueue(settings.redis_url or "")
    # Load the embedding model before the first job needs it (off the event loop). A model that
    # cannot load fails the runs with a readable reason; the other jobs still run.
    try:
        await asyncio.to_thread(lambda: context.encoder.encode(["uppvärmning"]))
    except Exception:  # noqa: BLE001
        log.exception("the embedding model could not be loaded; match runs will fail until it can")
    return context


def run_worker() -> None:
    """Run until SIGINT/SIGTERM. If Redis goes away, arq's loop stops; start it again once Redis is back."""
    settings = get_settings()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    context = loop.run_until_complete(_make_context(settings))
    stopping = False

    def on_stop(_sig: signal.Signals) -> None:
        nonlocal stopping
        stopping = True

    try:
        while not stopping:
            worker = Worker(**worker_settings(settings, context))
            worker.on_stop = on_stop
            try:
                worker.run()
            except Exception as exc:  # noqa: BLE001 - Redis lost: arq's loop ended; retry after a pause
                log.warning("worker lost its queue (%s: %s); reconnecting in %.0f s", type(exc).__name__, exc,
                            RESTART_DELAY_S)
                loop.run_until_complete(_shutdown(worker.ctx))
            if not stopping:
                loop.run_until_complete(asyncio.sleep(RESTART_DELAY_S))
    finally:
        loop.run_until_complete(context.queue.close())
        loop.run_until_complete(context.close())
        loop.close()


async def check_health() -> bool:
    """True while a worker is alive (its heartbeat key exists in Redis)."""
    from redis.asyncio import Redis

    settings = get_settings()
    client = Redis.from_url(settings.redis_url or "", socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(await client.exists(HEALTH_KEY))
    finally:
        await client.aclose()
