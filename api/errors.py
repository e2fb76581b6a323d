"""Map every failure to a JSON {"detail": ...} with the right status; never a trace or SQL."""
from __future__ import annotations

import logging

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from vta.errors import DomainError, TooManyAttempts

log = logging.getLogger("vta.api")


def _json(status: int, detail: object, headers: dict[str, str] | None = None) -> Response:
    return Response({"detail": detail}, status_code=status, media_type=MediaType.JSON, headers=headers)


def domain_error(_request: Request, exc: DomainError) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    if isinstance(exc, TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after)}
    return _json(exc.status, exc.detail, headers)


def validation_error(_request: Request, exc: ValidationException) -> Response:
    # Litestar's message names the field and the rule; its `extra` may echo input, so keep it short.
    extra = exc.extra if isinstance(exc.extra, list) else None
    detail = exc.detail
    if extra:
        parts = [f"{e.get('key', 'body')}: {e.get('message', '')}" for e in extra if isinstance(e, dict)]
        detail = "Invalid input. " + "; ".join(parts)[:500]
    return _json(400, detail)


def http_error(_request: Request, exc: HTTPException) -> Response:
    if exc.status_code >= 500:
        log.error("HTTP %s: %s", exc.status_code, exc.detail)
        return _json(exc.status_code, "The server could not handle this request.")
    return _json(exc.status_code, exc.detail, getattr(exc, "headers", None))


def integrity_error(_request: Request, exc: IntegrityError) -> Response:
    log.info("integrity error mapped to 409: %s", exc.orig)
    return _json(409, "This conflicts with data that already exists or has just changed.")


def database_error(_request: Request, exc: DBAPIError) -> Response:
    if isinstance(exc, OperationalError):
        log.error("database unavailable: %s", exc.orig)
        return _json(503, "The database is unavailable right now; please try again shortly.")
    log.warning("database refused the request: %s", exc.orig)
    return _json(422, "The database refused this input.")


def too_deep(_request: Request, exc: RecursionError) -> Response:
    # msgspec gives up on JSON nested thousands deep with a RecursionError: bad input, not our fault.
    log.info("request refused: %s", type(exc).__name__)
    return _json(400, "The request body is nested too deeply.")


def unexpected_error(_request: Request, exc: Exception) -> Response:
    log.exception("unexpected error", exc_info=exc)
    return _json(500, "Something went wrong on our side. The error has been logged.")


HANDLERS = {
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    IntegrityError: integrity_error,
    DBAPIError: database_error,
    RecursionError: too_deep,
    Exception: unexpected_error,
}
