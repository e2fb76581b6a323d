"""A real `vta worker` process on real Redis and PostgreSQL: killed with SIGKILL in the middle of a
match run, Redis taken away while runs are requested, the liveness check, and the same result as
the in-process default on SQLite."""
from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.workers.conftest import running_app, worker_check, worker_env
from tests.workers.worlds import post_world, scaled_world, seed_world
from vta.demo_world import demo_world

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]


async def _wait_status(api: Any, run_id: str, statuses: set[str], timeout: float, seen: list | None = None) -> dict:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        run = (await api.call("coord", "GET", f"/match-runs/{run_id}", 200)).json()
        if seen is not None:
            seen.append((run["status"], run["progress"]))
        if run["status"] in statuses or loop.time() > deadline:
            return run
        await asyncio.sleep(0.1)


async def _db_run(database_url: str, run_id: str) -> Any:
    from vta.db import make_engine, make_sessionmaker
    from vta.models import MatchRun

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await session.get(MatchRun, uuid.UUID(run_id))
    finally:
        await engine.dispose()


def _assert_no_duplicates(run: dict, items: list[dict]) -> None:
    pairs = [(p["participant_id"], p["need_id"]) for p in items]
    assert len(set(pairs)) == len(pairs), "duplicate proposals"
    assert run["proposal_count"] == len(items) > 0


async def test_kill9_mid_run_then_restart_completes_within_a_minute(
        pg_url: str, redis_url: str, start_worker: Any, tmp_path: Path,
        record_property: Any) -> None:
    """The worker dies (SIGKILL) while a run is running: `vta worker --check` reports it dead within
    ~11 s, a new worker finishes the run within 60 s of its start (it frees the dead worker's job
    at once; arq's own in-progress expiry, <= 55 s, is the fallback), with no proposal doubled."""
    env = worker_env(pg_url, redis_url)
    first = start_worker(env)
    await seed_world(pg_url, scaled_world(3))  # 120 participants, 48 needs: several seconds of encoding
    await first.wait_ready()
    assert worker_check(env) == 0, "the check says dead while the worker is alive"

    async with running_app(pg_url, redis_url, tmp_path) as api:
        run_id = (await api.call("coord", "POST", "/match-runs", 202, json={})).json()["id"]
        seen: list = []
        run = await _wait_status(api, run_id, {"running", "succeeded", "failed"}, 60, seen)
        assert run["status"] == "running", f"never saw the run running: {seen[-3:]} {first.log()}"
        await asyncio.sleep(0.5)  # well inside the run
        first.kill9()
        killed = time.monotonic()
        assert (await _db_run(pg_url, run_id)).status == "running"

        # Liveness: the heartbeat key expires within 11 s of the death.
        while worker_check(env) == 0:
            assert time.monotonic() - killed < 15, "`vta worker --check` still says alive 15 s after a kill -9"
            await asyncio.sleep(0.5)
        dead_after = time.monotonic() - killed

        second = start_worker(env)
        restarted = time.monotonic()
        await second.wait_ready()
        assert worker_check(env) == 0
        run = await _wait_status(api, run_id, {"succeeded", "failed"}, 75)
        done_after_restart = time.monotonic() - restarted
        assert run["status"] == "succeeded", f"{run['status']}: {run.get('error')}\n{second.log(8000)}"
        assert done_after_restart <= 60, f"the run completed {done_after_restart:.1f} s after the restart"
        items = await _all_proposals(api, run_id)
        _assert_no_duplicates(run, items)
        assert (await _db_run(pg_url, run_id)).attempts == 2  # interrupted once, redone whole once

    record_property("check_dead_after_kill_s", round(dead_after, 1))
    record_property("run_done_after_restart_s", round(done_after_restart, 1))
    record_property("run_done_after_kill_s", round(time.monotonic() - killed, 1))
    print(f"\nkill -9: --check reported dead after {dead_after:.1f} s; run done {done_after_restart:.1f} s "
          f"after the restart ({time.monotonic() - killed:.1f} s after the kill)")


async def test_redis_down_runs_are_accepted_and_complete_when_it_returns(
        pg_url: str, spare_redis: Any, start_worker: Any, tmp_path: Path, record_property: Any) -> None:
    """With Redis gone the API still answers 202 and stores the runs as queued; when Redis is back,
    the worker reconnects by itself and the reconciler enqueues them: no accepted request lost."""
    env = worker_env(pg_url, spare_redis.url)
    worker = start_worker(env)
    await seed_world(pg_url, demo_world())
    await worker.wait_ready()

    async with running_app(pg_url, spare_redis.url, tmp_path) as api:
        spare_redis.stop()
        run_ids, latencies = [], []
        for _ in range(3):
            t0 = time.monotonic()
            run = (await api.call("coord", "POST", "/match-runs", 202, json={})).json()
            latencies.append(time.monotonic() - t0)
            run_ids.append(run["id"])
        assert max(latencies) < 3, f"POST /match-runs took {max(latencies):.2f} s with Redis down"
        for run_id in run_ids:
            assert (await _db_run(pg_url, run_id)).status == "queued"
        await asyncio.sleep(2)
        assert worker.alive(), f"the worker died with Redis:\n{worker.log()}"

        spare_redis.start()  # back, and empty: whatever it held is gone
        back = time.monotonic()
        runs = [await _wait_status(api, run_id, {"succeeded", "failed"}, 60) for run_id in run_ids]
        done_after = time.monotonic() - back
        for run_id, run in zip(run_ids, runs):
            assert run["status"] == "succeeded", f"{run['status']}: {run.get('error')}\n{worker.log(8000)}"
            items = await _all_proposals(api, run_id)
            _assert_no_duplicates(run, items)
        assert done_after <= 60
        assert worker.alive()

    record_property("post_latency_redis_down_s", round(max(latencies), 2))
    record_property("runs_done_after_redis_back_s", round(done_after, 1))
    print(f"\nRedis down: POST took at most {max(latencies):.2f} s; all runs done {done_after:.1f} s "
          f"after Redis came back")


async def _all_proposals(api: Any, run_id: str) -> list[dict]:
    """Every proposal of a run, page by page (the list gives at most 200 at a time)."""
    items: list[dict] = []
    while True:
        page = (await api.call("coord", "GET", f"/match-runs/{run_id}/proposals?limit=200&offset={len(items)}",
                               200)).json()
        items += page["items"]
        if not page["items"] or len(items) >= page["total"]:
            return items


async def _proposals_by_key(api: Any, run_id: str, keys: dict[str, str]) -> set[tuple]:
    items = await _all_proposals(api, run_id)
    return {(keys[p["participant_id"]], keys[p["need_id"]], p["kind"], p["rank"], round(p["score"], 4))
            for p in items}


async def test_same_result_in_process_on_sqlite_and_on_a_worker_with_postgres(
        sqlite_url: str, pg_url: str, redis_url: str, start_worker: Any, tmp_path: Path) -> None:
    """The held-out style run: a world created through the API, a match run, proposals read back;
    in-process on SQLite and on PostgreSQL + Redis + a separate `vta worker`: the same proposals."""
    worker = start_worker(worker_env(pg_url, redis_url))
    world = demo_world()
    results = []
    for database_url, redis in ((sqlite_url, None), (pg_url, redis_url)):
        async with running_app(database_url, redis, tmp_path) as api:
            keys = await post_world(api, "coord", world)
            if redis:
                await worker.wait_ready()
            run_id = (await api.call("coord", "POST", "/match-runs", 202, json={})).json()["id"]
            run = await _wait_status(api, run_id, {"succeeded", "failed"}, 90)
            assert run["status"] == "succeeded", f"{run['status']}: {run.get('error')}\n{worker.log(8000)}"
            results.append(await _proposals_by_key(api, run_id, keys))
    in_process, on_worker = results
    assert len(in_process) > 10
    assert {p[2] for p in in_process} == {"assignment", "alternative"}
    assert in_process == on_worker, (sorted(in_process - on_worker)[:5], sorted(on_worker - in_process)[:5])
