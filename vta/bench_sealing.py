"""What sealing personal text costs (README, Trust and privacy): `python -m vta.bench_sealing`.

Builds N participants in one association (SQLite, or PostgreSQL with --postgres) through the models (so sealed), copies the
database and takes the copy down to migration 0009 (the same rows in plain text), then times in one
process, alternating, best of several rounds, in CPU seconds of the process (aiosqlite's thread
included; wall time on a shared machine is noise) and in wall seconds (PostgreSQL's own work is
not in this process's CPU time):
- a match run's loading of its participants (vta.services.matching.load_world), sealed vs plain,
  and sealed with a cold key cache (every key read from the key file);
- the coordinator's list (page 1) and a search by name: the sealed list (names opened and sorted
  in Python) against the query main ran on plain names (ILIKE, ORDER BY, LIMIT in SQL).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

WORDS = ("lager", "truck", "kök", "disk", "städ", "butik", "kassa", "bageri", "trädgård", "verkstad", "svets",
         "vård", "omsorg", "barn", "djur", "data", "kontor", "lastbil", "måla", "snickeri")


async def build(url: str, n: int) -> None:
    from vta.db import make_engine, make_sessionmaker
    from vta.migrations import upgrade
    from vta.models import AdaptationNeed, Participant
    from vta.services.accounts import default_association

    await upgrade(url)
    engine = make_engine(url)
    async with make_sessionmaker(engine)() as session, session.begin():
        association = (await default_association(session)).id
    for start in range(0, n, 1000):
        async with make_sessionmaker(engine)() as session, session.begin():
            for i in range(start, min(n, start + 1000)):
                w = [WORDS[(i * k) % len(WORDS)] for k in (1, 3, 7, 11)]
                session.add(Participant(
                    association_id=association, display_name=f"Deltagare {i} {w[0].title()}sson", latitude=58.41,
                    longitude=15.62, max_travel_km=20, hours_max=30, placement_types=["work_training"],
                    goals=f"Jag vill arbeta med {w[0]} och {w[1]}.", interests=f"Jag tycker om {w[2]} och {w[3]}.",
                    experience=f"Har arbetat med {w[1]} i två år och med {w[2]} på praktik.",
                    skills=[w[0], w[1], f"{w[2]}arbete"], swedish_level="good", driving_licence=bool(i % 2),
                    adaptation_needs=[AdaptationNeed(tag="written_instructions", required=True)]))
    await engine.dispose()


WALL: dict[str, float] = {}


async def best(fn, rounds: int, label: str = "") -> float:  # noqa: ANN001
    """The least CPU time of `rounds` calls; the least wall time goes to WALL[label]."""
    times = []
    for _ in range(rounds):
        t, w = time.process_time(), time.perf_counter()
        await fn()
        times.append(time.process_time() - t)
        WALL[label] = min(WALL.get(label, 1e9), time.perf_counter() - w)
    return min(times)


async def measure(sealed_url: str, plain_url: str, rounds: int) -> dict[str, float]:
    from vta.db import make_engine, make_reader
    from vta.keys import store_of
    from vta.listing import Page
    from vta.models import MatchRun
    from vta.principal import Principal
    from vta.services.matching import load_world
    from vta.services.participants import list_participants

    out: dict[str, float] = {}
    engines = {"sealed": make_engine(sealed_url), "plain": make_engine(plain_url)}
    readers = {k: make_reader(e) for k, e in engines.items()}
    async with readers["sealed"]() as session:
        association = (await session.execute(text("SELECT id FROM associations"))).scalar()
    import uuid as _uuid

    association_id = _uuid.UUID(str(association))
    admin = Principal(None, "admin")

    async def load(kind: str) -> None:
        async with readers[kind]() as session:
            world = await load_world(session, MatchRun(association_id=association_id, params={}))
            assert len(world["participants"]) > 0

    store = store_of(engines["sealed"].dialect)

    async def load_cold() -> None:
        store._cache.clear()  # every key read from the key file again
        await load("sealed")

    await load("plain")  # warm-up: imports, statement caches, the files in the page cache
    await load("sealed")
    for _ in range(rounds):  # alternate, so each meets the same load on the machine
        for kind, fn in (("plain", lambda: load("plain")), ("sealed", lambda: load("sealed")),
                         ("sealed_cold", load_cold)):
            out[f"load_{kind}"] = min(out.get(f"load_{kind}", 1e9), await best(fn, 1, f"load_{kind}"))

    async def new_list(q: str | None) -> None:
        async with make_reader(engines["sealed"])() as session:
            await list_participants(session, admin, Page(), q=q)

    async def old_list(q: str | None) -> None:  # main's query, on plain names
        where = "erased_at IS NULL" + (" AND lower(display_name) LIKE lower(:p)" if q else "")
        async with readers["plain"]() as session:
            await session.execute(text(f"SELECT count(*) FROM participants WHERE {where}"), {"p": f"%{q}%"})
            await session.execute(text(f"SELECT * FROM participants WHERE {where} ORDER BY display_name, id "
                                       "LIMIT 50"), {"p": f"%{q}%"})

    for label, q in (("list", None), ("search", "deltagare 12")):
        for _ in range(rounds):
            out[f"{label}_plain_sql"] = min(out.get(f"{label}_plain_sql", 1e9),
                                            await best(lambda q=q: old_list(q), 1, f"{label}_plain_sql"))
            out[f"{label}_sealed"] = min(out.get(f"{label}_sealed", 1e9),
                                         await best(lambda q=q: new_list(q), 1, f"{label}_sealed"))
    for e in engines.values():
        await e.dispose()
    return out


async def _pg(admin_url: str, sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def run(n: int, rounds: int, postgres: str | None) -> None:
    from vta.migrations import downgrade

    work = Path(tempfile.mkdtemp(prefix="vta-bench-sealing-"))
    os.environ["VTA_KEYSTORE_PATH"] = str(work / ".vta-keys.db")
    tag = work.name.rsplit("-", 1)[-1].lower()
    if postgres:
        base = postgres.rsplit("/", 1)[0]
        sealed_url, plain_url = f"{base}/bench_sealed_{tag}", f"{base}/bench_plain_{tag}"
    else:
        sealed_url, plain_url = f"sqlite+aiosqlite:///{work / 'sealed.db'}", f"sqlite+aiosqlite:///{work / 'plain.db'}"
    try:
        if postgres:
            await _pg(postgres, f'CREATE DATABASE "bench_sealed_{tag}"')
        await build(sealed_url, n)
        if postgres:
            await _pg(postgres, f'CREATE DATABASE "bench_plain_{tag}" TEMPLATE "bench_sealed_{tag}"')
        else:
            shutil.copy(work / "sealed.db", work / "plain.db")
        await downgrade(plain_url, "0009")
        figures = await measure(sealed_url, plain_url, rounds)
    finally:
        if postgres:
            for name in ("sealed", "plain"):
                await _pg(postgres, f'DROP DATABASE IF EXISTS "bench_{name}_{tag}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)
    print(f"{n} participants, {'PostgreSQL' if postgres else 'SQLite'}, best of {rounds} "
          "(seconds: CPU of this process, wall):")
    for k, v in figures.items():
        print(f"  {k:20s} {v:8.3f} {WALL[k]:8.3f}")
    print(f"  load ratio sealed/plain {figures['load_sealed'] / figures['load_plain']:.2f}, "
          f"cold/plain {figures['load_sealed_cold'] / figures['load_plain']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", metavar="ADMIN_URL", help="measure on PostgreSQL (two scratch databases)")
    args = parser.parse_args()
    asyncio.run(run(args.participants, args.rounds, args.postgres))


if __name__ == "__main__":
    main()
