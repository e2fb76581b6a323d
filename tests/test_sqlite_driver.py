"""SQLite on the event loop's thread (vta/sqlite_driver.py): waiting for another process's write
lock never blocks the loop, a wait that outlasts the limit is an error, readers never wait."""
from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from vta import sqlite_driver
from vta.db import make_engine, make_reader, make_sessionmaker


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "driver.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (v INTEGER)")
        conn.execute("INSERT INTO t VALUES (1)")
    return path


def _hold_write_lock(path: Path, seconds: float, held: threading.Event) -> None:
    """Another process's writer, as SQLite sees it: a connection of its own holding the lock."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO t VALUES (2)")
    held.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


@contextlib.asynccontextmanager
async def another_writer(path: Path, seconds: float) -> AsyncIterator[None]:
    """Inside: another connection holds the write lock (for `seconds` from the start); on leaving,
    it has committed its row (2)."""
    held = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(path, seconds, held))
    holder.start()
    try:
        await asyncio.to_thread(held.wait, 5)
        yield
    finally:
        await asyncio.to_thread(holder.join)


async def _ticks_while(coro: object) -> tuple[object, float]:
    """Run `coro` while a ticker measures the longest gap between its 10 ms ticks."""
    longest, stop = 0.0, asyncio.Event()

    async def ticker() -> None:
        nonlocal longest
        last = time.monotonic()
        while not stop.is_set():
            await asyncio.sleep(0.01)
            now = time.monotonic()
            longest, last = max(longest, now - last), now

    tick = asyncio.create_task(ticker())
    try:
        return await coro, longest  # type: ignore[misc]
    finally:
        stop.set()
        await tick


async def test_a_writer_waits_for_another_process_without_blocking_the_loop(db_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{db_path}")
    try:
        async def write() -> float:
            start = time.monotonic()
            async with make_sessionmaker(engine)() as session, session.begin():
                await session.execute(text("INSERT INTO t VALUES (3)"))
            return time.monotonic() - start

        async with another_writer(db_path, 0.6):
            waited, longest_gap = await _ticks_while(write())
        assert waited >= 0.4, "the write should have waited for the other writer"
        assert longest_gap < 0.2, f"the event loop was blocked for {longest_gap:.2f} s"
        async with make_reader(engine)() as session:
            assert sorted((await session.execute(text("SELECT v FROM t"))).scalars()) == [1, 2, 3]
    finally:
        await engine.dispose()


async def test_a_wait_beyond_the_limit_is_an_error(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_driver, "BUSY_TIMEOUT_S", 0.3)
    engine = make_engine(f"sqlite+aiosqlite:///{db_path}")
    try:
        async with another_writer(db_path, 1.5):
            with pytest.raises(OperationalError, match="locked"):
                async with make_sessionmaker(engine)() as session, session.begin():
                    await session.execute(text("INSERT INTO t VALUES (4)"))
        async with make_reader(engine)() as session:
            assert 4 not in set((await session.execute(text("SELECT v FROM t"))).scalars())
    finally:
        await engine.dispose()


async def test_readers_never_wait_for_a_writer(db_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{db_path}")
    try:
        async with another_writer(db_path, 1.0):
            start = time.monotonic()
            async with make_reader(engine)() as session:
                seen = sorted((await session.execute(text("SELECT v FROM t"))).scalars())
            assert time.monotonic() - start < 0.3 and seen == [1], "a reader sees the last commit at once"
    finally:
        await engine.dispose()
