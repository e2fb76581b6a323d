"""Migrations: up, down and up again on SQLite and PostgreSQL; the models match the migrations."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import employers.models  # noqa: F401
import vta.models  # noqa: F401
from vta.db import Base, make_engine
from vta.migrations import downgrade, upgrade


async def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    await engine.dispose()
    return names - {"alembic_version"}


async def _diff(url: str) -> list:
    engine = make_engine(url)
    async with engine.connect() as conn:
        def compare(sync_conn):  # noqa: ANN001, ANN202
            ctx = MigrationContext.configure(sync_conn, opts={"compare_type": True})
            return compare_metadata(ctx, Base.metadata)
        diff = await conn.run_sync(compare)
    await engine.dispose()
    return diff


async def test_upgrade_downgrade_upgrade(empty_database_url: str) -> None:
    await upgrade(empty_database_url)
    assert await _tables(empty_database_url) == set(Base.metadata.tables)
    await downgrade(empty_database_url, "base")
    assert await _tables(empty_database_url) == set()
    await upgrade(empty_database_url)
    assert await _tables(empty_database_url) == set(Base.metadata.tables)


async def test_models_match_migrations(empty_database_url: str) -> None:
    await upgrade(empty_database_url)
    assert await _diff(empty_database_url) == []
