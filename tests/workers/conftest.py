"""Background work against the real things: Redis, PostgreSQL and `vta worker` processes.

No fakes: a worker here is the real command line in a subprocess, killed with SIGKILL when a test
says so. A test that needs Redis calls `redis_url`/`spare_redis`, which skip locally but fail in CI
(VTA_REQUIRE_SERVICES=1) when Redis is not reachable. Redis here is a redis-server the session
starts itself on a random port (isolated from other test sessions on the same machine); without a
redis-server binary, the Redis of VTA_TEST_REDIS_URL (db 15).
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REDIS_URL, create_pg_database, drop_pg_database, unavailable

VTA = str(Path(sys.executable).with_name("vta"))
ROOT = Path(__file__).resolve().parents[2]


# --- Redis --------------------------------------------------------------------------------------

def redis_ping(url: str) -> bool:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


def flush(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.flushdb()
    finally:
        client.close()


def free_port(preferred: int = 0) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


class SpareRedis:
    """A redis-server of the test's own on a spare port (never the machine's Redis), no persistence,
    so the test may shut it down and start it again."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()  # a random free port: never 6379, never another session's
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir), "--logfile", str(self.workdir / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not redis_ping(self.url):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError(f"redis-server on port {self.port} did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        """`redis-cli shutdown nosave`, as an operator (or a crash) would take it away."""
        if self.proc is None:
            return
        subprocess.run(["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True, timeout=10)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


def _have_redis_server() -> bool:
    return shutil.which("redis-server") is not None and shutil.which("redis-cli") is not None


@pytest.fixture(scope="session")
def private_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SpareRedis | None]:
    """A redis-server of this test session's own, so no other session on the machine (sharing the
    test database of the machine's Redis) can take our jobs or flush them. None without redis-server."""
    if not _have_redis_server():
        yield None
        return
    server = SpareRedis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(private_redis: SpareRedis | None) -> Iterator[str]:
    """An empty Redis database: this session's own redis-server, else VTA_TEST_REDIS_URL (db 15)."""
    url = private_redis.url if private_redis is not None else REDIS_URL
    if not redis_ping(url):
        unavailable("Redis")
    flush(url)
    yield url
    flush(url)


@pytest.fixture
def spare_redis(tmp_path: Path) -> Iterator[SpareRedis]:
    """A redis-server the test may shut down and start again (never the machine's Redis)."""
    if not _have_redis_server():
        unavailable("Redis (redis-server)")
    workdir = tmp_path / "redis"
    workdir.mkdir()
    server = SpareRedis(workdir)
    server.start()
    yield server
    server.stop()


# --- PostgreSQL -----------------------------------------------------------------------------------

async def upgraded(url: str) -> str:
    from vta.migrations import upgrade
    from vta.services.reference_data import sync_reference_data

    await upgrade(url)
    await sync_reference_data(url)
    return url


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A fresh PostgreSQL database brought up to date (fails in CI when PostgreSQL is away)."""
    url = await create_pg_database()
    try:
        yield await upgraded(url)
    finally:
        await drop_pg_database(url)


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    return await upgraded(f"sqlite+aiosqlite:///{tmp_path / 'vta.db'}")


# --- worker processes -----------------------------------------------------------------------------

def worker_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    # The one setting kept: the worker must open texts with the key store the server sealed them with.
    env = {k: v for k, v in os.environ.items() if not k.startswith("VTA_") or k == "VTA_KEYSTORE_PATH"}
    env.update({"VTA_DATABASE_URL": database_url, "VTA_REDIS_URL": redis_url, "VTA_SECRET_KEY": "test-secret",
                "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"})
    env.update(extra)
    return env


class WorkerProcess:
    """`vta worker` in a subprocess of its own (own session, so a kill reaches nothing else)."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env, self.log_path = env, log_path
        self.proc: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen([VTA, "worker"], env=self.env, cwd=self.log_path.parent, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self, tail: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except FileNotFoundError:
            return ""

    async def wait_ready(self, timeout: float = 120) -> float:
        """Until the worker's heartbeat key is in Redis; returns the seconds it took."""
        import redis.asyncio as aredis

        from workers.settings import HEALTH_KEY

        started = time.monotonic()
        client = aredis.Redis.from_url(self.env["VTA_REDIS_URL"], socket_connect_timeout=1, socket_timeout=1)
        try:
            while True:
                assert self.alive(), f"the worker exited:\n{self.log()}"
                with contextlib.suppress(Exception):
                    if await client.exists(HEALTH_KEY):
                        return time.monotonic() - started
                assert time.monotonic() - started < timeout, f"the worker did not come up:\n{self.log()}"
                await asyncio.sleep(0.2)
        finally:
            await client.aclose()

    def kill9(self) -> None:
        """SIGKILL: no cleanup at all, as when the machine or the OOM killer takes it."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if not self.alive():
            return
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Any]:
    """start_worker(env) -> a started WorkerProcess; every one is stopped at the end of the test."""
    started: list[WorkerProcess] = []

    def start(env: dict[str, str]) -> WorkerProcess:
        worker = WorkerProcess(env, tmp_path / f"worker-{len(started) + 1}.log").start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def worker_check(env: dict[str, str]) -> int:
    """Exit code of `vta worker --check`."""
    return subprocess.run([VTA, "worker", "--check"], env=env, capture_output=True, timeout=60).returncode


# --- the app, driven over HTTP --------------------------------------------------------------------

@contextlib.asynccontextmanager
async def running_app(database_url: str, redis_url: str | None, tmp_path: Path,
                      **overrides: Any) -> AsyncIterator[Any]:
    """The real app on `database_url`, jobs in-process or on Redis: yields tests.api.conftest.Api."""
    from tests.api.conftest import running_app as running_api
    from vta.settings import Settings

    settings = Settings(database_url=database_url, redis_url=redis_url,
                        secret_file=tmp_path / f"secret-{uuid.uuid4().hex[:8]}", **overrides)
    async with running_api(settings) as api:
        yield api
