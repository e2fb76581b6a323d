"""A real database (SQLite and PostgreSQL, from tests/conftest.py) with placements written directly,
so a statistics test can set up dozens of histories in well under a second."""
from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Any]:
    from vta.db import make_engine, make_sessionmaker

    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture
async def api(settings: Any) -> AsyncIterator[Any]:
    """The real app, an admin and a coordinator of the default association logged in."""
    from tests.api.conftest import running_app

    async with running_app(settings) as a:
        yield a
