"""The one hierarchy of domain errors; api/ maps each to an HTTP status."""
from __future__ import annotations


class DomainError(Exception):
    status = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(DomainError):
    status = 422


class NotFound(DomainError):
    """Also raised for what exists but the caller may not see: the two must look the same."""

    status = 404

    def __init__(self, what: str = "Resource") -> None:
        super().__init__(f"{what} not found.")


class Forbidden(DomainError):
    status = 403

    def __init__(self, detail: str = "Your role may not do this.") -> None:
        super().__init__(detail)


class Conflict(DomainError):
    status = 409


class Unauthenticated(DomainError):
    status = 401


class TooManyAttempts(DomainError):
    status = 429

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after  # seconds; sent as Retry-After


class AuditUnavailable(DomainError):
    """The audit row could not be written, so the data is not returned (fail closed)."""

    status = 503

    def __init__(self) -> None:
        super().__init__("The service cannot record access right now; please try again shortly.")
