"""The Litestar application: API routes, OpenAPI viewer with our own assets, lifecycle of the queue."""
from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from litestar import Litestar, Router, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router
from sqlalchemy import text

from api import web, web_sessions
from api.controllers.accounts import AuthController, UserController
from api.controllers.administration import AssociationController
from api.controllers.employers import EmployerController, NeedController
from api.controllers.matching import MatchRunController, ProposalController
from api.controllers.notifications import NotificationController
from api.controllers.participants import ParticipantController
from api.controllers.placements import CandidateController, PlacementController
from api.controllers.statistics import CsrReportController, StatisticsController
from api.controllers.system import CsrController
from api.controllers.vocabularies import vocabularies
from api.controllers.unmatched import UnmatchedController
from api.employer_work_routes import EMPLOYER_WORK
from api.deps import authenticate, provide_principal, provide_reader, provide_session
from api.errors import HANDLERS
from api.openapi import document_errors
from api.security_headers import add_security_headers
from api.strict_body import strict_body
from api.web.i18n import language_middleware
from vta import tasks
from vta.db import read_connection
from vta.errors import DomainError
from vta.job_process import JobProcess
from vta.queue import ArqQueue, InProcessQueue
from vta.settings import Settings, get_settings

STATIC = Path(__file__).parent / "static"
VENDOR = "/static/vendor/swagger-ui"
log = logging.getLogger("vta.app")


class Unavailable(DomainError):
    status = 503


@get("/health", opt={"public": True}, tags=["system"], summary="200 once ready to take requests")
async def health(state: State) -> dict:
    try:
        async with read_connection(state.reader) as conn:  # type: ignore[attr-defined]  (never waits for writers)
            await conn.execute(text("SELECT 1"))
    except Exception as exc:
        raise Unavailable("The database is not reachable.") from exc
    return {"status": "ok"}


async def _periodic(ctx: tasks.Context, every: float, fn, name: str) -> None:  # noqa: ANN001
    while True:
        try:
            await fn(ctx)
        except Exception:
            log.exception("periodic %s failed", name)
        await asyncio.sleep(every)


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    offload = JobProcess(settings) if settings.jobs_in_child_process and not settings.redis_url else None
    # This process runs matching itself only without Redis and without a job process.
    ctx = tasks.Context(settings, matches=not settings.redis_url and offload is None)

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if settings.redis_url:
            queue = ArqQueue(settings.redis_url)
            loops: list[asyncio.Task] = []
        else:
            queue = InProcessQueue(tasks.TASKS, {"vta": ctx}, one_at_a_time=tasks.CPU_BOUND, offload=offload)
            if offload is not None:
                offload.queue = queue
                offload.start()  # loads the model and the taxonomy before the first run needs them
            # The embedded default has no `vta worker`: the server runs the reconciler and the
            # daily jobs itself.
            loops = [asyncio.create_task(_periodic(ctx, settings.reconcile_interval_seconds, tasks.reconcile,
                                                   "reconcile")),
                     asyncio.create_task(_periodic(ctx, 3600, tasks.checkpoint_reminders, "reminders")),
                     asyncio.create_task(_periodic(ctx, 3600, tasks.employer_reminders, "employer reminders")),
                     asyncio.create_task(_periodic(ctx, 24 * 3600, tasks.retention, "retention"))]
        ctx.queue = queue
        app.state.queue = queue
        # What start-up built lives as long as the process: out of the collector's sight, a full
        # collection no longer walks it (about 0.15 s of a stalled event loop, every few seconds
        # under load, each one in every request's latency at that moment).
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()  # an app that stops (tests start many) leaves nothing out of sight
            for loop in loops:
                loop.cancel()
            # Wait for the cancelled loops to let go of their database connections: a connection
            # still closing when the event loop stops hangs the shutdown (aiosqlite).
            await asyncio.gather(*loops, return_exceptions=True)
            await queue.close()
            if offload is not None:
                offload.stop()
            await ctx.close()

    api = Router(
        path="/api/v1",
        route_handlers=[AuthController, UserController, EmployerController, NeedController, ParticipantController,
                        MatchRunController, ProposalController, CandidateController, PlacementController,
                        CsrController, vocabularies, StatisticsController, CsrReportController, UnmatchedController,
                        AssociationController, NotificationController, *EMPLOYER_WORK],
        guards=[authenticate],
        before_request=strict_body,
        dependencies={"who": Provide(provide_principal, sync_to_thread=False)},
        security=[{"BearerToken": []}],
    )
    openapi = OpenAPIConfig(
        title="vta", version="1.0.0", path="/schema",
        description="Employer needs, participant profiles, matching and follow-up for VTA employer coordinators.",
        components=Components(security_schemes={"BearerToken": SecurityScheme(type="http", scheme="bearer")}),
        render_plugins=[SwaggerRenderPlugin(
            js_url=f"{VENDOR}/swagger-ui-bundle.js", css_url=f"{VENDOR}/swagger-ui.css",
            standalone_preset_js_url=f"{VENDOR}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{VENDOR}/favicon-32x32.png'>", path="/")],
    )
    app = Litestar(
        route_handlers=[health, api, create_static_files_router(path="/static", directories=[STATIC]),
                        *web_sessions.ROUTES, web.router()],
        dependencies={"session": Provide(provide_session), "reader": Provide(provide_reader)},
        exception_handlers=HANDLERS,
        openapi_config=openapi,
        lifespan=[lifespan],
        state=State({"settings": settings, "sessionmaker": ctx.sessionmaker, "reader": ctx.reader, "ctx": ctx}),
        request_max_body_size=settings.max_body_bytes,
        middleware=[web_sessions.session_config().middleware, language_middleware],
        template_config=web.template_config(),
        before_send=[add_security_headers],
        csrf_config=web_sessions.csrf_config(settings),
        stores={web_sessions.STORE_NAME: web_sessions.DatabaseSessionStore(ctx.sessionmaker)},
        debug=False,
    )
    document_errors(app.openapi_schema)  # built once here; the served document is this one
    return app
