"""Bring a database schema up to date (or down) with Alembic, from code."""
from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

from vta.db import make_engine

# The top-level alembic/ folder, reached through the package (a link in the source tree, a copy in
# an installed wheel: see package-data in pyproject.toml), so it is found wherever vta is installed.
SCRIPT_LOCATION = Path(__file__).resolve().parent / "schema_migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


async def _run(url: str, fn, revision: str) -> None:  # noqa: ANN001
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            def go(sync_conn):  # noqa: ANN001, ANN202
                cfg = alembic_config(url)
                cfg.attributes["connection"] = sync_conn
                fn(cfg, revision)
            await conn.run_sync(go)
    finally:
        await engine.dispose()


async def upgrade(url: str, revision: str = "head") -> None:
    await _run(url, command.upgrade, revision)


async def downgrade(url: str, revision: str = "base") -> None:
    await _run(url, command.downgrade, revision)


def upgrade_sync(url: str, revision: str = "head") -> None:
    asyncio.run(upgrade(url, revision))
