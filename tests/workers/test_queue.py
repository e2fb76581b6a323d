"""The queue seam: enqueue after commit only, one job per job id, fail fast without Redis, short
timeouts on every worker function, a dead worker's job freed, and arq known by two modules only."""
from __future__ import annotations

import asyncio
import re
import time
import uuid
from typing import Any
from pathlib import Path

import pytest

from tests.workers.conftest import ROOT, free_port
from vta.queue import QUEUE_NAME, ArqQueue, Job


def _admin():  # noqa: ANN202
    from vta.principal import Principal

    return Principal(user_id=None, role="admin")


async def _queued(redis_url: str) -> list[str]:
    from redis.asyncio import Redis

    client = Redis.from_url(redis_url)
    try:
        return [x.decode() for x in await client.zrange(QUEUE_NAME, 0, -1)]
    finally:
        await client.aclose()


@pytest.mark.redis
async def test_a_job_reaches_redis_only_after_the_commit(database_url: str, redis_url: str) -> None:
    from vta.db import make_engine, make_sessionmaker
    from vta.services.runs import create_run
    from vta.uow import transaction

    engine = make_engine(database_url)
    queue = ArqQueue(redis_url)
    try:
        async with transaction(make_sessionmaker(engine), queue) as session:
            run = await create_run(session, _admin())
            await session.flush()
            assert await _queued(redis_url) == [], "a job was enqueued before its transaction committed"
        assert await _queued(redis_url) == [f"match-run:{run.id}"]
    finally:
        await queue.close()
        await engine.dispose()


@pytest.mark.redis
async def test_a_rolled_back_request_enqueues_nothing(database_url: str, redis_url: str) -> None:
    from sqlalchemy import func, select

    from vta.db import make_engine, make_sessionmaker
    from vta.models import MatchRun
    from vta.services.runs import create_run
    from vta.uow import transaction

    engine = make_engine(database_url)
    sessionmaker = make_sessionmaker(engine)
    queue = ArqQueue(redis_url)
    try:
        with pytest.raises(RuntimeError, match="the request failed"):
            async with transaction(sessionmaker, queue) as session:
                await create_run(session, _admin())
                raise RuntimeError("the request failed after the run was created")
        assert await _queued(redis_url) == []
        async with sessionmaker() as session:
            assert (await session.execute(select(func.count()).select_from(MatchRun))).scalar() == 0
    finally:
        await queue.close()
        await engine.dispose()


@pytest.mark.redis
async def test_the_same_job_id_twice_is_one_arq_job(redis_url: str) -> None:
    run_id = uuid.uuid4()
    job = Job("run_match", f"match-run:{run_id}", {"run_id": str(run_id)})
    queue = ArqQueue(redis_url)
    try:
        assert await queue.enqueue(job) is True
        assert await queue.enqueue(job) is False  # a double submit (or the reconciler) adds nothing
        # ten at once (two API processes, the reconciler...): still one
        other = Job("run_match", f"match-run:{uuid.uuid4()}", {"run_id": "x"})
        results = await asyncio.gather(*[ArqQueue(redis_url).enqueue(other) for _ in range(10)])
        assert sorted(results) == [False] * 9 + [True]
        assert sorted(await _queued(redis_url)) == sorted([job.job_id, other.job_id])
    finally:
        await queue.close()


async def test_an_unreachable_redis_fails_fast_and_loses_nothing() -> None:
    """The API's enqueue must not hang a request when Redis is away (the run waits in the database)."""
    queue = ArqQueue(f"redis://127.0.0.1:{free_port(0)}/0")  # nothing listens there
    job = Job("run_match", "match-run:x", {"run_id": "x"})
    try:
        t0 = time.monotonic()
        assert await queue.enqueue_safely(job) is False
        first = time.monotonic() - t0
        t0 = time.monotonic()
        assert await queue.enqueue_safely(job) is False
        second = time.monotonic() - t0
    finally:
        await queue.close()
    assert first < 2.5, f"an enqueue to a dead Redis took {first:.2f} s"
    assert second < 0.05, f"the second enqueue did not back off ({second:.3f} s)"


@pytest.mark.parametrize("configured", [40, 300])
async def test_every_worker_function_times_out_within_45_s(configured: int, tmp_path: Path) -> None:
    """arq retries a killed worker's job after (largest timeout of the worker + 10 s): <= 55 s."""
    from arq.worker import Worker

    from vta.settings import Settings
    from vta.tasks import TASKS
    from workers.settings import worker_settings

    settings = Settings(database_url="sqlite+aiosqlite:///:memory:", redis_url="redis://127.0.0.1:1/0",
                        job_timeout_seconds=configured, secret_file=tmp_path / "s")
    worker = Worker(**worker_settings(settings), handle_signals=False)
    timeouts = {name: f.timeout_s for name, f in worker.functions.items()}
    assert set(timeouts) == set(TASKS), "every task must be runnable on the worker"
    assert all(t is not None and 0 < t <= 45 for t in timeouts.values()), timeouts
    assert worker.in_progress_timeout_s <= 55
    if configured == 40:
        assert worker.in_progress_timeout_s == 50


def test_only_the_queue_module_and_the_worker_know_arq() -> None:
    """Swapping arq must touch vta/queue.py and workers/settings.py only."""
    pattern = re.compile(r"^\s*(from|import)\s+arq\b", re.MULTILINE)
    knowing = sorted(str(p.relative_to(ROOT)) for top in ("vta", "api", "employers", "matching", "workers")
                     for p in (ROOT / top).rglob("*.py") if pattern.search(p.read_text(encoding="utf-8")))
    assert knowing == ["vta/queue.py", "workers/settings.py"]


@pytest.mark.redis
async def test_a_dead_workers_job_is_freed_and_a_live_ones_is_not(redis_url: str) -> None:
    """reclaim_orphans frees the in-progress mark of a job whose worker's alive key has expired;
    a job of a live worker, or a finished one, keeps it."""
    from arq.constants import in_progress_key_prefix
    from redis.asyncio import Redis

    from workers.settings import _alive_key, _owner_key, reclaim_orphans

    client = Redis.from_url(redis_url)
    try:
        for job_id, owner, queued in (("dead-job", "w-dead", True), ("live-job", "w-live", True),
                                      ("finished-job", "w-dead", False), ("unknown-job", None, True)):
            await client.set(in_progress_key_prefix + job_id, b"1", px=50_000)
            if owner:
                await client.set(_owner_key(job_id), owner)
            if queued:
                await client.zadd(QUEUE_NAME, {job_id: 1})
        await client.set(_alive_key("w-live"), b"1", px=11_000)
        assert await reclaim_orphans(client, "w-me") == ["dead-job"]
        left = sorted(k.decode()[len(in_progress_key_prefix):]
                      for k in await client.keys(in_progress_key_prefix + "*"))
        assert left == ["finished-job", "live-job", "unknown-job"]
    finally:
        await client.aclose()


async def test_in_process_cpu_bound_jobs_take_turns_and_others_do_not_wait() -> None:
    from vta.queue import InProcessQueue, Job

    active, most, log = 0, 0, []

    async def heavy(ctx: Any, n: int) -> None:
        nonlocal active, most
        active += 1
        most = max(most, active)
        await asyncio.sleep(0.05)
        active -= 1
        log.append(f"heavy{n}")

    async def light(ctx: Any) -> None:
        log.append("light")

    queue = InProcessQueue({"heavy": heavy, "light": light}, {}, one_at_a_time=frozenset({"heavy"}))
    for n in range(3):
        assert await queue.enqueue(Job("heavy", f"h{n}", {"n": n}))
    assert await queue.enqueue(Job("light", "l"))
    await queue.drain()
    assert most == 1 and log[0] == "light" and sorted(log[1:]) == ["heavy0", "heavy1", "heavy2"]
