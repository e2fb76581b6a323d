"""Erasure leaves nothing identifiable: a canary in every personal field, then a scan of the
database (the SQLite file bytes, every text column on PostgreSQL) after DELETE."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests.api.world import employer_body, need_body, participant_body
from vta.db import utcnow

CANARY = "Kanariefagel7731"


async def _scan_postgres(url: str) -> list[str]:
    from vta.db import make_engine

    engine = make_engine(url)
    hits = []
    async with engine.connect() as conn:
        cols = (await conn.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea')"))).all()
        for table, column in cols:
            found = (await conn.execute(text(
                f'SELECT count(*) FROM "{table}" WHERE encode(convert_to("{column}"::text, \'UTF8\'), \'escape\') '
                f"ILIKE :pattern"), {"pattern": f"%{CANARY}%"})).scalar_one()
            if found:
                hits.append(f"{table}.{column}")
    await engine.dispose()
    return hits


def _scan_sqlite(url: str) -> list[str]:
    path = Path(url.split("///", 1)[1])
    needle = CANARY.encode().lower()
    return [p.name for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
            if p.exists() and needle in p.read_bytes().lower()]


async def test_erasure_leaves_no_trace_and_statistics_hold(api, settings) -> None:  # noqa: ANN001
    c = "coord"
    employer = (await api.call(c, "POST", "/employers", 201, json=employer_body(40, "Kanten AB", csr=True))).json()
    await api.create_user("chef@kanten.se", "employer", employer["id"])
    wp = (await api.call(c, "POST", f"/employers/{employer['id']}/workplaces", 201,
                         json={"name": "Kanten", "latitude": 58.41, "longitude": 15.62, "supervisor_capacity": 2})).json()
    await api.call(c, "POST", "/needs", 201, json=need_body(wp["id"]))
    person = (await api.call(c, "POST", "/participants", 201, json=participant_body(
        f"Anna {CANARY}", goals=f"Mål {CANARY}", interests=f"Jag lagar mat och diskar gärna {CANARY}",
        experience=f"Skolkök {CANARY}", skills=["disk", CANARY]))).json()
    pid = person["id"]
    await api.call(c, "POST", f"/participants/{pid}/consents", 201, json={"scope": "share_with_employers"})
    run = await api.wait_run(c, (await api.call(c, "POST", "/match-runs", 202, json={})).json()["id"])
    prop = next(p for p in (await api.call(c, "GET", f"/match-runs/{run['id']}/proposals", 200)).json()["items"]
                if p["participant_id"] == pid and p["kind"] == "assignment")
    await api.call(c, "POST", f"/proposals/{prop['id']}/approve", 200)
    assert CANARY in str((await api.call("chef", "GET", "/employer/candidates", 200)).json())
    placement = (await api.call("chef", "POST", f"/employer/candidates/{prop['id']}/accept", 201,
                                json={"start_date": utcnow().date().isoformat()})).json()["placement_id"]
    cp = (await api.call(c, "GET", f"/placements/{placement}", 200)).json()["checkpoints"][0]
    await api.call(c, "POST", f"/placements/{placement}/checkpoints/{cp['id']}/complete", 200,
                   json={"notes": f"Samtal med {CANARY}", "rating": 3})
    exported = (await api.call(c, "GET", f"/participants/{pid}/export", 200)).json()
    assert str(exported).count(CANARY) >= 5 and exported["consents"] and exported["disclosures"]
    before = (await api.call("admin", "GET", f"/csr/summary?employer_id={employer['id']}", 200)).json()

    await api.call(c, "DELETE", f"/participants/{pid}", 204)

    await api.call(c, "GET", f"/participants/{pid}", 404)
    await api.call(c, "GET", f"/participants/{pid}/export", 404)
    assert CANARY not in str((await api.call("chef", "GET", "/employer/candidates", 200)).json())
    if settings.is_sqlite:
        assert _scan_sqlite(settings.database_url) == []
    else:
        assert await _scan_postgres(settings.database_url) == []
    after = (await api.call("admin", "GET", f"/csr/summary?employer_id={employer['id']}", 200)).json()
    assert after == before  # aggregate statistics stay correct
    # The placement and its follow-up stay countable, tied only to a bare pseudonymous id.
    kept = (await api.call(c, "GET", f"/placements/{placement}", 200)).json()
    assert kept["participant_id"] == pid and CANARY not in str(kept)
