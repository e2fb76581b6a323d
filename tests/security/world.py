"""Tenants for the security tests, built through the services (not HTTP) for speed, plus helpers to
fingerprint every row of every table."""
from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from employers import services as employers
from employers import support as employer_support
from tests.api.conftest import PASSWORD
from vta.db import Base
from vta.demo import _synthetic_orgnr
from vta.models import Association, Checkpoint, MatchRun, Notification, Proposal
from vta.principal import Principal
from vta.services import accounts, deviations, participants, placements

CANARY = "KANARIEFÅGEL-7f3a"


@dataclass
class Tenant:
    name: str
    association_id: uuid.UUID
    ids: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    tenants: dict[str, Tenant]
    emails: dict[str, str]
    api: Any = None
    db: Any = None


def principal(user: Any) -> Principal:
    return accounts.principal_of(user)


async def _user(session: AsyncSession, email: str, role: str, *, employer_id: uuid.UUID | None = None,
                association_id: uuid.UUID | None = None) -> Any:
    return await accounts.create_user(session, email=email, password=PASSWORD, role=role, employer_id=employer_id,
                                      association_id=association_id)


def participant_fields(name: str, **over: Any) -> dict[str, Any]:
    fields = dict(display_name=name, latitude=58.42, longitude=15.62, max_travel_km=30.0, hours_max=30,
                  placement_types=["work_training"], goals="Jag vill arbeta i kök.",
                  interests="Matlagning och bakning.", experience="Praktik i skolkök.",
                  skills=["matlagning", "disk"], swedish_level="good", driving_licence=False,
                  adaptation_needs=[participants.AdaptationIn("written_instructions")], excluded_employer_ids=[])
    fields.update(over)
    return fields


async def build_tenant(session: AsyncSession, coord: Any, name: str, n: int) -> Tenant:
    """An employer (a CSR partner) with a workplace and a need; three consenting participants; a
    finished match run with one proposal awaiting the coordinator, one approved (awaiting the
    employer) and one accepted into a placement with its checkpoints; an employer and a CSR user."""
    cp = principal(coord)
    employer = await employers.create_employer(session, cp, name=f"{name} AB", org_number=_synthetic_orgnr(500 + n),
                                               sector="private", csr_partner=True)
    wp = await employers.create_workplace(session, cp, employer.id, name=f"{name} kök", latitude=58.41,
                                          longitude=15.62, municipality_code="0580", supervisor_capacity=5)
    need = await employers.create_need(
        session, cp, workplace_id=wp.id, title=f"Köksbiträde {name}", description="Disk och förberedelser.",
        tasks=[employers.TaskIn("Diska", "Efter lunch.")], slots=3, hours_min=10, hours_max=30,
        placement_types=["work_training"], adaptations_offered=["written_instructions"], skills=["Disk"],
        swedish_level_required="basic", driving_licence_required=False)
    people = []
    for i in range(3):
        p = await participants.create_participant(session, cp, **participant_fields(f"{name} Person {i}"))
        await participants.give_consent(session, cp, p.id, "share_with_employers")
        people.append(p)
    run = MatchRun(association_id=coord.association_id, created_by=coord.id, status="succeeded", progress=1.0,
                   proposal_count=3, params={})
    session.add(run)
    await session.flush()
    props = [Proposal(run_id=run.id, participant_id=p.id, need_id=need.id, kind="assignment", rank=1,
                      score=Decimal("0.5"), explanation={"terms": ["disk"]}, status=status)
             for p, status in zip(people, ("proposed", "approved", "approved"))]
    session.add_all(props)
    await session.flush()
    emp = await _user(session, f"emp-{name.lower()}@test.se", "employer", employer_id=employer.id)
    await _user(session, f"csr-{name.lower()}@test.se", "csr", employer_id=employer.id)
    placement = await placements.accept_candidate(session, principal(emp), props[2].id, placements.today())
    checkpoint = (await session.execute(select(Checkpoint).where(Checkpoint.placement_id == placement.id)
                                        .order_by(Checkpoint.due_date))).scalars().first()
    support = await employer_support.record_decision(session, cp, placement.id, instrument="SIUS", decided_by="af",
                                                     status="applied", applied_on=placements.today(),
                                                     valid_from=None, valid_to=None)
    report = await deviations.create_report(session, cp, category="cannot_reach_unit", involved_orgs=["fk"],
                                            description="Handläggaren gick inte att nå på tre veckor.",
                                            suggested_improvement=None)
    note = Notification(dedup_key=f"test:{name}", user_id=coord.id, kind="proposals_waiting", subject="3 förslag")
    session.add(note)
    await session.flush()
    t = Tenant(name, coord.association_id)
    t.ids = {"support_decision": str(support.id), "deviation_report": str(report.id),"employer": str(employer.id), "workplace": str(wp.id), "need": str(need.id),
             "participant": str(people[0].id), "run": str(run.id), "proposal_proposed": str(props[0].id),
             "proposal_approved": str(props[1].id), "placement": str(placement.id),
             "checkpoint": str(checkpoint.id), "user": str(emp.id), "notification": str(note.id),
             "association": str(coord.association_id)}
    return t


async def build_world(sessionmaker: async_sessionmaker[AsyncSession]) -> World:
    async with sessionmaker() as session, session.begin():
        admin = await _user(session, "admin@test.se", "admin")
        assoc_a = admin.association_id  # the default association
        assoc_b = Association(name="Samordningsförbundet B")
        session.add(assoc_b)
        await session.flush()
        coord_a = await _user(session, "coord-a@test.se", "coordinator", association_id=assoc_a)
        coord_b = await _user(session, "coord-b@test.se", "coordinator", association_id=assoc_b.id)
        tenants = {"A1": await build_tenant(session, coord_a, "A1", 1),
                   "A2": await build_tenant(session, coord_a, "A2", 2),
                   "B": await build_tenant(session, coord_b, "B", 3)}
    emails = {"admin": "admin@test.se", "coordA": "coord-a@test.se", "coordB": "coord-b@test.se"}
    for t in tenants:
        emails[f"emp{t}"] = f"emp-{t.lower()}@test.se"
        emails[f"csr{t}"] = f"csr-{t.lower()}@test.se"
    return World(tenants=tenants, emails=emails)


# --- fingerprints ------------------------------------------------------------------------------

async def table_fingerprints(sessionmaker: async_sessionmaker[AsyncSession],
                             skip: tuple[str, ...] = ()) -> dict[str, tuple[int, str]]:
    """(row count, SHA-256 over every row in primary-key order) for every table of the schema."""
    out: dict[str, tuple[int, str]] = {}
    async with sessionmaker() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in skip:
                continue
            rows = (await session.execute(select(table).order_by(*table.primary_key.columns))).all()
            digest = hashlib.sha256()
            for row in rows:
                digest.update(repr(tuple(row)).encode())
            out[table.name] = (len(rows), digest.hexdigest())
    return out


async def count(sessionmaker: async_sessionmaker[AsyncSession], sql: str, **params: Any) -> int:
    async with sessionmaker() as session:
        return int((await session.execute(text(sql), params)).scalar_one())


async def user_by_email(session: AsyncSession, email: str) -> Any:
    from vta.models import User

    return (await session.execute(select(User).where(User.email == email))).scalar_one()


async def add_candidate(db: async_sessionmaker[AsyncSession], world: World, tenant: str, coord_email: str, *,
                        consent: bool = True, status: str = "approved", **fields: Any) -> tuple[str, str]:
    """A participant of `tenant`'s association with a proposal for the tenant's need in its run.
    Returns (participant id, proposal id)."""
    t = world.tenants[tenant]
    async with db() as session, session.begin():
        cp = principal(await user_by_email(session, coord_email))
        p = await participants.create_participant(session, cp, **participant_fields(fields.pop("display_name", "X"),
                                                                                    **fields))
        if consent:
            await participants.give_consent(session, cp, p.id, "share_with_employers")
        prop = Proposal(run_id=uuid.UUID(t.ids["run"]), participant_id=p.id, need_id=uuid.UUID(t.ids["need"]),
                        kind="assignment", rank=1, score=Decimal("0.6"), explanation={}, status=status)
        session.add(prop)
        await session.flush()
        return str(p.id), str(prop.id)
