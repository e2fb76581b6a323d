"""Ending bearer tokens (issue 15): logout, deactivating a user and a password change end that
user's tokens on the very next request; the per-request check stays one indexed read."""
from __future__ import annotations

from typing import Any

from sqlalchemy import event

from tests.api.conftest import PASSWORD, Api, running_app
from tests.security.test_web_sessions import client_for, login
from tests.security.world import count

NEW_PASSWORD = "tre glada ankor badar"


async def _ok(api: Api, token: str) -> int:
    r = await api.client.get("/api/v1/needs", headers={"Authorization": f"Bearer {token}"})
    return r.status_code


async def _id_of(api: Api, email: str) -> str:
    from sqlalchemy import select

    from vta.db import make_engine, make_sessionmaker
    from vta.models import User

    engine = make_engine(api.app.state.settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return str((await session.execute(select(User.id).where(User.email == email))).scalar_one())
    finally:
        await engine.dispose()


async def _audited(api: Api, action: str) -> int:
    from vta.db import make_engine, make_sessionmaker

    engine = make_engine(api.app.state.settings.database_url)
    try:
        return await count(make_sessionmaker(engine), "SELECT count(*) FROM audit_events WHERE action = :a "
                                                      "AND subject_type = 'user'", a=action)
    finally:
        await engine.dispose()


async def test_logout_ends_that_token_only(settings: Any, fast_hashing: None) -> None:
    async with running_app(settings) as api:
        one, two = await api.login("coord@test.se"), await api.login("coord@test.se")
        assert await _ok(api, one) == await _ok(api, two) == 200
        r = await api.client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {one}"})
        assert r.status_code == 204
        assert await _ok(api, one) == 401 and await _ok(api, two) == 200
        again = await api.client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {one}"})
        assert again.status_code == 401 and set(again.json()) == {"detail"}
        assert await _audited(api, "logout") == 1


async def test_deactivation_ends_every_token_at_once(settings: Any, fast_hashing: None) -> None:
    async with running_app(settings) as api:
        one, two = await api.login("coord@test.se"), await api.login("coord@test.se")
        uid = await _id_of(api, "coord@test.se")
        r = await api.call("admin", "POST", f"/users/{uid}/deactivate", 200)
        assert r.json()["id"] == uid
        assert await _ok(api, one) == await _ok(api, two) == 401
        assert (await api.client.post("/api/v1/auth/token", json={"email": "coord@test.se",
                                                                  "password": PASSWORD})).status_code == 401
        own = await _id_of(api, "admin@test.se")
        assert (await api.call("admin", "POST", f"/users/{own}/deactivate")).status_code == 409
        await api.call("coord", "POST", f"/users/{own}/deactivate", 401)  # the coordinator's token ended too
        assert await _audited(api, "deactivate") == 1 and await _audited(api, "logout") == 0


async def test_a_password_change_ends_every_token_and_web_session(settings: Any, fast_hashing: None) -> None:
    from api.app import create_app

    async with running_app(settings) as api:
        other = await api.login("coord@test.se")
        async with client_for(create_app(settings)) as web:
            assert (await login(web, "coord@test.se")).status_code == 303
            assert (await web.get("/")).status_code == 200
            change = "/auth/password"
            wrong = await api.call("coord", "POST", change, json={"current_password": "not-my-password-at-all",
                                                                  "new_password": NEW_PASSWORD})
            weak = await api.call("coord", "POST", change, json={"current_password": PASSWORD,
                                                                 "new_password": "password1234"})
            assert wrong.status_code == weak.status_code == 422, (wrong.text, weak.text)
            assert await _ok(api, other) == 200  # a refused change ends nothing
            await api.call("coord", "POST", change, 204, json={"current_password": PASSWORD,
                                                              "new_password": NEW_PASSWORD})
            assert await _ok(api, other) == 401 and await _ok(api, api.tokens["coord"]) == 401
            assert (await web.get("/")).headers["location"] == "/login"
        assert (await api.client.post("/api/v1/auth/token", json={"email": "coord@test.se",
                                                                  "password": PASSWORD})).status_code == 401
        assert await _ok(api, await api.login("coord@test.se", NEW_PASSWORD)) == 200
        assert await _audited(api, "password_change") == 1


async def test_the_token_check_is_one_indexed_read(settings: Any, fast_hashing: None) -> None:
    from vta.db import make_engine, make_reader
    from vta.services.accounts import principal_for_token

    async with running_app(settings) as api:
        token = await api.login("coord@test.se")
        engine = make_engine(settings.database_url)
        statements: list[str] = []
        event.listen(engine.sync_engine, "before_cursor_execute",
                     lambda _c, _cur, sql, *_a: statements.append(sql))
        try:
            async with make_reader(engine)() as session:
                await principal_for_token(session, token)
                statements.clear()
                who = await principal_for_token(session, token)
        finally:
            await engine.dispose()
        assert who.role == "coordinator"
        # one statement, looked up by the token's hash (a unique index: models/accounts.py)
        assert len(statements) == 1 and "api_tokens.token_hash =" in statements[0], statements
