"""Worlds for the background-work tests: the demo world posted through the API or loaded through the
services, scaled up when a run must last a few seconds; and a snapshot of a whole database."""
from __future__ import annotations

import copy
from typing import Any

from vta.demo_world import demo_world


def scaled_world(copies: int) -> dict[str, Any]:
    """The demo world with its participants and needs repeated `copies` times, each copy's texts made
    distinct (so each is encoded: the run's cost grows with the copies)."""
    world = demo_world()
    out = {**world, "participants": [], "needs": []}
    for i in range(copies):
        for p in world["participants"]:
            q = copy.deepcopy(p)
            q["key"], q["display_name"] = f"{p['key']}-{i}", f"{p['display_name']} {i}"
            q["goals"] = f"{p['goals']} Mål nummer {i}."
            q["interests"] = f"{p['interests']} Intresse {i} av många."
            out["participants"].append(q)
        for n in world["needs"]:
            m = copy.deepcopy(n)
            m["key"], m["title"] = f"{n['key']}-{i}", f"{n['title']} {i}"
            m["description"] = f"{n['description']} Behov nummer {i}."
            out["needs"].append(m)
    return out


def tiny_world() -> dict[str, Any]:
    """A few participants and needs of the demo world: a run of a second or two."""
    world = demo_world()
    needs = world["needs"][:3]
    workplaces = {n["workplace"] for n in needs}
    return {**world, "needs": needs, "participants": world["participants"][:4],
            "workplaces": [w for w in world["workplaces"] if w["key"] in workplaces]}


async def seed_world(database_url: str, world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Load a world through the same services the API uses (fast; for worlds too big to post)."""
    from vta.db import make_engine, make_sessionmaker
    from vta.demo import load_world

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            return await load_world(session, world, with_users=False)
    finally:
        await engine.dispose()


async def post_world(api: Any, who: str, world: dict[str, Any]) -> dict[str, str]:
    """Create a world through the HTTP API as a coordinator would; returns id -> world key."""
    keys: dict[str, str] = {}
    ids: dict[str, str] = {}
    for e in world["employers"]:
        body = {k: e[k] for k in ("name", "org_number", "sector", "csr_partner")}
        ids[e["key"]] = (await api.call(who, "POST", "/employers", 201, json=body)).json()["id"]
    for w in world["workplaces"]:
        body = {k: w[k] for k in ("name", "latitude", "longitude", "municipality_code", "supervisor_capacity")}
        ids[w["key"]] = (await api.call(who, "POST", f"/employers/{ids[w['employer']]}/workplaces", 201,
                                        json=body)).json()["id"]
    for n in world["needs"]:
        body = {k: v for k, v in n.items() if k not in ("key", "workplace")}
        body["workplace_id"] = ids[n["workplace"]]
        ids[n["key"]] = (await api.call(who, "POST", "/needs", 201, json=body)).json()["id"]
    for p in world["participants"]:
        body = {k: v for k, v in p.items() if k not in ("key", "excluded_employers", "consent")}
        body["excluded_employer_ids"] = [ids[k] for k in p.get("excluded_employers", [])]
        pid = (await api.call(who, "POST", "/participants", 201, json=body)).json()["id"]
        ids[p["key"]] = pid
        if p.get("consent"):
            await api.call(who, "POST", f"/participants/{pid}/consents", 201, json={"scope": "share_with_employers"})
    keys.update({v: k for k, v in ids.items()})
    return keys


async def snapshot(database_url: str) -> dict[str, list[tuple]]:
    """Every row of every table of the application, in a stable order: two equal snapshots mean
    the same database state."""
    from sqlalchemy import select

    from vta.db import Base, make_engine
    import vta.models  # noqa: F401 - registers every table on Base.metadata
    import employers.models  # noqa: F401

    engine = make_engine(database_url)
    state: dict[str, list[tuple]] = {}
    try:
        async with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                rows = (await conn.execute(select(table))).all()
                state[table.name] = sorted((tuple(repr(v) for v in row) for row in rows))
    finally:
        await engine.dispose()
    return state


def diff(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> dict[str, tuple[int, int]]:
    """Tables whose rows differ, with their row counts before and after (for readable failures)."""
    return {t: (len(a.get(t, [])), len(b.get(t, []))) for t in sorted(set(a) | set(b)) if a.get(t) != b.get(t)}
