"""A match run as the coordinator sees it while it runs: progress, and a failure recorded as
`failed` with a readable reason, never left `running` (in-process jobs on SQLite; the worker path
is the same task function, see test_worker_process.py)."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.workers.conftest import running_app
from tests.workers.worlds import scaled_world, seed_world, tiny_world


async def _poll(api: Any, run_id: str, timeout: float) -> tuple[dict, list[tuple[str, float]]]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    seen: list[tuple[str, float]] = []
    while True:
        run = (await api.call("coord", "GET", f"/match-runs/{run_id}", 200)).json()
        seen.append((run["status"], run["progress"]))
        if run["status"] in ("succeeded", "failed") or loop.time() > deadline:
            return run, seen
        await asyncio.sleep(0.2)


def _readable(error: str | None) -> None:
    assert error and error.startswith("The match run "), error
    assert "Traceback" not in error and 'File "' not in error and len(error) < 400, error


@pytest.mark.slow
async def test_progress_is_visible_while_a_run_runs(sqlite_url: str, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from vta.tasks import SLOW_ENCODE_ENV

    monkeypatch.setenv(SLOW_ENCODE_ENV, "1")  # each encoder call takes a second more: the stages are seen
    await seed_world(sqlite_url, scaled_world(2))  # 80 participants, 32 needs
    async with running_app(sqlite_url, None, tmp_path) as api:
        run_id = (await api.call("coord", "POST", "/match-runs", 202, json={})).json()["id"]
        run, seen = await _poll(api, run_id, 90)
    assert run["status"] == "succeeded" and run["progress"] == 1.0, run
    assert ("running" in {s for s, _ in seen}), seen
    partial = sorted({p for s, p in seen if s == "running" and 0 < p < 1})
    assert partial, f"no partial progress seen while running: {seen[:3]} ... {seen[-3:]}"
    progress = [p for _, p in seen]
    assert progress == sorted(progress), "progress went backwards"


async def test_a_run_whose_engine_fails_is_recorded_failed_with_a_readable_reason(sqlite_url: str,
                                                                                   tmp_path: Path) -> None:
    """The embedding model cannot be loaded (a wrong VTA_EMBEDDING_MODEL): failed, with a reason."""
    await seed_world(sqlite_url, tiny_world())
    async with running_app(sqlite_url, None, tmp_path, embedding_model=str(tmp_path / "no-such-model")) as api:
        run_id = (await api.call("coord", "POST", "/match-runs", 202, json={})).json()["id"]
        run, seen = await _poll(api, run_id, 60)
        assert run["status"] == "failed", seen[-3:]
        _readable(run["error"])
        # and it stays failed: the reconciler does not take a failed run up again
        from vta.tasks import reconcile

        assert await reconcile(api.app.state.ctx) == 0
        again = (await api.call("coord", "GET", f"/match-runs/{run_id}", 200)).json()
        assert again["status"] == "failed"


async def test_a_run_that_overruns_its_time_is_recorded_failed(sqlite_url: str, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A run slower than its budget (here 2 s: job timeout 5 s minus 3) is stopped and recorded as
    failed with a reason, not left running until a queue kills it."""
    from vta.tasks import SLOW_ENCODE_ENV

    monkeypatch.setenv(SLOW_ENCODE_ENV, "3")
    await seed_world(sqlite_url, tiny_world())
    async with running_app(sqlite_url, None, tmp_path, job_timeout_seconds=5) as api:
        run_id = (await api.call("coord", "POST", "/match-runs", 202, json={})).json()["id"]
        run, seen = await _poll(api, run_id, 30)
    assert run["status"] == "failed", seen[-3:]
    _readable(run["error"])
    assert "longer than 2 seconds" in run["error"], run["error"]


async def test_a_run_still_encoding_at_its_budget_continues_where_it_stopped(sqlite_url: str, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A first run over a large world encodes longer than one job's budget: each job stores the
    vectors it made and hands over to the next, until the run finishes. Progress never goes back."""
    import uuid

    import matching.engine
    from vta.db import make_engine, make_sessionmaker
    from vta.models import MatchRun
    from vta.tasks import SLOW_ENCODE_ENV

    monkeypatch.setattr(matching.engine, "ENCODE_CHUNK", 2)  # 4 participants, 3 needs: 4 encoder calls
    monkeypatch.setenv(SLOW_ENCODE_ENV, "2")  # 8 s of encoding: more than one budget of 5 s
    await seed_world(sqlite_url, tiny_world())
    async with running_app(sqlite_url, None, tmp_path, job_timeout_seconds=8) as api:
        run_id = (await api.call("coord", "POST", "/match-runs", 202, json={})).json()["id"]
        run, seen = await _poll(api, run_id, 90)
    assert run["status"] == "succeeded", (run, seen[-3:])
    progress = [p for _, p in seen]
    assert progress == sorted(progress), "progress went backwards"
    engine = make_engine(sqlite_url)
    async with make_sessionmaker(engine)() as session:
        stored = await session.get(MatchRun, uuid.UUID(run_id))
    await engine.dispose()
    assert stored.params["continuations"] >= 1, stored.params
    assert stored.proposal_count > 0
