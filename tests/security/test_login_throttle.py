"""Login throttling (issue 15): atomic under parallel load and across server processes, per account
and per (account, client) with growing delays, forwarded addresses only from trusted proxies, and
a way back for a locked-out user (expiry, an administrator's unlock through the API and the CLI)."""
from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import PASSWORD
from tests.live_server import http, live_server, run
from tests.security.world import count

EMAIL = "anna.koordinator@test.se"
ADMIN = "bo.admin@test.se"


@pytest.fixture
async def users(settings: Any, db: Any, fast_hashing: None) -> Any:
    from vta.services.accounts import create_user

    async with db() as session, session.begin():
        await create_user(session, email=EMAIL, password=PASSWORD, role="coordinator")
        await create_user(session, email=ADMIN, password=PASSWORD, role="admin")
    return settings


def test_forwarded_addresses_are_believed_only_from_trusted_proxies() -> None:
    from api.client_address import forwarded_client
    from vta.settings import Settings

    proxies = Settings.parse_networks("10.0.0.0/8, 192.0.2.1")
    # a client that is no proxy of ours cannot choose its address
    assert forwarded_client("203.0.113.7", ["198.51.100.1"], proxies) == "203.0.113.7"
    # behind our proxies: the first hop from the right that is not ours; what the client wrote
    # itself further left is never reached
    assert forwarded_client("10.1.2.3", ["1.1.1.1, 203.0.113.7"], proxies) == "203.0.113.7"
    assert forwarded_client("10.1.2.3", ["1.1.1.1, 203.0.113.7, 192.0.2.1"], proxies) == "203.0.113.7"
    assert forwarded_client("10.1.2.3", ["1.1.1.1", "203.0.113.7"], proxies) == "203.0.113.7"
    assert forwarded_client("10.1.2.3", [], proxies) == "10.1.2.3"
    assert forwarded_client("10.1.2.3", ["junk, 203.0.113.7"], proxies) == "203.0.113.7"
    assert forwarded_client("10.1.2.3", ["203.0.113.7, junk"], proxies) == "10.1.2.3"
    with pytest.raises(ValueError):
        Settings(trusted_proxies="10.0.0.0/8, not-an-address")


async def test_delays_grow_and_expire(users: Any, db: Any) -> None:
    from sqlalchemy import select

    from vta.errors import TooManyAttempts
    from vta.models import LoginThrottle
    from vta.services import login_throttle

    settings = users.model_copy(update={"login_free_failures_per_client": 2, "login_delay_seconds": 0.4,
                                        "login_max_delay_seconds": 1.0})

    async def attempt() -> int | None:
        try:
            async with db() as session, session.begin():
                await login_throttle.reserve(session, settings, EMAIL, "203.0.113.7")
        except TooManyAttempts as exc:
            return exc.retry_after
        return None

    assert await attempt() is None and await attempt() is None  # the free failures
    assert await attempt() == 1  # 0.4 s, rounded up
    await asyncio.sleep(0.45)
    assert await attempt() is None  # the delay expired; the next one is twice as long
    assert await attempt() == 1
    await asyncio.sleep(0.85)
    assert await attempt() is None
    async with db() as session:
        row = (await session.execute(select(LoginThrottle).where(LoginThrottle.client == "203.0.113.7"))).scalar_one()
    assert row.failures == 4
    assert (row.next_allowed_at - row.last_failure_at).total_seconds() == pytest.approx(1.0)  # capped
    assert [login_throttle.delay_after(n, 2, 0.4, 1.0) for n in range(1, 6)] == [0.0, 0.4, 0.8, 1.0, 1.0]


def _serve_env(database_url: str) -> dict[str, str]:
    return {"VTA_DATABASE_URL": database_url, "VTA_TRUSTED_PROXIES": "127.0.0.1",
            "VTA_LOGIN_FREE_FAILURES_PER_CLIENT": "5", "VTA_LOGIN_FREE_FAILURES_PER_ACCOUNT": "12",
            "VTA_LOGIN_DELAY_SECONDS": "600"}


@pytest.mark.slow
async def test_100_parallel_wrong_passwords_across_two_server_processes(users: Any, db: Any,
                                                                        tmp_path: Path) -> None:
    """Two real `vta serve` processes on one database, behind a trusted proxy (127.0.0.1)."""
    env = _serve_env(users.database_url)
    with live_server(tmp_path, env) as one, live_server(tmp_path, env) as two:
        def login(i: int, client: str, password: str = "wrong-password", xff: str | None = None) -> tuple[int, Any]:
            status, body = http(f"{(one, two)[i % 2]}/api/v1/auth/token", {"email": EMAIL, "password": password},
                                {"X-Forwarded-For": xff or client})
            return status, json.loads(body)

        admin = json.loads(http(f"{one}/api/v1/auth/token", {"email": ADMIN, "password": PASSWORD})[1])["access_token"]
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=50) as pool:
            codes = Counter(s for s, _ in pool.map(lambda i: login(i, "203.0.113.7"), range(100)))
        # Each of the 100 was either checked and refused (401) or not checked at all (429):
        # exactly the five free failures of this (account, client) were checked.
        assert codes == {401: 5, 429: 95}, codes
        assert time.monotonic() - started < 60
        # The right password from that client waits too, with a body and a Retry-After...
        status, body = login(0, "203.0.113.7", PASSWORD)
        assert status == 429 and set(body) == {"detail"}
        # ...also when the client writes an address of its own in front (only the proxy's hop counts)
        assert login(1, "", PASSWORD, xff="198.51.100.200, 203.0.113.7")[0] == 429
        # The account owner on another address is not locked out by the attacker's address.
        assert login(1, "198.51.100.9", PASSWORD)[0] == 200
        # Account-wide: failures from many addresses add up to a delay for everyone (12 free).
        spread = [login(i, f"198.51.100.{i}")[0] for i in range(10, 22)]
        assert spread == [401] * 12
        assert login(0, "198.51.100.9", PASSWORD)[0] == 429
        # The way back: an administrator's unlock, through the API...
        status, _ = http(f"{two}/api/v1/users/{await _user_id(db)}/unlock", {},
                         {"Authorization": f"Bearer {admin}"})
        assert status == 200
        assert login(0, "203.0.113.7", PASSWORD)[0] == 200
        # ...and the command line.
        assert [login(i, "198.51.100.50")[0] for i in range(6)] == [401] * 5 + [429]
        cli = run(tmp_path, "users", "unlock", "--email", EMAIL.upper(), env=env)
        assert cli.returncode == 0, cli.stderr
        assert login(1, "198.51.100.50", PASSWORD)[0] == 200
    assert await count(db, "SELECT count(*) FROM audit_events WHERE action = 'unlock'") == 2


async def _user_id(db: Any) -> str:
    from sqlalchemy import select

    from vta.models import User

    async with db() as session:
        return str((await session.execute(select(User.id).where(User.email == EMAIL))).scalar_one())
