"""The error answers in the OpenAPI document: every route says which failures it can give and that
each comes as {"detail": "..."} (api/errors.py), so clients and schema checkers know them."""
from __future__ import annotations

from litestar.openapi.spec import OpenAPI, OpenAPIMediaType, OpenAPIResponse, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIType

ERROR = "Error"
METHODS = ("get", "post", "put", "patch", "delete")
REASONS = {
    "400": "Invalid input: the detail names the field and the rule",
    "401": "Not signed in, or the token has expired",
    "403": "This role may not do this",
    "404": "Not found, or not visible to you (the two look the same)",
    "409": "The state changed under you (already decided, capacity taken, illegal transition)",
    "413": "The body is larger than 1 MB",
    "422": "The input was refused by a business rule",
    "429": "Too many attempts; wait a moment",
    "503": "A dependency is unavailable right now; try again shortly",
}


def _codes(path: str, method: str, has_body: bool) -> list[str]:
    codes = ["400", "401", "422", "503"]
    codes.append("429" if path == "/api/v1/auth/token" else "403")  # login is throttled; the rest guarded
    if path == "/api/v1/auth/password":  # the current password is checked like a login
        codes.append("429")
    if "{" in path or has_body:  # an id in the path or in the body may name nothing you can see
        codes.append("404")
    if method in ("post", "put", "patch", "delete"):
        codes.append("409")
    if has_body:
        codes.append("413")
    return codes


def document_errors(openapi: OpenAPI) -> None:
    """Add the error answers to every /api/v1 operation (in place)."""
    components = openapi.components
    components.schemas = dict(components.schemas or {})
    components.schemas[ERROR] = Schema(
        type=OpenAPIType.OBJECT, required=["detail"],
        properties={"detail": Schema(description="What went wrong, in one sentence", type=OpenAPIType.STRING)})
    body = {"application/json": OpenAPIMediaType(schema=Reference(ref=f"#/components/schemas/{ERROR}"))}
    for path, item in (openapi.paths or {}).items():
        if path == "/health" and item.get is not None:  # 503 until the database answers
            item.get.responses = {**(item.get.responses or {}),
                                  "503": OpenAPIResponse(description=REASONS["503"], content=body)}
        if not path.startswith("/api/v1/"):
            continue
        for method in METHODS:
            op = getattr(item, method, None)
            if op is None:
                continue
            responses = dict(op.responses or {})
            for code in _codes(path, method, op.request_body is not None):
                responses[code] = OpenAPIResponse(description=REASONS[code], content=body)
            op.responses = responses
