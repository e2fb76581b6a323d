"""Request-scoped dependencies: the transaction and the authenticated caller."""
from __future__ import annotations

from collections.abc import AsyncGenerator

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.handlers.base import BaseRouteHandler
from sqlalchemy.ext.asyncio import AsyncSession

from vta.errors import Unauthenticated
from vta.principal import Principal
from vta.services.accounts import principal_for_token
from vta.uow import transaction


async def provide_session(state: State) -> AsyncGenerator[AsyncSession, None]:
    """The request owns the transaction: commit after the handler succeeds, roll back if it raises.
    Litestar runs the code after `yield` before the response is sent, so a failed commit is an error."""
    async with transaction(state.sessionmaker, state.queue) as session:
        yield session


async def authenticate(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """Deny by default: every API route needs a valid bearer token unless it is marked public."""
    if handler.opt.get("public"):
        return
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Missing bearer token.")
    async with connection.app.state.sessionmaker() as session:
        connection.state.principal = await principal_for_token(session, token.strip())


def provide_principal(request: Request) -> Principal:
    principal = getattr(request.state, "principal", None)
    if principal is None:
        raise Unauthenticated("Missing bearer token.")
    return principal
