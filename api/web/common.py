"""What every page shares: the signed-in viewer, rendering, form reading, HTML error pages."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from litestar import MediaType, Request, Response
from litestar.connection import ASGIConnection
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from litestar.template.config import TemplateConfig

from api import web_sessions
from api.web import i18n, labels
from vta.errors import DomainError
from vta.listing import Page
from vta.principal import Principal
from vta.services.accounts import principal_of

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
# Each role's start page is "/"; the navigation lists what the role works with.
NAV: dict[str, list[tuple[str, str]]] = {
    "coordinator": [("/", "start"), ("/participants", "participants"), ("/needs", "needs"),
                    ("/match-runs", "matching"), ("/placements", "placements"), ("/employers", "employers"),
                    ("/support", "support"),
                    ("/deviations", "deviations"), ("/statistics", "statistics")],
    "employer": [("/", "start"), ("/needs", "needs"), ("/candidates", "candidates"), ("/placements", "placements")],
    "csr": [("/", "start")],
    "admin": [("/", "start"), ("/admin/users", "users"), ("/admin/associations", "associations"), ("/participants", "participants"), ("/needs", "needs"),
              ("/match-runs", "matching"), ("/placements", "placements")],
}


def _engine(engine: JinjaTemplateEngine) -> None:
    i18n.install(engine.engine)
    labels.install(engine.engine)


def template_config() -> TemplateConfig:
    return TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine, engine_callback=_engine)


class LoginRequired(Exception):
    """No signed-in user: the page sends the browser to the login form."""


@dataclass(frozen=True, slots=True)
class Viewer:
    who: Principal
    email: str

    @property
    def role(self) -> str:
        return self.who.role

    @property
    def nav(self) -> list[tuple[str, str]]:
        return NAV.get(self.role, [("/", "start")])


async def signed_in(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Every page but those marked anonymous needs a signed-in user. A guard, so that it runs
    before any dependency: Litestar cleans up dependencies (the request's transaction, which
    holds SQLite's write lock) only once all of them are resolved, so one that raised here would
    leave the transaction open. The lookup uses a read-only session: a visitor sent to the login
    page (whose session is deleted) never holds a write transaction."""
    if handler.opt.get("anonymous"):
        return
    async with connection.app.state.reader() as reader:
        user = await web_sessions.current_user(connection, reader)
    if user is None:
        raise LoginRequired()
    connection.state.viewer = Viewer(who=principal_of(user), email=user.email)


def provide_viewer(request: Request) -> Viewer:
    return request.state.viewer


def page(name: str, status: int = 200, **context: Any) -> Template:
    return Template(template_name=name, context=context, status_code=status)


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a paged list stands and the links to the pages before and after (templates/_pager.html)."""

    first: int
    last: int
    total: int
    previous: str
    next: str


def pager(path: str, params: dict[str, Any], offset: int, shown: int, total: int, *, size: int = Page().limit) -> Pager:
    """The pager of one page of a list; `params` are the list's own filters, kept in the links."""

    def link(at: int) -> str:
        query = urlencode({k: v for k, v in {**params, "offset": at}.items() if v})
        return f"{path}?{query}" if query else path

    return Pager(first=offset + 1 if shown else 0, last=offset + shown, total=total,
                 previous=link(max(0, offset - size)) if offset > 0 else "",
                 next=link(offset + size) if offset + size < total else "")


def see_other(path: str) -> Redirect:
    """After a successful POST: the browser loads the result with GET (no resubmit on reload)."""
    return Redirect(path, status_code=HTTP_303_SEE_OTHER)


async def form_data(request: Request) -> dict[str, Any]:
    """The submitted form: one value per field, and lists for fields that repeat (checkboxes)."""
    form = await request.form()
    out: dict[str, Any] = {}
    for key in form:
        values = [v for v in form.getall(key) if isinstance(v, str)]
        out[key] = values if len(values) > 1 else (values[0] if values else "")
    return out


def values(data: dict[str, Any], key: str) -> list[str]:
    raw = data.get(key, [])
    return [raw] if isinstance(raw, str) and raw else list(raw) if isinstance(raw, list) else []


def _error_page(request: Request, status: int, detail: str) -> Response:
    viewer = getattr(request.state, "viewer", None)
    return page("error.html", status=status, viewer=viewer, status_code=status, detail=detail)


def domain_error(request: Request, exc: DomainError) -> Response:
    return _error_page(request, exc.status, exc.detail)


def http_error(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code if 400 <= exc.status_code < 500 else 500
    if isinstance(exc, ValidationException):
        status = 400
    return _error_page(request, status, "")


def login_required(_request: Request, _exc: LoginRequired) -> Response:
    return Response(b"", status_code=HTTP_303_SEE_OTHER, headers={"Location": "/login"}, media_type=MediaType.HTML)


HANDLERS = {DomainError: domain_error, HTTPException: http_error, LoginRequired: login_required}
