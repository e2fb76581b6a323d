"""What would open a need (or a workplace): talking points for the coordinator's next visit,
computed by matching/openers.py over the association's participants."""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import matching as engine
from matching.openers import openers
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from employers.models import Employer, Need, Workplace
from employers.services import get_need, get_workplace
from vta import audit
from vta.models import Consent, Participant, Placement, Proposal
from vta.principal import Principal
from vta.services.matching import BLOCKING_STATUSES, to_engine_participant


def _engine_need(need: Need, wp: Workplace) -> engine.Need:
    return engine.Need(
        id=str(need.id), employer_id=str(need.employer_id), workplace_id=str(wp.id), latitude=wp.latitude,
        longitude=wp.longitude, title=need.title, description=need.description, tasks=(),
        free_slots=max(0, need.slots - need.filled_slots), hours_min=need.hours_min, hours_max=need.hours_max,
        placement_types=frozenset(need.placement_types), adaptations_offered=frozenset(need.adaptations_offered),
        skills=tuple(need.skills), swedish_level_required=need.swedish_level_required,
        driving_licence_required=need.driving_licence_required)


async def _participants(session: AsyncSession, association_id: uuid.UUID) -> list[engine.Participant]:
    """The association's participants who are not in an active placement (as a match run takes them)."""
    people = (await session.execute(
        select(Participant).options(selectinload(Participant.adaptation_needs), selectinload(Participant.exclusions))
        .where(Participant.erased_at.is_(None), Participant.association_id == association_id,
               Participant.id.not_in(select(Placement.participant_id).where(Placement.active))))).scalars().all()
    consenting = set((await session.execute(select(Consent.participant_id).where(
        Consent.scope == "share_with_employers", Consent.withdrawn_at.is_(None)))).scalars())
    return [to_engine_participant(p, p.id in consenting, False) for p in people]


async def _report(session: AsyncSession, who: Principal, needs: Sequence[Need], wp: Workplace,
                  subject: tuple[str, uuid.UUID]) -> dict[str, Any]:
    association_id = (await session.execute(select(Employer.association_id).where(
        Employer.id == wp.employer_id))).scalar_one()
    people = await _participants(session, association_id)
    blocked = {(str(p), str(n)) for p, n in (await session.execute(
        select(Proposal.participant_id, Proposal.need_id).where(
            Proposal.status.in_(BLOCKING_STATUSES), Proposal.need_id.in_([n.id for n in needs])))).all()}
    result = openers(people, [_engine_need(n, wp) for n in needs], [engine.Workplace(str(wp.id), 1)],
                     blocked_pairs=blocked)
    # derived from the participants' profiles (counts only): recorded like any read of them
    await audit.record(session, who, "read", f"{subject[0]}_openers", subject[1], participants=result.participants)
    return {"participants": result.participants, "feasible_now": result.feasible_now,
            "items": [{"kind": o.kind, "change": o.change, "opened": o.opened} for o in result.openers]}


async def need_openers(session: AsyncSession, who: Principal, need_id: object) -> dict[str, Any]:
    who.require("admin", "coordinator")
    need = await get_need(session, who, need_id)
    wp = await get_workplace(session, who, need.workplace_id)
    return {"need_id": str(need.id), **await _report(session, who, [need], wp, ("need", need.id))}


async def workplace_openers(session: AsyncSession, who: Principal, workplace_id: object) -> dict[str, Any]:
    """For every need of the workplace that is not closed or filled: one change applied to all of them."""
    who.require("admin", "coordinator")
    wp = await get_workplace(session, who, workplace_id)
    needs = list((await session.execute(select(Need).where(
        Need.workplace_id == wp.id, Need.status.not_in(("closed", "filled"))).order_by(Need.id))).scalars())
    if not needs:
        return {"workplace_id": str(wp.id), "participants": 0, "feasible_now": 0, "items": []}
    return {"workplace_id": str(wp.id), **await _report(session, who, needs, wp, ("workplace", wp.id))}


__all__ = ["need_openers", "workplace_openers"]
