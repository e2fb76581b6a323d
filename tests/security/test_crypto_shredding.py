"""Erasure reaches the disk (issue 15): crypto-shredding, proved on the raw files.

A unique canary goes into every personal field of a person who has everything (a profile,
adaptation wording and parameters, a language, consents with a document, BIP assessments, a match
run's proposals with explanations, a rejection comment, a placement with checkpoint notes from the
coordinator and the employer, a support decision, an end reason). A second connection holds a read
transaction open through the erasure and the scans. Then the raw files are read byte by byte:
SQLite's database, -wal and -shm and the key store; on PostgreSQL the whole data directory, pg_wal
included, after a CHECKPOINT. No canary in the clear, and not the destroyed key's bytes either.

A control string (an employer's name, not personal) is written in the clear and must be found by
the same scans, so a scan that reads nothing cannot pass.
"""
from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.api.conftest import running_app
from tests.api.world import employer_body, need_body, participant_body
from tests.conftest import PG_ADMIN_URL, _pg_dsn
from vta.db import utcnow

TAG = uuid.uuid4().hex[:12]
CANARY = f"Qkanarie{TAG}Q"  # ASCII: JSON escapes the rest, and a raw byte scan must see every copy
CONTROL = f"Kontroll{TAG}K"


def count_in_files(paths: list[Path], needle: bytes, *, any_case: bool = False) -> dict[str, int]:
    hits = {}
    for p in paths:
        try:
            data = p.read_bytes()
        except (FileNotFoundError, IsADirectoryError):  # a file PostgreSQL removed meanwhile
            continue
        n = data.lower().count(needle.lower()) if any_case else data.count(needle)
        if n:
            hits[str(p)] = n
    return hits


def sqlite_files(database_url: str, keystore: Path) -> list[Path]:
    db = Path(database_url.split("///", 1)[1])
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}-journal"),
            keystore, Path(f"{keystore}-journal"), Path(f"{keystore}-wal")]


async def postgres_files() -> list[Path]:
    import asyncpg

    conn = await asyncpg.connect(_pg_dsn(PG_ADMIN_URL))
    try:
        await conn.execute("CHECKPOINT")  # every dirty page to the table files, as a crash or a backup would see them
        root = Path(await conn.fetchval("SHOW data_directory"))
    finally:
        await conn.close()
    return [Path(d) / f for d, _, files in os.walk(root) for f in files]


async def build_person(api: Any, db: Any) -> tuple[str, str]:
    """The person with every kind of personal text, through the API where it takes it."""
    from vta.models import AdaptationNeed, ParticipantLanguage

    c = "coord"
    employer = (await api.call(c, "POST", "/employers", 201, json=employer_body(71, f"{CONTROL} AB"))).json()
    await api.create_user("chef@kontroll.se", "employer", employer["id"])
    wp = (await api.call(c, "POST", f"/employers/{employer['id']}/workplaces", 201, json={
        "name": "Köket", "latitude": 58.41, "longitude": 15.62, "supervisor_capacity": 10})).json()
    for title in ("Köksbiträde", "Diskare"):
        await api.call(c, "POST", "/needs", 201, json=need_body(wp["id"], title=title, slots=5))
    pid = (await api.call(c, "POST", "/participants", 201, json=participant_body(
        f"Anna {CANARY}", goals=f"Jag vill laga mat {CANARY}", interests=f"Matlagning och bakning {CANARY}",
        experience=f"Skolkök {CANARY}", skills=["matlagning", f"{CANARY}bakning"]))).json()["id"]
    other = (await api.call(c, "POST", "/participants", 201, json=participant_body("Bo Kvar"))).json()["id"]
    for person in (pid, other):
        await api.call(c, "POST", f"/participants/{person}/consents", 201,
                       json={"scope": "share_with_employers", "document_ref": f"Blankett {CANARY}"})
    await api.call(c, "POST", f"/participants/{pid}/consents", 201, json={"scope": "bip_assessment"})
    await api.call(c, "POST", f"/participants/{pid}/bip-assessments", 201,
                   json={"assessed_on": "2026-09-01", "scores": {"cooperation": 2, "job_search_behaviour": 1}})
    async with db() as session, session.begin():  # fields the API does not write: sealed on flush all the same
        for need in (await session.execute(select(AdaptationNeed).where(
                AdaptationNeed.participant_id == uuid.UUID(pid)))).scalars():
            need.employer_visible_wording = f"Skriftliga instruktioner {CANARY}"
            need.parameters = {"note": CANARY}
        session.add(ParticipantLanguage(participant_id=uuid.UUID(pid), language=f"arabiska {CANARY}", level="fluent"))

    run = (await api.call(c, "POST", "/match-runs", 202, json={"alternatives_per_participant": 1})).json()
    run = await api.wait_run(c, run["id"], timeout=120)
    assert run["status"] == "succeeded", run
    proposals = [p for p in (await api.call(c, "GET", f"/match-runs/{run['id']}/proposals", 200)).json()["items"]
                 if p["participant_id"] == pid]
    assignment = next(p for p in proposals if p["kind"] == "assignment")
    assert assignment["explanation"]
    async with db() as session, session.begin():  # an explanation quoting the person's own words
        from vta.models import Proposal

        prop = await session.get(Proposal, uuid.UUID(assignment["id"]))
        prop.explanation = {**prop.explanation, "quoted": f"laga mat {CANARY}"}
    await api.call(c, "POST", f"/proposals/{assignment['id']}/approve", 200)
    alternative = next(p for p in proposals if p["kind"] == "alternative")
    await api.call(c, "POST", f"/proposals/{alternative['id']}/reject", 200,
                   json={"reason_code": "poor_task_fit", "comment": f"Vill inte diska {CANARY}"})
    placement = (await api.call("chef", "POST", f"/employer/candidates/{assignment['id']}/accept", 201,
                                json={"start_date": utcnow().date().isoformat()})).json()["placement_id"]
    first = (await api.call(c, "GET", f"/placements/{placement}", 200)).json()["checkpoints"][0]
    for who, words in ((c, "Trivs bra"), ("chef", "Jobbar noga")):
        await api.call(who, "POST", f"/placements/{placement}/checkpoints/{first['id']}/complete", 200,
                       json={"notes": f"{words} {CANARY}", "rating": 4})
    await api.call(c, "POST", f"/placements/{placement}/support-decisions", 201, json={
        "instrument": "INTRODUCTION_JOB", "decided_by": "af", "status": "applied",
        "applied_on": utcnow().date().isoformat(), "reference_no": f"AF-{CANARY}"})
    await api.call(c, "POST", f"/placements/{placement}/end", 200,
                   json={"outcome": "employment", "reason": f"Fick jobb {CANARY}"})
    export = (await api.call(c, "GET", f"/participants/{pid}/export", 200)).json()
    for section in ("participant", "adaptation_needs", "languages", "consents", "proposals", "placements",
                    "checkpoints", "support_decisions"):
        assert CANARY in str(export[section]), section
    assert export["bip_assessments"][0]["scores"] == {"cooperation": 2, "job_search_behaviour": 1}
    return pid, other


@pytest.mark.slow
async def test_erasure_shreds_the_key_with_a_reader_open(settings: Any, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from vta.db import make_engine, make_sessionmaker

    keystore = tmp_path / "keys" / ".vta-keys.db"
    monkeypatch.setenv("VTA_KEYSTORE_PATH", str(keystore))  # this test's own key store, before any engine
    engine = make_engine(settings.database_url)
    db = make_sessionmaker(engine)
    reader: Any = None
    try:
        async with running_app(settings) as api:
            pid, other = await build_person(api, db)
            key = sqlite3.connect(keystore).execute("SELECT key FROM person_keys WHERE owner = ?",
                                                    (uuid.UUID(pid).hex,)).fetchone()[0]
            assert len(key) == 32

            # A reader holds a transaction (a snapshot with the person in it) through erasure and scans.
            if settings.is_sqlite:
                reader = sqlite3.connect(settings.database_url.split("///", 1)[1], isolation_level=None)
                reader.execute("BEGIN")
                assert reader.execute("SELECT count(*) FROM participants").fetchone()[0] == 2
            else:
                import asyncpg

                reader = await asyncpg.connect(_pg_dsn(settings.database_url))
                await reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                assert await reader.fetchval("SELECT count(*) FROM participants") == 2

            files = (sqlite_files(settings.database_url, keystore) if settings.is_sqlite
                     else [*await postgres_files(), keystore, Path(f"{keystore}-journal")])
            assert count_in_files(files, CONTROL.encode()), "the scan must see what is written in the clear"
            assert count_in_files([keystore], key), "the scan must see the key while it exists"

            await api.call("coord", "DELETE", f"/participants/{pid}", 204)

            files = (sqlite_files(settings.database_url, keystore) if settings.is_sqlite
                     else [*await postgres_files(), keystore, Path(f"{keystore}-journal")])
            assert count_in_files(files, CONTROL.encode())
            assert count_in_files(files, CANARY.encode(), any_case=True) == {}
            assert count_in_files(files, key) == {}, "the destroyed key's bytes are nowhere"
            # the reader still sees its old snapshot: the person's sealed row, unreadable now
            if settings.is_sqlite:
                sealed = reader.execute("SELECT display_name FROM participants WHERE id = ?",
                                        (uuid.UUID(pid).hex,)).fetchone()[0]
            else:
                sealed = await reader.fetchval("SELECT display_name FROM participants WHERE id = $1",
                                               uuid.UUID(pid))
            assert sealed.startswith("vk1:") and CANARY not in sealed

            # the audit says when the key went; the other person is untouched
            async with db() as session:
                from vta.models import AuditEvent

                rows = (await session.execute(select(AuditEvent.action, AuditEvent.at, AuditEvent.detail).where(
                    AuditEvent.subject_id == str(uuid.UUID(pid))).order_by(AuditEvent.at))).all()
            actions = [r.action for r in rows]
            assert actions.count("erase") == 1 and actions.count("key_destroyed") == 1
            erased_at, destroyed = (next(r for r in rows if r.action == a) for a in ("erase", "key_destroyed"))
            assert destroyed.at >= erased_at.at and destroyed.detail == {"key_existed": True}
            assert (await api.call("coord", "GET", f"/participants/{other}", 200)).json()["display_name"] == "Bo Kvar"
            await api.call("coord", "GET", f"/participants/{pid}", 404)
    finally:
        if reader is not None:
            if settings.is_sqlite:
                reader.close()
            else:
                await reader.close()
        await engine.dispose()
