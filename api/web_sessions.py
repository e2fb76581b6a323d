"""Web sessions for the server-rendered pages: login, logout and a page that says who is logged in.

- Server-side sessions (Litestar's ServerSideSessionConfig) kept in the database (vta/sessions.py),
  so every server process shares them. The cookie holds a random 256-bit id and nothing else.
- Session fixation (reliability.md 2.1): Litestar's stock backend adopts whatever id the cookie
  carries, even one that is not in the store, and never changes it at login. Ours ignores ids the
  store does not know, never stores an empty session, and issues a new id at every login (the old
  one is deleted from the store).
- Idle timeout and absolute lifetime are checked server-side on every request.
- Cookies: `__Host-` names, Secure, HttpOnly, SameSite (Lax for the session, Strict for CSRF).
- CSRF on every form (Litestar's CSRFMiddleware, double-submit cookie signed with the app secret).
  The bearer-token JSON API under /api/ is excluded: it never reads cookies, so a forged cross-site
  request carries no credential (tests/security/test_web_sessions.py checks that it ignores them).
- Login is throttled through the same database table as the API's token endpoint, so the limit
  holds across server processes and across both ways in (vta/services/login_throttle.py).
- Pages are templates (api/templates) without any inline script or style, so the strict CSP applies.
"""
from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from litestar import Request, Response, get, post
from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.middleware.session.server_side import ServerSideSessionBackend, ServerSideSessionConfig
from litestar.response import Redirect, Template
from litestar.stores.base import Store
from litestar.types import Empty, Message, ScopeSession
from litestar.utils.scope.state import ScopeState
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.client_address import client_address
from vta import audit, sessions
from vta.errors import TooManyAttempts, Unauthenticated
from vta.models import User
from vta.services.accounts import check_password, credential_stamp, principal_of
from vta.settings import Settings

SESSION_COOKIE = "__Host-vta_session"
CSRF_COOKIE = "__Host-vta_csrf"
STORE_NAME = "web_sessions"
# Paths that never use the web session or CSRF: the bearer-token API, its schema, files, health.
NOT_WEB = ["^/api/", "^/schema", "^/static/", "^/health$"]
_KNOWN = "vta.web_session_id"  # scope key: the cookie's id, once the store has confirmed it
_STALE = "vta.web_session_stale"  # scope key: an id replaced at login, deleted with the response
clock = time.time  # seconds; tests move it to check the idle and absolute timeouts


class DatabaseSessionStore(Store):
    """Litestar's Store interface over the web_sessions table."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def set(self, key: str, value: str | bytes, expires_in: int | timedelta | None = None) -> None:
        data = value.encode() if isinstance(value, str) else value
        await sessions.save(self.sessionmaker, key, data, expires_in)

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        return await sessions.load(self.sessionmaker, key)

    async def delete(self, key: str) -> None:
        await sessions.remove(self.sessionmaker, key)

    async def delete_all(self) -> None:
        await sessions.remove_all(self.sessionmaker)

    async def exists(self, key: str) -> bool:
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        return await sessions.expires_in(self.sessionmaker, key)


class RotatingSessionBackend(ServerSideSessionBackend):
    """Server-side sessions without fixation: unknown ids are ignored, empty sessions are never
    stored, stale ones (idle or too old) are deleted, and `start_session` issues a new id."""

    async def load_from_connection(self, connection: ASGIConnection) -> dict[str, Any]:
        session_id = connection.cookies.get(self.config.key)
        if not session_id or session_id == "null":
            return {}
        store = self.config.get_store_from_app(connection.scope["app"])
        raw = await self.get(session_id, store=store)
        if raw is None:
            return {}  # an id the store does not know (expired, forged, planted): never adopted
        try:
            data = self.deserialize_data(raw)
        except Exception:  # noqa: BLE001 - unreadable data is no session
            data = {}
        if not isinstance(data, dict) or not sessions.fresh(data, clock()):
            await self.delete(session_id, store=store)
            return {}
        connection.scope[_KNOWN] = session_id  # type: ignore[literal-required]
        return data

    def get_session_id(self, connection: ASGIConnection) -> str:
        current = connection.get_session_id()
        if current:
            return current
        return connection.scope.get(_KNOWN) or self.generate_session_id()  # type: ignore[return-value]

    async def store_in_message(self, scope_session: ScopeSession, message: Message, connection: ASGIConnection) -> None:
        stale: str | None = connection.scope.pop(_STALE, None)  # type: ignore[misc]
        if stale:
            await self.delete(stale, store=self.config.get_store_from_app(connection.scope["app"]))
        known: str | None = connection.scope.get(_KNOWN)  # type: ignore[assignment]
        if scope_session is Empty or not scope_session:
            if known:  # logged out or emptied: delete it and tell the browser to forget the cookie
                await super().store_in_message(Empty, message, connection)
                store = self.config.get_store_from_app(connection.scope["app"])
                await self.delete(known, store=store)
            return  # an anonymous visitor gets no session at all
        now = clock()
        scope_session.setdefault("created", now)  # type: ignore[union-attr]
        scope_session["seen"] = now  # type: ignore[index]
        await super().store_in_message(scope_session, message, connection)


@dataclass
class RotatingSessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend


def session_config() -> RotatingSessionConfig:
    return RotatingSessionConfig(
        key=SESSION_COOKIE, secure=True, httponly=True, samesite="lax", path="/", domain=None,
        max_age=sessions.ABSOLUTE_SECONDS, store=STORE_NAME, exclude=NOT_WEB, renew_on_access=False)


def csrf_config(settings: Settings) -> CSRFConfig:
    return CSRFConfig(secret=settings.resolved_secret(), cookie_name=CSRF_COOKIE, cookie_secure=True,
                      cookie_httponly=True, cookie_samesite="strict", cookie_path="/", exclude=NOT_WEB)


def start_session(request: Request, data: dict[str, Any]) -> None:
    """Log in: continue under a brand-new id; the visitor's old session is deleted from the store
    when the response goes out (after the request's own transaction, which may hold the SQLite
    write lock, has committed)."""
    old = request.scope.pop(_KNOWN, None)  # type: ignore[misc]
    if old:
        request.scope[_STALE] = old  # type: ignore[literal-required]
    ScopeState.from_scope(request.scope).session_id = secrets.token_hex(32)
    request.set_session({**data, "created": clock()})


async def current_user(request: ASGIConnection, session: AsyncSession) -> User | None:
    raw = request.session.get("uid") if isinstance(request.session, dict) else None
    try:
        uid = uuid.UUID(str(raw)) if raw else None
    except ValueError:
        uid = None
    if uid is None:
        return None
    user = (await session.execute(select(User).where(User.id == uid, User.is_active.is_(True)))).scalar()
    if user is None or request.session.get("cred") != credential_stamp(user):
        request.clear_session()  # account disabled or removed, or its password changed: the session ends here
        return None
    return user


# --- pages ---------------------------------------------------------------------------------

def _login_form(request: Request, message: str = "", email: str = "", status: int = 200) -> Template:
    # The message is a Swedish msgid; the template translates it (api/translations).
    return Template(template_name="login.html", context={"message": message, "email": email, "viewer": None},
                    status_code=status)


@get("/login", include_in_schema=False, sync_to_thread=False)
def login_page(request: Request) -> Template:
    return _login_form(request)


@post("/login", include_in_schema=False)
async def login(request: Request, session: AsyncSession, state: State) -> Response[Any]:
    form = await request.form()
    email, password = form.get("email"), form.get("password")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password \
            or len(email) > 254 or len(password) > 1000 or "\x00" in email + password:
        return _login_form(request, "Fyll i e-post och lösenord.", status=400)
    try:
        user = await check_password(session, state.settings, email, password, client_address(request))
    except TooManyAttempts:
        return _login_form(request, "För många misslyckade inloggningar. Vänta några minuter och försök igen.",
                           email, status=429)
    except Unauthenticated:
        return _login_form(request, "Fel e-post eller lösenord.", email, status=401)
    await audit.record(session, principal_of(user), "login", "user", user.id, channel="web")
    start_session(request, {"uid": str(user.id), "cred": credential_stamp(user)})
    return Redirect("/", status_code=303)


@post("/logout", include_in_schema=False)
async def logout(request: Request, session: AsyncSession) -> Redirect:
    user = await current_user(request, session)
    if user is not None:
        await audit.record(session, principal_of(user), "logout", "user", user.id, channel="web")
    request.clear_session()
    return Redirect("/login", status_code=303)


ROUTES = [login_page, login, logout]  # the start page "/" is in api/web
