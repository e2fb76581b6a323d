"""On SQLite every writing transaction takes the write lock up front (BEGIN IMMEDIATE); read-only
sessions take none, so status polls, token checks and health never queue behind a writer."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from vta.db import make_engine, make_reader, make_sessionmaker


async def test_a_reader_does_not_wait_for_a_writer_but_a_writer_does(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'lock.db'}")
    writer, reader = make_sessionmaker(engine), make_reader(engine)
    try:
        async with writer() as session, session.begin():
            await session.execute(text("CREATE TABLE t (x INTEGER)"))
        async with writer() as holder:
            await holder.execute(text("INSERT INTO t VALUES (1)"))  # holds the write lock, uncommitted

            async def read() -> int:
                async with reader() as session:
                    return (await session.execute(text("SELECT count(*) FROM t"))).scalar_one()

            async def write() -> None:
                async with writer() as session, session.begin():
                    await session.execute(text("INSERT INTO t VALUES (2)"))

            assert await asyncio.wait_for(read(), 2) == 0  # the committed snapshot, at once
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(write(), 1)  # a second writer queues for the lock
            await holder.commit()
        assert await asyncio.wait_for(read(), 2) == 1
    finally:
        await engine.dispose()
