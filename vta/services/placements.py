"""The employer's side of a proposal, placements as a state machine, and their checkpoints."""
from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from employers.models import Employer, Need
from vta import audit, reference
from vta.db import utcnow
from vta.errors import Conflict, InvalidInput, NotFound
from vta.ids import parse_id
from vta.models import Checkpoint, Disclosure, Participant, Placement, Proposal
from vta.principal import Principal
from vta.services.matching import check_reason, transition
from vta.services.participants import active_consent, follow_up_fields
from vta.services.statistics import snapshot_end, snapshot_start
from vta.vocabulary import OUTCOMES, work_level_tags

# domain.md §11.2. Ending is allowed from every state that is not already an end.
TRANSITIONS: dict[str, set[str]] = {
    "agreeing": {"ready_to_start"},
    "ready_to_start": {"introduction", "agreeing"},
    "introduction": {"follow_up", "on_hold"},
    "follow_up": {"on_hold"},
    "on_hold": {"introduction", "follow_up"},
    "completed": set(),
    "ended_early": set(),
}
ENDED = ("completed", "ended_early")


def today() -> date:
    return utcnow().date()


async def _employer_proposal(session: AsyncSession, who: Principal, proposal_id: object) -> tuple[Proposal, Need]:
    who.require("employer", "admin")
    pid = parse_id(proposal_id, "Candidate")
    stmt = select(Proposal, Need).join(Need, Need.id == Proposal.need_id).where(Proposal.id == pid)
    if who.role == "employer":
        stmt = stmt.where(Need.employer_id == who.employer_id)
    row = (await session.execute(stmt)).first()
    if row is None:
        raise NotFound("Candidate")
    proposal, need = row
    # Without an active consent the employer may not even know the candidate exists.
    if proposal.status == "approved" and await active_consent(session, proposal.participant_id,
                                                              "share_with_employers") is None:
        raise NotFound("Candidate")
    return proposal, need


async def list_candidates(session: AsyncSession, who: Principal) -> list[dict[str, Any]]:
    """Approved proposals for the caller's own needs, consented participants only, work-level data only."""
    who.require("employer")
    rows = (await session.execute(
        select(Proposal, Need, Participant)
        .join(Need, Need.id == Proposal.need_id).join(Participant, Participant.id == Proposal.participant_id)
        .options(selectinload(Participant.adaptation_needs))
        .where(Need.employer_id == who.employer_id, Proposal.status == "approved",
               Participant.erased_at.is_(None))
        .order_by(Need.title, Proposal.created_at))).all()
    shown, visible_tags = [], work_level_tags()
    for proposal, need, person in rows:
        consent = await active_consent(session, person.id, "share_with_employers")
        if consent is None:
            continue
        session.add(Disclosure(user_id=who.user_id, employer_id=who.employer_id, participant_id=person.id,
                               consent_id=consent.id, proposal_id=proposal.id))
        await audit.record(session, who, "disclose", "participant", person.id, proposal=str(proposal.id),
                           consent=str(consent.id))
        shown.append({
            "proposal_id": str(proposal.id), "need_id": str(need.id), "need_title": need.title,
            "display_name": person.display_name, "skills": list(person.skills),
            "adaptations": sorted(a.tag for a in person.adaptation_needs if a.tag in visible_tags),
            "hours_max": person.hours_max,
        })
    await audit.record(session, who, "disclose", "candidates", who.employer_id, count=len(shown))
    return shown


async def accept_candidate(session: AsyncSession, who: Principal, proposal_id: object, start_date: date) -> Placement:
    proposal, need = await _employer_proposal(session, who, proposal_id)
    if proposal.status != "approved":
        raise Conflict(f"This candidate is {proposal.status}, not awaiting your answer.")
    # Take a slot with one conditional UPDATE: of two concurrent accepts for the last slot,
    # exactly one matches the WHERE clause.
    took = await session.execute(
        update(Need).where(Need.id == need.id, Need.filled_slots < Need.slots,
                           Need.status.in_(("open", "partially_filled")))
        .values(filled_slots=Need.filled_slots + 1,
                status=case((Need.filled_slots + 1 >= Need.slots, "filled"), else_="partially_filled")))
    if took.rowcount != 1:
        raise Conflict("All slots of this need are already taken.")
    await transition(session, proposal, who, from_status="approved", to_status="accepted")
    placement = Placement(proposal_id=proposal.id, participant_id=proposal.participant_id, need_id=need.id,
                          workplace_id=need.workplace_id, employer_id=need.employer_id, start_date=start_date,
                          placement_type=(need.placement_types or [None])[0], status="agreeing")
    session.add(placement)
    try:
        await session.flush()
    except IntegrityError:  # the participant got another active placement meanwhile
        raise Conflict("This participant already has an active placement.") from None
    session.add_all(schedule_checkpoints(placement.id, start_date))
    await snapshot_start(session, placement)
    await audit.record(session, who, "accept", "placement", placement.id, participant=str(proposal.participant_id))
    return placement


def schedule_checkpoints(placement_id: uuid.UUID, start: date) -> list[Checkpoint]:
    return [Checkpoint(placement_id=placement_id, kind=item["kind"], due_date=start + timedelta(days=item["offset_days"]))
            for item in reference.start_checkpoints("default")]


async def decline_candidate(session: AsyncSession, who: Principal, proposal_id: object, reason_code: str) -> Proposal:
    proposal, _need = await _employer_proposal(session, who, proposal_id)
    check_reason(reason_code, "employer_decline")
    return await transition(session, proposal, who, from_status="approved", to_status="declined",
                            reason_code=reason_code)


async def get_placement(session: AsyncSession, who: Principal, placement_id: object) -> Placement:
    who.require("admin", "coordinator", "employer")
    pid = parse_id(placement_id, "Placement")
    stmt = select(Placement).join(Employer, Employer.id == Placement.employer_id).where(Placement.id == pid)
    if who.role == "coordinator":
        stmt = stmt.where(Employer.association_id == who.association_id)
    elif who.role == "employer":
        stmt = stmt.where(Placement.employer_id == who.employer_id)
    placement = (await session.execute(stmt)).scalar()
    if placement is None:
        raise NotFound("Placement")
    await audit.record(session, who, "read", "placement", placement.id)
    return placement


async def checkpoints_of(session: AsyncSession, placement_id: uuid.UUID) -> list[Checkpoint]:
    return list((await session.execute(select(Checkpoint).where(Checkpoint.placement_id == placement_id)
                                       .order_by(Checkpoint.due_date, Checkpoint.kind))).scalars())


def checkpoint_status(cp: Checkpoint, on: date | None = None) -> str:
    if cp.status == "scheduled" and cp.due_date < (on or today()):
        return "overdue"
    return cp.status


async def complete_checkpoint(session: AsyncSession, who: Principal, placement_id: object, checkpoint_id: object,
                              notes: str | None, rating: int | None) -> Checkpoint:
    placement = await get_placement(session, who, placement_id)
    cid = parse_id(checkpoint_id, "Checkpoint")
    cp = (await session.execute(select(Checkpoint).where(Checkpoint.id == cid,
                                                         Checkpoint.placement_id == placement.id))).scalar()
    if cp is None:
        raise NotFound("Checkpoint")
    if rating is not None and not 1 <= rating <= 5:
        raise InvalidInput("rating must be from 1 to 5.")
    done = await session.execute(update(Checkpoint).where(Checkpoint.id == cp.id, Checkpoint.status == "scheduled")
                                 .values(status="done", done_at=utcnow(), notes=notes, rating=rating,
                                         completed_by=who.user_id))
    if done.rowcount != 1:
        raise Conflict(f"This checkpoint is already {cp.status}.")
    await session.refresh(cp)
    await audit.record(session, who, "complete", "checkpoint", cp.id, placement=str(placement.id))
    return cp


async def move_placement(session: AsyncSession, who: Principal, placement_id: object, to_status: str) -> Placement:
    placement = await get_placement(session, who, placement_id)
    if to_status not in TRANSITIONS:
        raise InvalidInput(f"status must be one of {', '.join(TRANSITIONS)}.")
    if to_status in ENDED:
        raise InvalidInput("End a placement with POST /placements/{id}/end, which records its outcome.")
    if to_status not in TRANSITIONS[placement.status]:
        raise Conflict(f"A placement in {placement.status} cannot move to {to_status}.")
    moved = await session.execute(update(Placement).where(Placement.id == placement.id,
                                                          Placement.status == placement.status)
                                  .values(status=to_status))
    if moved.rowcount != 1:
        raise Conflict("The placement changed meanwhile; reload and try again.")
    await session.refresh(placement)
    await audit.record(session, who, "move", "placement", placement.id, to=to_status)
    return placement


async def end_placement(session: AsyncSession, who: Principal, placement_id: object, outcome: str,
                        reason: str | None, income_source: str | None = None,
                        occupation: str | None = None) -> Placement:
    placement = await get_placement(session, who, placement_id)
    OUTCOMES.check(outcome, "outcome")
    follow_up_fields(income_source=income_source, occupation=occupation)
    status = "ended_early" if outcome == "ended_early" else "completed"
    ended = await session.execute(update(Placement).where(Placement.id == placement.id, Placement.active)
                                  .values(status=status, active=False, outcome=outcome, end_reason=reason,
                                          ended_at=utcnow()))
    if ended.rowcount != 1:
        raise Conflict(f"This placement has already ended ({placement.status}).")
    await session.execute(update(Checkpoint).where(Checkpoint.placement_id == placement.id,
                                                   Checkpoint.status == "scheduled",
                                                   Checkpoint.due_date > today()).values(status="skipped"))
    session.add_all([Checkpoint(placement_id=placement.id, kind=item["kind"],
                                due_date=today() + timedelta(days=item["offset_days"]))
                     for item in reference.end_checkpoints("default")])
    await session.flush()
    await session.refresh(placement)
    await snapshot_end(session, placement, income_source, occupation)
    await audit.record(session, who, "end", "placement", placement.id, placement_outcome=outcome)
    return placement


__all__ = ["accept_candidate", "checkpoint_status", "checkpoints_of", "complete_checkpoint",
           "decline_candidate", "end_placement", "get_placement", "list_candidates", "move_placement"]
