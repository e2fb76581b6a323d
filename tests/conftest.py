"""Shared fixtures: real SQLite files and a real PostgreSQL database per test, the real app."""
from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

REQUIRE_SERVICES = os.environ.get("VTA_REQUIRE_SERVICES") == "1"
PG_ADMIN_URL = os.environ.get("VTA_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("VTA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SHARED = Path(__file__).resolve().parents[2] / "shared"
# One key store (vta/keys.py) for the run, shared by the test process and the servers and workers it
# starts, outside the working tree. A test that needs its own sets VTA_KEYSTORE_PATH itself.
if not os.environ.get("VTA_KEYSTORE_PATH"):
    _KEYS_DIR = tempfile.mkdtemp(prefix="vta-keys-")
    os.environ["VTA_KEYSTORE_PATH"] = str(Path(_KEYS_DIR) / "keys.db")
    atexit.register(shutil.rmtree, _KEYS_DIR, True)
# In-process apps run matching and encoding in threads of the test process, so that each test's app
# does not spawn a child and load the model again; tests/workers/test_job_process.py runs them in
# the child process a real server uses, and so do the servers `vta bench api` starts.
os.environ.setdefault("VTA_JOBS_IN_CHILD_PROCESS", "0")


def unavailable(what: str) -> None:
    """Locally a missing service skips its tests; in CI (VTA_REQUIRE_SERVICES=1) it fails them."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required in CI but is not reachable", pytrace=False)
    pytest.skip(f"{what} is not reachable")


def shared_file(relative: str) -> Path:
    """A file of the shared folder beside the repository (real-model quality worlds, the JobTech
    taxonomy). Like a service: locally its absence skips, with VTA_REQUIRE_SERVICES=1 it fails,
    so a CI run without it cannot silently drop the tests that need it."""
    path = SHARED / relative
    if not path.exists():
        unavailable(f"shared/{relative} (expected beside the repository)")
    return path


def _pg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def create_pg_database() -> str:
    import asyncpg

    name = f"vta_test_{uuid.uuid4().hex[:12]}"
    try:
        conn = await asyncpg.connect(_pg_dsn(PG_ADMIN_URL), timeout=5)
    except (OSError, asyncpg.PostgresError, asyncio.TimeoutError):
        unavailable("PostgreSQL")
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


async def drop_pg_database(url: str) -> None:
    import asyncpg

    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(_pg_dsn(PG_ADMIN_URL), timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A brand-new, empty database on each dialect."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'vta.db'}"
        return
    url = await create_pg_database()
    try:
        yield url
    finally:
        await drop_pg_database(url)


@pytest.fixture
async def database_url(empty_database_url: str) -> str:
    """A database brought up to date, as `vta serve` does."""
    from vta.migrations import upgrade
    from vta.services.reference_data import sync_reference_data

    await upgrade(empty_database_url)
    await sync_reference_data(empty_database_url)
    return empty_database_url


@pytest.fixture
def settings(database_url: str, tmp_path: Path):  # noqa: ANN201
    from vta.settings import Settings

    return Settings(database_url=database_url, secret_file=tmp_path / "secret", redis_url=None)
