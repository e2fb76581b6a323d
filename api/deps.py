"""Request-scoped dependencies: the transaction and the authenticated caller."""
from __future__ import annotations

import logging
from collections.abc import AsyncGenerator

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.handlers.base import BaseRouteHandler
from sqlalchemy.ext.asyncio import AsyncSession

from vta import audit
from vta.db import read_connection
from vta.errors import DomainError, Unauthenticated
from vta.principal import Principal
from vta.services.accounts import principal_for_token
from vta.uow import transaction

log = logging.getLogger("vta.api")
# Refusals worth an audit row of their own (ASVS 16.3.2, MSBFS 2020:7 4.16: attempts at access).
REFUSALS = {403: "denied", 404: "not_found"}


async def provide_session(state: State, request: Request) -> AsyncGenerator[AsyncSession, None]:
    """The request owns the transaction: commit after the handler succeeds, roll back if it raises.
    Litestar runs the code after `yield` before the response is sent, so a failed commit is an error.

    After a successful commit, callbacks the services registered with `audit.after_commit` run
    (erasure uses one to wipe the SQLite write-ahead log). A refused access (403, 404) is rolled
    back and then recorded in a transaction of its own."""
    try:
        async with transaction(state.sessionmaker, state.queue) as session:
            yield session
    except DomainError as exc:
        if exc.status in REFUSALS:
            await _record_refusal(state, request, REFUSALS[exc.status])
        raise
    for callback in audit.pop_after_commit(session):
        try:
            await callback()
        except Exception:  # the data change is committed; a failed clean-up is retried by the retention job
            log.exception("after-commit step failed")


async def provide_reader(state: State, request: Request) -> AsyncGenerator[AsyncSession, None]:
    """A read-only session for routes that never write (status polls): no write lock on SQLite.
    Refusals are recorded as with provide_session."""
    try:
        async with state.reader() as session:
            yield session
    except DomainError as exc:
        if exc.status in REFUSALS:
            await _record_refusal(state, request, REFUSALS[exc.status])
        raise


async def _record_refusal(state: State, request: Request, outcome: str) -> None:
    who: Principal | None = getattr(request.state, "principal", None)
    if who is None:
        return
    params = {k: str(v)[:64] for k, v in request.path_params.items()}
    route = request.scope.get("path_template") or request.url.path
    try:
        async with state.sessionmaker() as session, session.begin():
            await audit.record(session, who, f"{request.method} {route}"[:60], "request",
                               next(iter(params.values()), None), outcome=outcome, params=params)
    except Exception:  # nothing was disclosed; losing the refusal row must not turn a 404 into a 500
        log.exception("could not record a refused access")


async def authenticate(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Deny by default: every API route needs a valid bearer token unless it is marked public."""
    if handler.opt.get("public"):
        return
    token = bearer_token(connection)
    async with read_connection(connection.app.state.reader) as conn:  # never queues behind writers
        connection.state.principal = await principal_for_token(conn, token)


def bearer_token(connection: ASGIConnection) -> str:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Missing bearer token.")
    return token.strip()


def provide_principal(request: Request) -> Principal:
    principal = getattr(request.state, "principal", None)
    if principal is None:
        raise Unauthenticated("Missing bearer token.")
    return principal
