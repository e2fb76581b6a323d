"""Passwords per NIST SP 800-63B (issue 15): a longer minimum, no common or breached password, not
the e-mail address; the demo users' passwords stay valid."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import Api, running_app
from tests.live_server import run
from tests.security.world import count

REFUSED = ["12345678", "password", " " * 8, " " * 16, "passwordpassword", "Password1234", "qwertyuiopasdf",
           "iloveyou2024", "lösenord1234", "111111111111", "abcdefghijkl",
           "ny.koordinator@test.se", "NY.Koordinator@Test.se-2026", "nykoordinator1", "koordinator-2026"]


@pytest.mark.parametrize("password", REFUSED)
def test_common_short_and_personal_passwords_are_refused(password: str) -> None:
    from vta.errors import InvalidInput
    from vta.password_policy import check_password

    with pytest.raises(InvalidInput) as refused:
        check_password(password, "nykoordinator@test.se" if password == "nykoordinator1" else "ny.koordinator@test.se")
    assert "password" in refused.value.detail


def test_strong_and_demo_passwords_pass() -> None:
    from vta.demo_world import USERS  # the README lists them
    from vta.password_policy import check_password

    for password, email in [("correct-horse-battery", "a@test.se"), ("tre glada ankor badar", "b@test.se"),
                            ("Kanot-Fjäll-Mörker-93", "c@test.se"), ("p" * 10 + "Kanot-Fjäll-Mörker-93", "c@test.se")]:
        check_password(password, email)
    assert len(USERS) == 6
    for u in USERS:
        check_password(u["password"], u["email"])


async def test_the_api_refuses_weak_passwords_and_stores_nothing(settings: Any, fast_hashing: None) -> None:
    async with running_app(settings) as api:
        await _refuses(api)


async def _refuses(api: Api) -> None:
    before = await _users(api)
    for password in ("12345678", "password", " " * 8, "passwordpassword", "ny.koordinator@test.se!"):
        r = await api.call("admin", "POST", "/users", json={"email": "ny.koordinator@test.se", "password": password,
                                                            "role": "coordinator"})
        assert r.status_code in (400, 422) and set(r.json()) == {"detail"}, (password, r.text)
        assert "password" in r.json()["detail"]
    assert await _users(api) == before
    await api.call("admin", "POST", "/users", 201, json={"email": "ny.koordinator@test.se",
                                                         "password": "a-long-enough-secret", "role": "coordinator"})


async def _users(api: Api) -> int:
    from vta.db import make_engine, make_sessionmaker

    engine = make_engine(api.app.state.settings.database_url)
    try:
        return await count(make_sessionmaker(engine), "SELECT count(*) FROM users")
    finally:
        await engine.dispose()


def test_the_cli_says_why(tmp_path: Path) -> None:
    r = run(tmp_path, "users", "create", "--email", "e@x.se", "--password", "password1234", "--role", "admin")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("Error: password is too common"), r.stderr
