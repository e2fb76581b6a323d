"""What sealing personal text costs (README, Trust and privacy): `python -m vta.bench_sealing`.

Builds N participants in one association on SQLite through the models (so sealed), copies the
database and takes the copy down to migration 0009 (the same rows in plain text), then times in one
process, alternating, best of several rounds, in CPU seconds of the process (aiosqlite's thread
included), since wall time on a shared machine is noise:
- a match run's loading of its participants (vta.services.matching.load_world), sealed vs plain,
  and sealed with a cold key cache (every key read from the key file);
- the coordinator's list (page 1) and a search by name: the sealed list (names opened and sorted
  in Python) against the query main ran on plain names (ILIKE, ORDER BY, LIMIT in SQL).
"""
from __future__ import annotations

import argparse
import asyncio
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


async def best(fn, rounds: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(rounds):
        t = time.process_time()
        await fn()
        times.append(time.process_time() - t)
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
            out[f"load_{kind}"] = min(out.get(f"load_{kind}", 1e9), await best(fn, 1))

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
            out[f"{label}_plain_sql"] = min(out.get(f"{label}_plain_sql", 1e9), await best(lambda q=q: old_list(q), 1))
            out[f"{label}_sealed"] = min(out.get(f"{label}_sealed", 1e9), await best(lambda q=q: new_list(q), 1))
    for e in engines.values():
        await e.dispose()
    return out


async def run(n: int, rounds: int) -> None:
    from vta.migrations import downgrade

    work = Path(tempfile.mkdtemp(prefix="vta-bench-sealing-"))
    try:
        sealed = work / "sealed.db"
        await build(f"sqlite+aiosqlite:///{sealed}", n)
        shutil.copy(sealed, work / "plain.db")
        await downgrade(f"sqlite+aiosqlite:///{work / 'plain.db'}", "0009")
        figures = await measure(f"sqlite+aiosqlite:///{sealed}", f"sqlite+aiosqlite:///{work / 'plain.db'}", rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{n} participants, SQLite, best of {rounds} (CPU seconds):")
    for k, v in figures.items():
        print(f"  {k:20s} {v:8.3f}")
    print(f"  load ratio sealed/plain {figures['load_sealed'] / figures['load_plain']:.2f}, "
          f"cold/plain {figures['load_sealed_cold'] / figures['load_plain']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(args.participants, args.rounds))


if __name__ == "__main__":
    main()
