"""The pages over the real app and a real database (both dialects), with the security suite's
world of tenants: the same users, ids and password."""
from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from tests.api.conftest import PASSWORD
from tests.security.conftest import db, fast_hashing  # noqa: F401 - fixtures shared with the security suite
from tests.security.world import World, build_world


def csrf(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


class Browser:
    """One HTTPS test client (the cookies are Secure) that signs in as one user after another."""

    def __init__(self, client: AsyncTestClient) -> None:
        self.client = client

    async def login(self, email: str) -> None:
        self.client.cookies.clear()
        token = csrf((await self.client.get("/login")).text)
        r = await self.client.post("/login", data={"email": email, "password": PASSWORD, "_csrf_token": token})
        assert r.status_code == 303, r.text

    async def get(self, path: str, expect: int = 200) -> Any:
        r = await self.client.get(path)
        assert r.status_code == expect, (path, r.status_code, r.text[:2000])
        return r

    async def post(self, path: str, data: dict[str, Any], expect: int = 303, token_from: str | None = None) -> Any:
        token = csrf((await self.client.get(token_from or "/")).text)
        r = await self.client.post(path, data={**data, "_csrf_token": token})
        assert r.status_code == expect, (path, r.status_code, r.text[:3000])
        return r


@pytest.fixture
async def pages(settings: Any, db: Any, fast_hashing: None) -> AsyncIterator[tuple[Browser, World]]:  # noqa: F811
    from api.app import create_app

    world = await build_world(db)
    world.db = db
    async with AsyncTestClient(create_app(settings), base_url="https://testserver.local", timeout=60) as client:
        client.follow_redirects = False
        yield Browser(client), world
