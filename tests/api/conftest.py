"""The real app over a real database, driven through HTTP as a client would."""
from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

PASSWORD = "correct-horse-battery"


class Api:
    """A thin client that logs in as each role and keeps their tokens."""

    def __init__(self, client: AsyncTestClient, app: Any) -> None:
        self.client, self.app = client, app
        self.tokens: dict[str, str] = {}

    async def login(self, email: str, password: str = PASSWORD) -> str:
        r = await self.client.post("/api/v1/auth/token", json={"email": email, "password": password})
        assert r.status_code == 200, r.text
        return r.json()["access_token"]

    def h(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    async def call(self, who: str, method: str, path: str, expect: int | None = None, **kw: Any) -> Any:
        r = await self.client.request(method, f"/api/v1{path}", headers=self.h(who), **kw)
        if expect is not None:
            assert r.status_code == expect, f"{method} {path}: {r.status_code} {r.text}"
        return r

    async def create_user(self, email: str, role: str, employer_id: str | None = None) -> None:
        body = {"email": email, "password": PASSWORD, "role": role}
        if employer_id:
            body["employer_id"] = employer_id
        await self.call("admin", "POST", "/users", 201, json=body)
        self.tokens[email.split("@")[0]] = await self.login(email)

    async def wait_run(self, who: str, run_id: str, timeout: float = 90) -> dict:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            run = (await self.call(who, "GET", f"/match-runs/{run_id}", 200)).json()
            if run["status"] in ("succeeded", "failed") or loop.time() > deadline:
                return run
            await asyncio.sleep(0.2)


@contextlib.asynccontextmanager
async def running_app(settings: Any) -> AsyncIterator[Api]:
    """The real app (lifespan included) with an admin and a coordinator logged in."""
    from api.app import create_app
    from vta.db import make_engine, make_sessionmaker
    from vta.services.accounts import create_user

    engine = make_engine(settings.database_url)
    async with make_sessionmaker(engine)() as session, session.begin():
        await create_user(session, email="admin@test.se", password=PASSWORD, role="admin")
    await engine.dispose()
    app = create_app(settings)
    async with AsyncTestClient(app, timeout=60) as client:
        a = Api(client, app)
        a.tokens["admin"] = await a.login("admin@test.se")
        await a.create_user("coord@test.se", "coordinator")
        yield a


@pytest.fixture
async def api(settings: Any) -> AsyncIterator[Api]:
    async with running_app(settings) as a:
        yield a
