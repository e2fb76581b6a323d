"""Erasure, export and retention (domain.md 8.2.7-8.2.8, reliability.md E1-E3).

A canary string goes into every free-text field a person can have (name, goals, interests,
experience, skills, consent document, adaptation wording, languages, a coordinator's rejection
comment, checkpoint notes, the reason a placement ended, a support decision's reference, the match
explanation). A match run goes through Redis and arq so jobs exist there, the person is placed and
shown to an employer. Export must hold all of it; after DELETE nothing may: not a table (every text
and JSON column on PostgreSQL), not the SQLite file or its -wal/-shm (raw bytes, free pages
included), not the embedding cache, not Redis. The CSR partner's statistics stay exactly the same.
The texts are sealed under the person's key (vta/sealed.py), so no column holds the canary in the
clear even before erasure; test_crypto_shredding.py scans the raw files with a reader held open.
"""
from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from litestar.testing import AsyncTestClient
from sqlalchemy import select, text

from tests.api.conftest import PASSWORD, Api
from tests.api.world import employer_body, need_body, participant_body
from tests.security.world import World, count, table_fingerprints
from vta.db import utcnow
from vta.models import AdaptationNeed, Embedding, ParticipantLanguage, Placement, Proposal, SupportDecision
from vta.sealed import PREFIX

# ASCII only: JSON columns escape non-ASCII, and a raw byte scan must find every copy.
CANARY = "Qxkanarie7f3aQ"


# --- scanners -----------------------------------------------------------------------------------

def scan_sqlite_files(url: str) -> dict[str, int]:
    path = Path(url.split("///", 1)[1])
    needle = CANARY.lower().encode()
    return {p.name: p.read_bytes().lower().count(needle)
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()}


async def scan_columns(db: Any, needle: str = CANARY) -> dict[str, int]:
    """Every text, character, JSON and binary column of every table, through SQL."""
    hits: dict[str, int] = {}
    async with db() as session:
        if session.bind.dialect.name == "postgresql":
            cols = (await session.execute(text(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'public' AND data_type IN "
                "('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY')"))).all()
        else:
            cols = []
            for (table,) in (await session.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))).all():
                cols += [(table, c[1], c[2]) for c in (await session.execute(text(f'PRAGMA table_info("{table}")')))]
        for table, column, kind in cols:
            if kind == "bytea":
                cond = f"position(convert_to(:needle, 'UTF8') in \"{column}\") > 0"
            else:
                cond = f"lower(CAST(\"{column}\" AS TEXT)) LIKE :pattern"
            n = (await session.execute(text(f'SELECT count(*) FROM "{table}" WHERE {cond}'),
                                       {"pattern": f"%{needle.lower()}%", "needle": needle})).scalar_one()
            if n:
                hits[f"{table}.{column}"] = n
    return hits


def scan_redis(url: str) -> tuple[int, int]:
    """(number of keys, keys whose value holds the canary), whatever their type."""
    import redis

    client = redis.Redis.from_url(url)
    keys = hits = 0
    try:
        for key in client.scan_iter("*", count=1000):
            keys += 1
            kind = client.type(key).decode()
            if kind == "string":
                blobs = [client.get(key) or b""]
            elif kind == "hash":
                blobs = [k + v for k, v in client.hgetall(key).items()]
            elif kind == "zset":
                blobs = [m for m, _ in client.zrange(key, 0, -1, withscores=True)]
            elif kind == "list":
                blobs = client.lrange(key, 0, -1)
            elif kind == "set":
                blobs = list(client.smembers(key))
            else:
                blobs = []
            if any(CANARY.lower().encode() in (key + b).lower() for b in blobs) or CANARY.lower().encode() in key.lower():
                hits += 1
    finally:
        client.close()
    return keys, hits


# --- the world of this test ---------------------------------------------------------------------

async def run_arq_worker(settings: Any) -> None:
    """Drain the queue once with a real arq worker (the settings `vta worker` uses), in this process."""
    from arq.worker import Worker

    from vta import tasks
    from workers.settings import worker_settings

    ctx = tasks.Context(settings)
    kw = worker_settings(settings, ctx)
    kw.pop("cron_jobs")
    kw["poll_delay"] = 0.1
    worker = Worker(**kw, burst=True, handle_signals=False)
    try:
        await worker.main()
    finally:
        await worker.close()
        await ctx.close()


async def test_erasure_leaves_no_trace_and_statistics_hold(settings: Any, db: Any, private_redis: str,
                                                          fast_hashing: None) -> None:
    from api.app import create_app
    from vta.services.accounts import create_user

    settings = settings.model_copy(update={"redis_url": private_redis})
    async with db() as session, session.begin():
        await create_user(session, email="admin@test.se", password=PASSWORD, role="admin")
    app = create_app(settings)
    async with AsyncTestClient(app, base_url="https://testserver.local", timeout=120) as client:
        api = Api(client, app)
        api.tokens["admin"] = await api.login("admin@test.se")
        await api.create_user("coord@test.se", "coordinator")
        c = "coord"
        employer = (await api.call(c, "POST", "/employers", 201, json=employer_body(70, "Kanten AB", csr=True))).json()
        await api.create_user("chef@kanten.se", "employer", employer["id"])
        await api.create_user("csr@kanten.se", "csr", employer["id"])
        wp = (await api.call(c, "POST", f"/employers/{employer['id']}/workplaces", 201, json={
            "name": "Kanten", "latitude": 58.41, "longitude": 15.62, "supervisor_capacity": 20})).json()
        for title in ("Köksbiträde", "Diskare"):
            await api.call(c, "POST", "/needs", 201, json=need_body(wp["id"], title=title, slots=10))
        person = (await api.call(c, "POST", "/participants", 201, json=participant_body(
            f"Anna {CANARY}", goals=f"Jag vill laga mat {CANARY}", interests=f"Matlagning och bakning {CANARY}",
            experience=f"Skolkök {CANARY}", skills=["matlagning", f"{CANARY}bakning"]))).json()
        pid = person["id"]
        others = [(await api.call(c, "POST", "/participants", 201, json=participant_body(f"Person {i}"))).json()["id"]
                  for i in range(5)]
        await api.call(c, "POST", f"/participants/{pid}/consents", 201,
                       json={"scope": "share_with_employers", "document_ref": f"Blankett {CANARY}"})
        for other in others:
            await api.call(c, "POST", f"/participants/{other}/consents", 201, json={"scope": "share_with_employers"})
        async with db() as session, session.begin():  # the fields the API does not write (yet)
            for need in (await session.execute(select(AdaptationNeed).where(
                    AdaptationNeed.participant_id == uuid.UUID(pid)))).scalars():  # sealed on flush
                need.employer_visible_wording = f"Skriftliga instruktioner {CANARY}"
                need.parameters = {"note": CANARY}
            session.add(ParticipantLanguage(participant_id=uuid.UUID(pid), language=f"arabiska {CANARY}",
                                            level="fluent"))

        # --- a match run through Redis and arq
        run = (await api.call(c, "POST", "/match-runs", 202, json={"alternatives_per_participant": 1})).json()
        keys, hits = scan_redis(private_redis)
        assert keys >= 1 and hits == 0, "the run's job is in Redis, and carries ids only"
        await run_arq_worker(settings)
        run = await api.wait_run(c, run["id"], timeout=120)
        assert run["status"] == "succeeded", run
        proposals = (await api.call(c, "GET", f"/match-runs/{run['id']}/proposals", 200)).json()["items"]
        mine = [p for p in proposals if p["participant_id"] == pid]
        assert {p["kind"] for p in mine} == {"assignment", "alternative"}, proposals
        for p in proposals:
            if p["kind"] == "assignment":
                await api.call(c, "POST", f"/proposals/{p['id']}/approve", 200)
        alternative = next(p for p in mine if p["kind"] == "alternative")
        await api.call(c, "POST", f"/proposals/{alternative['id']}/reject", 200,
                       json={"reason_code": "poor_task_fit", "comment": f"Vill inte diska {CANARY}"})
        async with db() as session, session.begin():  # an explanation quoting the person's own words
            prop = (await session.execute(select(Proposal).where(Proposal.participant_id == uuid.UUID(pid),
                                                                 Proposal.kind == "assignment"))).scalar_one()
            prop.explanation = {**prop.explanation, "quoted": f"laga mat {CANARY}"}

        # --- shown to the employer, placed, followed up, ended
        candidates = (await api.call("chef", "GET", "/employer/candidates", 200)).json()["items"]
        assert len(candidates) == 6 and any(CANARY in x["display_name"] for x in candidates)
        placements = {}
        for cand in candidates:
            placements[cand["proposal_id"]] = (await api.call("chef", "POST", f"/employer/candidates/"
                                                              f"{cand['proposal_id']}/accept", 201,
                                                              json={"start_date": utcnow().date().isoformat()})).json()["placement_id"]
        my_placement = placements[prop.id.__str__()]
        first = (await api.call(c, "GET", f"/placements/{my_placement}", 200)).json()["checkpoints"][0]
        await api.call(c, "POST", f"/placements/{my_placement}/checkpoints/{first['id']}/complete", 200,
                       json={"notes": f"Trivs bra {CANARY}", "rating": 5})
        for proposal_id, placement_id in placements.items():
            mine_ = placement_id == my_placement
            await api.call(c, "POST", f"/placements/{placement_id}/end", 200, json={
                "outcome": "employment", **({"reason": f"Fick jobb {CANARY}"} if mine_ else {})})
        async with db() as session, session.begin():
            session.add(SupportDecision(placement_id=uuid.UUID(my_placement), instrument="lonebidrag",
                                        decided_by_org="AF", applicant="employer", reference_no=f"AF-{CANARY}"))

        # --- export: everything held about the person, canary and all
        export = (await api.call(c, "GET", f"/participants/{pid}/export", 200)).json()
        for section in ("participant", "adaptation_needs", "languages", "consents", "proposals", "placements",
                        "checkpoints", "support_decisions"):
            assert CANARY in str(export[section]), section
        assert export["disclosures"] and all(d["consent_id"] for d in export["disclosures"])
        assert export["access_log"] and {e["action"] for e in export["access_log"]} >= {"create", "read", "disclose"}
        assert [c_["document_ref"] for c_ in export["consents"]] == [f"Blankett {CANARY}"]
        assert str(uuid.UUID(others[0])) not in str(export)

        # --- before: the canary is everywhere, the scanners see it
        embeddings = await count(db, "SELECT count(*) FROM embeddings WHERE owner_id = :p",
                                 p=uuid.UUID(pid).hex if settings.is_sqlite else pid)
        assert embeddings >= 1, "the run cached the person's text embedding under their id"
        # Sealed under the person's key (vta/sealed.py): not one column holds the canary in the clear,
        # and a dozen hold values sealed for this person.
        assert await scan_columns(db) == {}
        sealed_for = f"{PREFIX}{uuid.UUID(pid).hex}:"
        before_cols = await scan_columns(db, sealed_for)
        assert len(before_cols) >= 12, before_cols
        summary = (await api.call("csr", "GET", "/csr/summary", 200)).json()
        assert summary["placements_started"] == 6 and summary["outcomes"]["employment"] == 6
        aggregates = await table_fingerprints(db, skip=())

        # --- erase
        await api.call(c, "DELETE", f"/participants/{pid}", 204)

        assert await scan_columns(db) == {}
        assert await scan_columns(db, sealed_for) == {}
        if settings.is_sqlite:
            assert scan_sqlite_files(settings.database_url) in ({"vta.db": 0}, {"vta.db": 0, "vta.db-wal": 0},
                                                               {"vta.db": 0, "vta.db-wal": 0, "vta.db-shm": 0},
                                                               {"vta.db": 0, "vta.db-shm": 0})
        assert scan_redis(private_redis)[1] == 0
        async with db() as session:
            left = (await session.execute(select(Embedding.key).where(Embedding.owner_id == uuid.UUID(pid)))).all()
        assert left == []
        assert await count(db, "SELECT count(*) FROM adaptation_needs") == 6 - 1  # the others' needs remain
        await api.call(c, "GET", f"/participants/{pid}", 404)
        await api.call(c, "GET", f"/participants/{pid}/export", 404)
        await api.call(c, "DELETE", f"/participants/{pid}", 404)
        # statistics: the CSR summary and the rows they are computed from are unchanged
        assert (await api.call("csr", "GET", "/csr/summary", 200)).json() == summary
        after = await table_fingerprints(db, skip=())
        assert after["placements"][0] == aggregates["placements"][0]
        async with db() as session:
            stats = (await session.execute(select(Placement.start_date, Placement.active, Placement.outcome,
                                                  Placement.ended_at).order_by(Placement.id))).all()
        assert len(stats) == 6 and all(s.outcome == "employment" and not s.active for s in stats)


async def test_retention_disposes_of_ended_participants_once(world: World, settings: Any) -> None:
    from vta import tasks
    from vta.db import utcnow

    a1, db = world.tenants["A1"].ids, world.db
    # A1's placement ended 400 days ago; A2's ended 10 days ago; B's is still active.
    for key, days in (("A1", 400), ("A2", 10)):
        async with db() as session, session.begin():
            placement = await session.get(Placement, uuid.UUID(world.tenants[key].ids["placement"]))
            placement.active, placement.status, placement.outcome = False, "completed", "employment"
            placement.end_reason, placement.ended_at = f"slut {key}", utcnow() - timedelta(days=days)
    placed = {}
    async with db() as session:
        for key in ("A1", "A2", "B"):
            placed[key] = (await session.execute(select(Placement.participant_id).where(
                Placement.id == uuid.UUID(world.tenants[key].ids["placement"])))).scalar_one()

    async def erased() -> set[str]:
        async with db() as session:
            rows = (await session.execute(text("SELECT id FROM participants WHERE erased_at IS NOT NULL"))).all()
        return {str(uuid.UUID(str(r[0]))) for r in rows}

    ctx = tasks.Context(settings.model_copy(update={"retention_days": 365}))
    try:
        assert await tasks.retention(ctx) == 1
        assert await erased() == {str(placed["A1"])}
        snapshot = await table_fingerprints(db)
        assert await tasks.retention(ctx) == 0  # idempotent: the second run changes nothing at all
        assert await table_fingerprints(db) == snapshot
    finally:
        await ctx.close()
    assert await count(db, "SELECT count(*) FROM audit_events WHERE action = 'erase' AND role = 'system'") == 1
    async with db() as session:
        reason = (await session.execute(select(Placement.end_reason).where(
            Placement.id == uuid.UUID(a1["placement"])))).scalar_one()
    assert reason is None
    # The period is configurable: with 5 days, A2's participant goes too; B's (active) never.
    ctx = tasks.Context(settings.model_copy(update={"retention_days": 5}))
    try:
        assert await tasks.retention(ctx) == 1
    finally:
        await ctx.close()
    assert await erased() == {str(placed["A1"]), str(placed["A2"])}
    await asyncio.sleep(0)
