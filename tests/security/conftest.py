"""Fixtures for the security suite: the real app over a real database (SQLite and PostgreSQL, from
tests/conftest.py), an HTTPS test client (the cookies are Secure), and a world of tenants built
directly through the services so each test starts in well under a second."""
from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.api.conftest import PASSWORD, Api
from tests.security.world import World, build_world


@pytest.fixture
async def app_client(settings: Any) -> AsyncIterator[tuple[Any, AsyncTestClient]]:
    from api.app import create_app

    app = create_app(settings)
    async with AsyncTestClient(app, base_url="https://testserver.local", timeout=60) as client:
        yield app, client


@pytest.fixture
async def db(settings: Any) -> AsyncIterator[Any]:
    """A sessionmaker of the test's own (the app's engine lives on the test client's event loop)."""
    from vta.db import make_engine, make_sessionmaker

    engine = make_engine(settings.database_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with the cheapest parameters, so a world of nine users builds fast. The production
    parameters are checked in test_web_sessions.py::test_passwords_are_argon2id."""
    from argon2 import PasswordHasher

    from vta import passwords

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_hasher", cheap)
    monkeypatch.setattr(passwords, "_DUMMY", cheap.hash("not a real password"))


@pytest.fixture
async def world(db: Any, app_client: tuple[Any, AsyncTestClient], fast_hashing: None) -> World:
    """Three tenants: A1 and A2 (two employers in association A) and B (association B), each with
    a need, participants with consent, a match run with proposals, a placement with checkpoints,
    an employer user and a CSR user; coordinators of A and B; a global admin. Tokens for all."""
    app, client = app_client
    w = await build_world(db)
    w.db = db
    w.api = Api(client, app)
    for who, email in w.emails.items():
        w.api.tokens[who] = await w.api.login(email, PASSWORD)
    return w


@pytest.fixture
def private_redis(tmp_path: Any) -> Iterator[str]:
    """A redis-server of this test's own on a free port (nothing else's keys to confuse a scan)."""
    import shutil
    import socket
    import subprocess
    import time

    import redis

    from tests.conftest import unavailable

    if not shutil.which("redis-server"):
        unavailable("redis-server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        for _ in range(100):
            try:
                if client.ping():
                    break
            except redis.RedisError:
                time.sleep(0.05)
        else:
            unavailable("redis-server (did not start)")
        yield url
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)
