"""arq worker: the same task functions as the in-process default, run from Redis.

Every job's timeout is short (<= 45 s): arq only retries a job whose worker died once the
job's in-progress key expires (largest timeout + 10 s), so short timeouts keep recovery
after a kill -9 within a minute.
"""
from __future__ import annotations

import asyncio
from typing import Any

from arq import cron, func
from arq.worker import Worker, async_check_health

from vta import tasks
from vta.queue import ArqQueue, redis_settings
from vta.settings import get_settings

HEALTH_KEY = "vta:worker:health"


async def startup(ctx: dict[str, Any]) -> None:
    settings = get_settings()
    context = tasks.Context(settings)
    context.queue = ArqQueue(settings.redis_url or "")
    ctx["vta"] = context
    _ = context.encoder  # load the model once, before the first job needs it


async def shutdown(ctx: dict[str, Any]) -> None:
    context: tasks.Context = ctx["vta"]
    await context.queue.close()
    await context.close()


def worker_settings() -> dict[str, Any]:
    settings = get_settings()
    timeout = settings.job_timeout_seconds
    every = settings.reconcile_interval_seconds
    return {
        "functions": [func(tasks.run_match, name="run_match", timeout=timeout, max_tries=5)],
        "cron_jobs": [
            cron(tasks.reconcile, name="reconcile", second=set(range(0, 60, every)), timeout=timeout,
                 unique=True, run_at_startup=True),
            cron(tasks.checkpoint_reminders, name="checkpoint_reminders", hour={settings.checkpoint_reminder_hour},
                 minute={0}, timeout=timeout, unique=True),
            cron(tasks.retention, name="retention", hour={3}, minute={30}, timeout=timeout, unique=True),
        ],
        "on_startup": startup,
        "on_shutdown": shutdown,
        "redis_settings": redis_settings(settings.redis_url or ""),
        "health_check_interval": 10,
        "health_check_key": HEALTH_KEY,
        "keep_result": 60,
        "max_jobs": 4,
        "job_timeout": timeout,
        "poll_delay": 0.5,
    }


def run_worker() -> None:
    asyncio.set_event_loop(asyncio.new_event_loop())
    Worker(**worker_settings()).run()


async def check_health() -> bool:
    settings = get_settings()
    return await async_check_health(redis_settings(settings.redis_url or ""), HEALTH_KEY) == 0
