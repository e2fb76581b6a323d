"""Strict JSON bodies: "58" is not a number and "true" is not a bool.

Litestar converts a handler's arguments leniently (right for query strings, where everything is
text), and so it stored "58" as 58. Before a handler runs, its JSON body is decoded once more,
strictly, into the handler's own body type; a mismatch is a 400 that names the field, and for a
field that holds a vocabulary code, the valid values."""
from __future__ import annotations

import re
from typing import Any, get_args

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

from vta.vocabulary import FIELDS

_AT = re.compile(r"at `\$\.([a-z_]+)")
_BLANK = re.compile(r"matching regex '\^\(\?=[^']*'")  # the pattern of api.schemas.Name and Short


def _body_type(request: Request) -> Any:
    data = request.route_handler.parsed_fn_signature.parameters.get("data")
    if data is None:
        return None
    for candidate in (data.annotation, *get_args(data.annotation)):  # also an optional body (X | None)
        if isinstance(candidate, type) and issubclass(candidate, msgspec.Struct):
            return data.annotation
    return None


async def strict_body(request: Request) -> None:
    body_type = _body_type(request)
    if body_type is None:
        return
    body = await request.body()
    if not body.strip():
        return  # no body: Litestar decides whether the handler needed one
    try:
        msgspec.json.decode(body, type=body_type, strict=True)
    except msgspec.ValidationError as exc:
        message = _BLANK.sub("that is not empty or only whitespace", str(exc))
        field = _AT.search(message)
        vocabulary = FIELDS.get(field.group(1)) if field else None
        if vocabulary is not None and "Invalid enum value" in message:
            message += f"; valid values are {vocabulary.valid()}"
        raise ValidationException(f"Invalid input. {message[:500]}") from None
    except msgspec.DecodeError:
        return  # not JSON at all: Litestar's own parsing answers that with its usual 400
