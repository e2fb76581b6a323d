"""Web sessions for the pages (reliability.md 2.1, B1-B6, B8; ASVS 6.2, 7.2-7.4, 3.3, 3.5)."""
from __future__ import annotations

import hashlib
import re
from http.cookies import SimpleCookie
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import text, update

from tests.api.conftest import PASSWORD
from tests.security.world import count, table_fingerprints

SESSION = "__Host-vta_session"
CSRF = "__Host-vta_csrf"
EMAIL = "anna.koordinator@test.se"


@pytest.fixture
async def web(settings: Any, db: Any, fast_hashing: None) -> Any:
    from vta.services.accounts import create_user

    async with db() as session, session.begin():
        await create_user(session, email=EMAIL, password=PASSWORD, role="coordinator")
        await create_user(session, email="bo.admin@test.se", password=PASSWORD, role="admin")
    return settings


def set_cookies(response: Any) -> dict[str, str]:
    """name -> the whole Set-Cookie header, for each cookie the response sets."""
    out = {}
    for header in response.headers.get_list("set-cookie"):
        out[header.split("=", 1)[0]] = header
    return out


def cookie_value(header: str) -> str:
    jar = SimpleCookie()
    jar.load(header)
    return next(iter(jar.values())).value


def form_token(html: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


async def login(client: AsyncTestClient, email: str = EMAIL, password: str = PASSWORD) -> Any:
    token = form_token((await client.get("/login")).text)
    return await client.post("/login", data={"email": email, "password": password, "_csrf_token": token})


async def session_rows(db: Any, session_id: str) -> int:
    return await count(db, "SELECT count(*) FROM web_sessions WHERE id_hash = :h",
                       h=hashlib.sha256(session_id.encode()).hexdigest())


def client_for(app: Any) -> AsyncTestClient:
    client = AsyncTestClient(app, base_url="https://testserver.local", timeout=60)
    client.follow_redirects = False  # the redirects themselves are under test
    return client


async def test_login_rotates_the_session_id_and_cookies_are_locked_down(web: Any, db: Any) -> None:
    from api.app import create_app

    async with client_for(create_app(web)) as client:
        page = await client.get("/login")
        assert page.status_code == 200 and SESSION not in set_cookies(page)  # anonymous: no session at all
        csrf = set_cookies(page)[CSRF]
        for flag in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/"):
            assert flag.lower() in csrf.lower(), csrf
        assert "domain" not in csrf.lower()
        assert await count(db, "SELECT count(*) FROM web_sessions") == 0

        planted = "a" * 64  # session fixation: an id chosen by an attacker
        client.cookies.set(SESSION, planted, domain="testserver.local")
        r = await login(client)
        assert r.status_code == 303 and r.headers["location"] == "/"
        cookie = set_cookies(r)[SESSION]
        first = cookie_value(cookie)
        assert first != planted and len(first) == 64
        for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=36000"):
            assert flag.lower() in cookie.lower(), cookie
        assert "domain" not in cookie.lower()
        assert await session_rows(db, planted) == 0 and await session_rows(db, first) == 1
        client.cookies.clear()
        client.cookies.set(SESSION, first, domain="testserver.local")
        home = await client.get("/")
        assert home.status_code == 200 and EMAIL in home.text

        # logging in again (here as someone else) gives yet another id; the old one is gone
        second = cookie_value(set_cookies(await login(client, "bo.admin@test.se"))[SESSION])
        assert second not in (first, planted)
        assert await session_rows(db, first) == 0 and await session_rows(db, second) == 1
        client.cookies.clear()
        client.cookies.set(SESSION, first, domain="testserver.local")
        assert (await client.get("/")).status_code == 303  # the old id opens nothing


async def test_logout_ends_the_session_for_good(web: Any, db: Any) -> None:
    from api.app import create_app

    async with client_for(create_app(web)) as client:
        sid = cookie_value(set_cookies(await login(client))[SESSION])
        home = await client.get("/")
        r = await client.post("/logout", data={"_csrf_token": form_token(home.text)})
        assert r.status_code == 303 and r.headers["location"] == "/login"
        assert 'max-age=0' in set_cookies(r)[SESSION].lower() or "expires" in set_cookies(r)[SESSION].lower()
        assert await session_rows(db, sid) == 0
        client.cookies.set(SESSION, sid, domain="testserver.local")  # replaying the old cookie
        assert (await client.get("/")).headers["location"] == "/login"


async def test_forms_need_their_csrf_token(web: Any, db: Any) -> None:
    from api.app import create_app

    # One test client per app instance: two clients of one app would share its engine across two
    # event loops. The second instance stands for another browser (and another server process).
    async with client_for(create_app(web)) as client, client_for(create_app(web)) as other:
        token = form_token((await client.get("/login")).text)
        other_token = form_token((await other.get("/login")).text)
        creds = {"email": EMAIL, "password": PASSWORD}
        attempts = [
            ("/login", creds),                                           # no token
            ("/login", {**creds, "_csrf_token": "0" * 128}),             # a forged one
            ("/login", {**creds, "_csrf_token": other_token}),           # another browser's token
            (f"/login?_csrf_token={token}", creds),                      # in the query string
        ]
        for path, data in attempts:
            r = await client.post(path, data=data)
            assert r.status_code == 403, (path, r.status_code)
        assert await count(db, "SELECT count(*) FROM web_sessions") == 0
        assert await count(db, "SELECT count(*) FROM audit_events WHERE action = 'login'") == 0
        # a cross-site form post carrying a valid token but no cookie at all
        other.cookies.clear()
        assert (await other.post("/login", data={**creds, "_csrf_token": token})).status_code == 403

        sid = cookie_value(set_cookies(await login(client))[SESSION])
        assert (await client.post("/logout", data={})).status_code == 403
        assert await session_rows(db, sid) == 1  # still logged in
        # GET requests change nothing (the session's own last-seen time, and the audit rows of the
        # start page's reads of personal data, aside)
        before = await table_fingerprints(db, skip=("web_sessions", "audit_events"))
        for path in ("/", "/login", "/", "/health"):
            await client.get(path)
        assert await table_fingerprints(db, skip=("web_sessions", "audit_events")) == before


async def test_the_bearer_api_ignores_session_cookies(web: Any) -> None:
    """Why the JSON API may skip CSRF: it authenticates with the bearer token only."""
    from api.app import create_app

    async with client_for(create_app(web)) as client:
        await login(client)
        assert (await client.get("/")).status_code == 200
        for method, path in (("GET", "/api/v1/needs"), ("POST", "/api/v1/match-runs"),
                             ("POST", "/api/v1/participants")):
            r = await client.request(method, path, json={})
            assert r.status_code == 401, (path, r.text)


async def test_idle_and_absolute_timeouts(web: Any, db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from api import web_sessions
    from api.app import create_app
    from vta import sessions

    now = [1_900_000_000.0]
    monkeypatch.setattr(web_sessions, "clock", lambda: now[0])
    async with client_for(create_app(web)) as client:
        sid = cookie_value(set_cookies(await login(client))[SESSION])
        now[0] += sessions.IDLE_SECONDS - 5
        assert (await client.get("/")).status_code == 200  # active within the idle limit
        now[0] += sessions.IDLE_SECONDS + 1
        assert (await client.get("/")).headers["location"] == "/login"
        assert await session_rows(db, sid) == 0

        await login(client)
        start = now[0]
        while now[0] - start < sessions.ABSOLUTE_SECONDS - 20 * 60:  # busy all day, never idle
            now[0] += 20 * 60
            assert (await client.get("/")).status_code == 200
        now[0] = start + sessions.ABSOLUTE_SECONDS + 1
        assert (await client.get("/")).headers["location"] == "/login"


async def test_a_visitor_sent_to_login_leaves_no_transaction_open(web: Any) -> None:
    """A page needs both the viewer and the request's transaction. When the viewer was a
    dependency that raised (no session), Litestar never cleaned up the transaction it had
    already opened: on SQLite its write gate stayed taken, and the next write (a login) waited
    for good."""
    from api.app import create_app
    from vta.db import write_gate

    app = create_app(web)
    async with client_for(app) as client:
        for path in ("/", "/needs", "/participants"):
            r = await client.get(path)
            assert r.status_code == 303 and r.headers["location"] == "/login", path
            gate = write_gate(app.state.sessionmaker)
            assert gate is None or not gate.locked(), path
        assert (await login(client)).status_code == 303


async def test_a_disabled_account_loses_its_session(web: Any, db: Any) -> None:
    from api.app import create_app
    from vta.models import User

    async with client_for(create_app(web)) as client:
        await login(client)
        assert (await client.get("/")).status_code == 200
        async with db() as session, session.begin():
            await session.execute(update(User).where(User.email == EMAIL).values(is_active=False))
        assert (await client.get("/")).headers["location"] == "/login"
        assert (await login(client)).status_code == 401


async def test_login_throttling_is_shared_by_processes_and_both_ways_in(web: Any, db: Any) -> None:
    """Two app instances (as two server processes: separate engines and pools, nothing in memory in
    common) and the API's token endpoint all count against the same limit in the database."""
    from api.app import create_app

    settings = web.model_copy(update={"login_free_failures_per_client": 6, "login_delay_seconds": 300})
    async with client_for(create_app(settings)) as one, client_for(create_app(settings)) as two:
        for i in range(6):
            client = (one, two)[i % 2]
            if i % 3 == 2:
                r = await client.post("/api/v1/auth/token", json={"email": EMAIL, "password": "wrong-password"})
            else:
                r = await login(client, password="wrong-password")
            assert r.status_code == 401, (i, r.status_code)
        # the limit is reached: even the right password is refused, in every process, both ways in
        assert (await login(one)).status_code == 429
        assert (await login(two)).status_code == 429
        r = await two.post("/api/v1/auth/token", json={"email": EMAIL, "password": PASSWORD})
        assert r.status_code == 429 and set(r.json()) == {"detail"}
        assert 290 <= int(r.headers["retry-after"]) <= 300
    assert await count(db, "SELECT count(*) FROM web_sessions") == 0
    assert await count(db, "SELECT failures FROM login_throttles WHERE email = :e AND client = ''", e=EMAIL) == 6


async def test_pages_escape_and_carry_no_inline_script(web: Any, db: Any) -> None:
    from api.app import create_app
    from vta.services.accounts import create_user

    nasty = "<script>alert(1)</script>@test.se"
    async with db() as session, session.begin():
        await create_user(session, email=nasty, password=PASSWORD, role="admin")
    async with client_for(create_app(web)) as client:
        failed = await login(client, email=nasty, password="wrong-password")
        assert failed.status_code == 401 and "<script>" not in failed.text
        await login(client, email=nasty)
        for page in (await client.get("/login"), await client.get("/")):
            assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
            body = page.text
            # scripts only from our own files (htmx), never inline; no inline style or handler
            scripts = re.findall(r"<script[^>]*>", body.lower())
            assert all(re.fullmatch(r'<script src="/static/[a-z0-9/._-]+"( defer)?>', tag) for tag in scripts), scripts
            assert "</script>" * len(scripts) == "".join(re.findall(r"</script>", body.lower()))
            assert not re.search(r"<script[^>]*>[^<]", body.lower())
            assert " style=" not in body and not re.search(r"\son[a-z]+=", body)
            csp = page.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
            assert page.headers["cache-control"] == "no-store"
        assert "&lt;script&gt;alert(1)&lt;/script&gt;@test.se" in (await client.get("/")).text


def test_passwords_are_argon2id() -> None:
    from argon2 import extract_parameters
    from argon2.low_level import Type

    from vta.passwords import hash_password, verify_password

    stored = hash_password("correct-horse-battery")
    params = extract_parameters(stored)
    assert stored.startswith("$argon2id$") and params.type is Type.ID
    # at least OWASP's argon2id minimum (19 MiB, 2 passes)
    assert params.memory_cost >= 19 * 1024 and params.time_cost >= 2
    assert verify_password(stored, "correct-horse-battery") and not verify_password(stored, "wrong")
    assert not verify_password(None, "correct-horse-battery")


async def test_stored_hashes_are_argon2id(world: Any) -> None:
    async with world.db() as session:
        hashes = (await session.execute(text("SELECT password_hash FROM users"))).scalars().all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
