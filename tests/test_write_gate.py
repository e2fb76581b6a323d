"""SQLite admits one writer: request transactions of one process queue for it in arrival order,
instead of polling in SQLite's busy handler (which sleeps up to 100 ms a try under load)."""
from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from vta.db import make_engine, make_sessionmaker, write_gate
from vta.uow import transaction


async def test_sqlite_write_transactions_of_a_process_run_one_at_a_time_in_arrival_order(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'gate.db'}")
    sessionmaker = make_sessionmaker(engine)
    async with sessionmaker() as s, s.begin():
        await s.execute(text("CREATE TABLE log (n INTEGER)"))
    inside: list[int] = []
    order: list[int] = []

    async def write(n: int) -> None:
        async with transaction(sessionmaker, None) as session:
            inside.append(n)
            assert len(inside) == 1, "two write transactions overlapped"
            await session.execute(text("INSERT INTO log VALUES (:n)"), {"n": n})
            order.append(n)
            await asyncio.sleep(0.01)  # hold the lock across an await, as a request does
            inside.remove(n)

    tasks = []
    for n in range(12):
        tasks.append(asyncio.create_task(write(n)))
        await asyncio.sleep(0)  # arrive one after another
    await asyncio.gather(*tasks)
    async with sessionmaker() as s:
        stored = [r[0] for r in await s.execute(text("SELECT n FROM log ORDER BY rowid"))]
    await engine.dispose()
    assert order == list(range(12)) and stored == order


def test_no_gate_on_postgresql() -> None:
    engine = make_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")  # never connected
    assert write_gate(make_sessionmaker(engine)) is None
