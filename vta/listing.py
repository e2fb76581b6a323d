"""Lists: one page at a time from the database, with the total, never an unbounded load."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from vta.errors import InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Page:
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be from 1 to {MAX_LIMIT}.")
        if self.offset < 0:
            raise InvalidInput("offset must be 0 or more.")


async def fetch_page(session: AsyncSession, stmt: Select, page: Page, *, scalars: bool = True) -> tuple[list[Any], int]:
    """(the rows of one page, how many rows the whole list has). `stmt` must be ordered by a
    unique key so that pages neither overlap nor skip. The total comes with the rows (a window
    count, taken before LIMIT): one query, where a separate count cost as much as the page."""
    result = await session.execute(stmt.add_columns(func.count().over().label("list_total"))
                                   .limit(page.limit).offset(page.offset))
    width = len(result.keys()) - 1
    frozen = result.freeze()  # read once, seen twice: the total, then the rows without it
    rows = frozen().columns(*range(width)).all()
    if rows:
        total = frozen().columns(width).scalar()
    elif page.offset == 0:
        total = 0
    else:  # past the end: no row carries the total
        total = (await session.execute(select(func.count()).select_from(stmt.order_by(None).subquery()))).scalar_one()
    return ([r[0] for r in rows] if scalars else rows), int(total)


def like_pattern(q: str) -> str:
    """A case-insensitive substring pattern for LIKE with its wildcards escaped (ESCAPE '\\')."""
    escaped = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
