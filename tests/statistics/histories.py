"""Placement histories written straight into the tables: one employer, its workplace and need,
one participant per placement. Dates and outcomes are given; nothing else matters to statistics."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from employers.models import Employer, Need, Workplace
from vta.demo import _synthetic_orgnr
from vta.models import Participant, Placement
from vta.principal import Principal
from vta.services.accounts import default_association

ADMIN = Principal(user_id=None, role="admin")


@dataclass
class Story:
    start: date
    ended: date | None = None  # None: still active
    outcome: str | None = None
    gender: str | None = None
    birth_year: int | None = None
    income_source: str | None = None
    occupation: str | None = None
    registered: date | None = None


async def employer(session: AsyncSession, name: str, n: int, association_id: uuid.UUID | None = None,
                   csr: bool = True) -> tuple[Employer, Need]:
    association_id = association_id or (await default_association(session)).id
    e = Employer(association_id=association_id, name=name, org_number=_synthetic_orgnr(700 + n), sector="private",
                 csr_partner=csr)
    session.add(e)
    await session.flush()
    wp = Workplace(employer_id=e.id, name=f"{name} kök", latitude=58.41, longitude=15.62, supervisor_capacity=50)
    session.add(wp)
    await session.flush()
    need = Need(workplace_id=wp.id, employer_id=e.id, title="Köksbiträde", slots=100, hours_min=10, hours_max=30,
                placement_types=["work_training"], swedish_level_required="basic")
    session.add(need)
    await session.flush()
    return e, need


async def add_stories(session: AsyncSession, need: Need, stories: list[Story], association_id: uuid.UUID | None = None,
                      **extra: Any) -> list[Placement]:
    from vta.services.statistics import snapshot_end, snapshot_start

    association_id = association_id or (await default_association(session)).id
    out = []
    for s in stories:
        registered = datetime.combine(s.registered or s.start, time(9), tzinfo=UTC)
        p = Participant(association_id=association_id, display_name="Testperson", latitude=58.4, longitude=15.6,
                        max_travel_km=20, hours_max=30, swedish_level="good", created_at=registered,
                        gender=s.gender, birth_year=s.birth_year, income_source=s.income_source,
                        occupation=s.occupation)
        session.add(p)
        await session.flush()
        pl = Placement(participant_id=p.id, need_id=need.id, workplace_id=need.workplace_id,
                       employer_id=need.employer_id, start_date=s.start, status="introduction", active=True)
        session.add(pl)
        await session.flush()
        await snapshot_start(session, pl)
        if s.ended is not None:
            pl.active, pl.outcome = False, s.outcome
            pl.status = "ended_early" if s.outcome == "ended_early" else "completed"
            pl.ended_at = datetime.combine(s.ended, time(12), tzinfo=UTC)
            await snapshot_end(session, pl)
        out.append(pl)
    await session.flush()
    return out
