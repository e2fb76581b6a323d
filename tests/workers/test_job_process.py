"""The embedded server's matching and encoding run in a child process (vta/job_process.py): a run
succeeds there, a new participant's text is encoded there, the server's own process never runs
them, and a child killed mid-run costs nothing but time (the reconciler redoes the run)."""
from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from tests.api.world import participant_body
from tests.workers.conftest import running_app
from tests.workers.test_runs import _poll
from tests.workers.worlds import seed_world, tiny_world


def _child_pid(api: Any) -> int:
    offload = api.app.state.queue.offload
    assert offload is not None, "the server must hand its CPU-bound jobs to a child process"
    assert offload.pid is not None and offload.pid != os.getpid()
    return offload.pid


async def _embeddings(database_url: str) -> int:
    from vta.db import make_engine, make_sessionmaker
    from vta.models import Embedding

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return int((await session.execute(select(func.count()).select_from(Embedding))).scalar_one())
    finally:
        await engine.dispose()


async def test_runs_and_encodings_happen_in_a_child_process(sqlite_url: str, tmp_path: Path) -> None:
    await seed_world(sqlite_url, tiny_world())
    async with running_app(sqlite_url, None, tmp_path, jobs_in_child_process=True) as api:
        run_id = (await api.call("coord", "POST", "/match-runs", 202, json={})).json()["id"]
        run, seen = await _poll(api, run_id, 120)
        assert run["status"] == "succeeded", seen[-3:]
        proposals = (await api.call("coord", "GET", f"/match-runs/{run_id}/proposals", 200)).json()
        assert proposals["total"] > 0
        child = _child_pid(api)
        # the computing threads yield the cores to the requests; the loop that writes (and holds
        # SQLite's lock meanwhile) does not wait behind them (Linux: nice is per thread)
        niceness = {int(t): os.getpriority(os.PRIO_PROCESS, int(t)) for t in os.listdir(f"/proc/{child}/task")}
        mine = os.getpriority(os.PRIO_PROCESS, 0)
        assert niceness[child] == mine, "the child's event loop must not be lowered"
        assert max(niceness.values()) > mine, "the child's computing threads must yield the cores to the requests"
        assert "model_encoder" not in vars(api.app.state.ctx), "the server process loaded the model itself"

        before = await _embeddings(sqlite_url)
        await api.call("coord", "POST", "/participants", 201, json=participant_body(
            "Ny Deltagare", experience="Lagade mat i ett storkök i tre år."))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 90
        while await _embeddings(sqlite_url) <= before:
            assert loop.time() < deadline, "the new participant's text was not encoded"
            await asyncio.sleep(0.3)
        assert _child_pid(api) == child, "one child does both kinds of work"


async def test_a_child_killed_during_a_run_costs_only_time(sqlite_url: str, tmp_path: Path,
                                                         monkeypatch: Any) -> None:
    from vta.tasks import SLOW_ENCODE_ENV

    monkeypatch.setenv(SLOW_ENCODE_ENV, "2")  # the run takes seconds: time to kill it in the middle
    await seed_world(sqlite_url, tiny_world())
    async with running_app(sqlite_url, None, tmp_path, jobs_in_child_process=True, job_timeout_seconds=30,
                           reconcile_interval_seconds=1) as api:
        run_id = (await api.call("coord", "POST", "/match-runs", 202, json={})).json()["id"]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 90
        while (await api.call("coord", "GET", f"/match-runs/{run_id}", 200)).json()["status"] != "running":
            assert loop.time() < deadline, "the run never started"
            await asyncio.sleep(0.2)
        first_pid = _child_pid(api)
        os.kill(first_pid, signal.SIGKILL)

        monkeypatch.delenv(SLOW_ENCODE_ENV)  # only new children read it: the redone run is quick
        run, seen = await _poll(api, run_id, 150)
        assert run["status"] == "succeeded", seen[-3:]
        assert _child_pid(api) != first_pid, "a new child ran the run again"
        # the server itself kept answering throughout
        assert (await api.client.get("/health")).status_code == 200
