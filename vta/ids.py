"""Ids are opaque strings to clients and UUIDs inside."""
from __future__ import annotations

import uuid

from vta.errors import NotFound


def parse_id(value: object, what: str = "Resource") -> uuid.UUID:
    """A malformed id names nothing that exists, so it is a 404 like any unknown id."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError, TypeError):
        raise NotFound(what) from None
