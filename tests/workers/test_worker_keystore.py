"""A real `vta worker` started on a key store that is not the one the participants were sealed with
refuses to start (one clear line, non-zero exit, before it takes any job); on the right one it runs.
The check itself is tested in tests/security/test_keystore_check.py."""
from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from tests.workers.conftest import worker_env
from tests.workers.worlds import seed_world, tiny_world

pytestmark = [pytest.mark.redis, pytest.mark.slow]


async def test_worker_refuses_an_empty_key_store_and_runs_on_the_right_one(
        sqlite_url: str, redis_url: str, start_worker: Any, tmp_path: Path) -> None:
    await seed_world(sqlite_url, tiny_world())  # four participants, sealed with this session's key store
    empty = tmp_path / "empty-keys.db"
    empty.touch()
    wrong = start_worker(worker_env(sqlite_url, redis_url, VTA_KEYSTORE_PATH=str(empty)))
    started = time.monotonic()
    while wrong.alive() and time.monotonic() - started < 30:
        await asyncio.sleep(0.1)
    assert not wrong.alive(), f"the worker did not refuse to start:\n{wrong.log()}"
    assert wrong.proc is not None and wrong.proc.returncode != 0
    log = wrong.log()
    assert "Traceback" not in log
    last = log.strip().splitlines()[-1]
    assert last.startswith("Error: Refusing to run: the key store") and str(empty) in last, log
    assert "of the 4 living participants" in last and "VTA_KEYSTORE_PATH" in last
    assert "Starting worker" not in log  # arq never started: no job was taken

    right = start_worker(worker_env(sqlite_url, redis_url))  # the session's key store
    await right.wait_ready()
    assert right.alive()
