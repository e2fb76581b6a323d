"""Query parameters and the answer shape shared by every list: {"items", "total", "limit", "offset"}."""
from __future__ import annotations

from typing import Annotated, Any

from litestar.params import Parameter

from vta.listing import DEFAULT_LIMIT, MAX_LIMIT, Page

Limit = Annotated[int, Parameter(ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}; default {DEFAULT_LIMIT}")]
Offset = Annotated[int, Parameter(ge=0, le=10_000_000, description="How many items to skip")]
Query = Annotated[str, Parameter(max_length=200, description="Search text")]


def page_of(limit: int, offset: int) -> Page:
    return Page(limit=limit, offset=offset)


def listed(items: list[Any], total: int, page: Page) -> dict[str, Any]:
    return {"items": items, "total": total, "limit": page.limit, "offset": page.offset}
