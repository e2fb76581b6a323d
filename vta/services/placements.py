"""The employer's side of a proposal, placements as a state machine, and their checkpoints."""
from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from employers.models import Employer, Need
from vta import audit, reference
from vta.db import utcnow
from vta.errors import Conflict, InvalidInput, NotFound
from vta.ids import parse_id
from vta.listing import Page, fetch_page
from vta.models import (AdaptationNeed, Checkpoint, CheckpointEntry, Consent, Disclosure, Participant, Placement,
                        Proposal)
from vta.principal import Principal
from vta.sealed import seal
from vta.services import notifications
from vta.services.participants import active_consent, follow_up_fields
from vta.services.runs import check_reason, transition
from vta.services.statistics import snapshot_end, snapshot_start
from vta.vocabulary import MATCHABLE_NEED_STATUSES, OUTCOMES, PLACEMENT_STATUSES, work_level_tags

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
# The earliest day of a phase, counted from the start date: the introduction begins on the first
# day, the follow-up after the intensive first month (domain.md 11.3, week_4).
PHASE_STARTS = {"introduction": timedelta(days=0), "follow_up": timedelta(days=28)}


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


def candidates_query(who: Principal) -> Select:
    """(proposal id, need id, need title, participant id, name, skills, hours, id of the active
    share_with_employers consent): approved proposals for the caller's own open needs, of living
    participants who consent to be shown, as plain rows (no ORM objects: a list is read often).
    The consent is joined here (at most one active per scope: uq_consents_active_scope), so a page
    costs the same few queries whatever its length. The plans start from the approved proposals
    (ix_proposals_status: those awaiting an employer's answer, a passing state) or from the
    employer's needs (ix_needs_employer_page); the one employer's candidates are then sorted by
    need title, a handful of rows, never a table."""
    return (select(Proposal.id, Need.id.label("need_id"), Need.title, Participant.id.label("participant_id"),
                   Participant.display_name, Participant.skills, Participant.hours_max, Consent.id.label("consent_id"))
            .join(Need, Need.id == Proposal.need_id).join(Participant, Participant.id == Proposal.participant_id)
            .join(Consent, and_(Consent.participant_id == Proposal.participant_id,
                                Consent.scope == "share_with_employers", Consent.withdrawn_at.is_(None)))
            .where(Need.employer_id == who.employer_id, Proposal.status == "approved",
                   Need.status.in_(MATCHABLE_NEED_STATUSES), Participant.erased_at.is_(None))
            .order_by(Need.title, Proposal.created_at, Proposal.id))


_ADAPTATION_TAGS_OF = (select(AdaptationNeed.participant_id, AdaptationNeed.tag)
                       .where(AdaptationNeed.participant_id.in_(bindparam("people", expanding=True))))
_DISCLOSE = insert(Disclosure.__table__)


async def list_candidates(session: AsyncSession, who: Principal,
                          page: Page | None = None) -> tuple[list[dict[str, Any]], int]:
    """Approved proposals for the caller's own needs, consented participants only, work-level data
    only; one page of them and how many there are. Each one shown is a disclosure, recorded with
    its audit row before anything is returned (fail closed: vta.audit)."""
    who.require("employer")
    rows, total = await fetch_page(session, candidates_query(who), page or Page(), scalars=False)
    visible_tags, tags = work_level_tags(), defaultdict(list)
    if rows:
        await session.execute(_DISCLOSE, [
            {"user_id": who.user_id, "employer_id": who.employer_id, "participant_id": r.participant_id,
             "consent_id": r.consent_id, "proposal_id": r.id} for r in rows])
        for person, tag in await session.execute(_ADAPTATION_TAGS_OF, {"people": [r.participant_id for r in rows]}):
            if tag in visible_tags:
                tags[person].append(tag)
    await audit.record_many(session, who, [
        *(audit.Event("disclose", "participant", r.participant_id,
                      {"proposal": str(r.id), "consent": str(r.consent_id)}) for r in rows),
        audit.Event("disclose", "candidates", who.employer_id, {"count": len(rows)})])
    return [{"proposal_id": str(r.id), "need_id": str(r.need_id), "need_title": r.title,
             "display_name": r.display_name, "skills": list(r.skills), "adaptations": sorted(tags[r.participant_id]),
             "hours_max": r.hours_max} for r in rows], total


MAX_START_AHEAD = timedelta(days=366)  # a start further ahead than a year is a typing error, not a plan


def check_start_date(start_date: date) -> None:
    if start_date < today():
        raise InvalidInput(f"start_date must be today ({today().isoformat()}) or later.")
    if start_date > today() + MAX_START_AHEAD:
        raise InvalidInput(f"start_date must be within a year from today (by {(today() + MAX_START_AHEAD).isoformat()}).")


async def accept_candidate(session: AsyncSession, who: Principal, proposal_id: object, start_date: date) -> Placement:
    proposal, need = await _employer_proposal(session, who, proposal_id)
    if proposal.status != "approved":
        raise Conflict(f"This candidate is {proposal.status}, not awaiting your answer.")
    check_start_date(start_date)
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
    await schedule_checkpoints(session, placement.id, start_date)
    # A filled need shows no more candidates: what still waited for it can no longer go anywhere.
    if (await session.execute(select(Need.status).where(Need.id == need.id))).scalar() == "filled":
        await session.execute(update(Proposal).where(
            Proposal.need_id == need.id, Proposal.status.in_(("proposed", "approved")), Proposal.id != proposal.id)
            .values(status="expired"))
    await snapshot_start(session, placement)
    await audit.record(session, who, "accept", "placement", placement.id, participant=str(proposal.participant_id))
    await notifications.candidate_answered(session, proposal, need, "candidate_accepted")
    return placement


_SCHEDULE = insert(Checkpoint.__table__)


async def schedule_checkpoints(session: AsyncSession, placement_id: uuid.UUID, start: date) -> None:
    """A new placement's checkpoints, in one plain INSERT (nothing in them is sealed yet)."""
    await session.execute(_SCHEDULE, [
        {"placement_id": placement_id, "kind": item["kind"], "due_date": start + timedelta(days=item["offset_days"])}
        for item in reference.start_checkpoints("default")])


async def decline_candidate(session: AsyncSession, who: Principal, proposal_id: object, reason_code: str) -> Proposal:
    proposal, need = await _employer_proposal(session, who, proposal_id)
    check_reason(reason_code, "employer_decline")
    proposal = await transition(session, proposal, who, from_status="approved", to_status="declined",
                                reason_code=reason_code)
    await notifications.candidate_answered(session, proposal, need, "candidate_declined")
    return proposal


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


EARLY_COMPLETION = timedelta(days=14)  # a checkpoint due further ahead cannot be done yet


def side_of(who: Principal) -> str:
    return "employer" if who.role == "employer" else "coordinator"


_ENTRY = insert(CheckpointEntry.__table__)


async def complete_checkpoint(session: AsyncSession, who: Principal, placement_id: object, checkpoint_id: object,
                              notes: str | None, rating: int | None) -> Checkpoint:
    """Record the caller's side of a checkpoint (coordinator or employer, kept apart). The first
    entry marks the checkpoint done; the other side may still add its own. A side writes once (409)."""
    placement = await get_placement(session, who, placement_id)
    cid = parse_id(checkpoint_id, "Checkpoint")
    cp = (await session.execute(select(Checkpoint).where(Checkpoint.id == cid,
                                                         Checkpoint.placement_id == placement.id))).scalar()
    if cp is None:
        raise NotFound("Checkpoint")
    if rating is not None and not 1 <= rating <= 5:
        raise InvalidInput("rating must be from 1 to 5.")
    if cp.due_date > today() + EARLY_COMPLETION:
        raise Conflict(f"This checkpoint is due {cp.due_date.isoformat()}; it can be completed from "
                       f"{(cp.due_date - EARLY_COMPLETION).isoformat()}.")
    if cp.status == "skipped":
        raise Conflict("This checkpoint was skipped when the placement ended.")
    side = side_of(who)
    if (await session.execute(select(CheckpointEntry.id).where(CheckpointEntry.checkpoint_id == cp.id,
                                                               CheckpointEntry.side == side))).scalar():
        raise Conflict(f"The {side}'s entry for this checkpoint is already written.")
    # (two writers at once: the unique (checkpoint, side) makes the second one a 409). A plain
    # INSERT, sealed for the placement's participant here: the ORM would look the owner up again.
    await session.execute(_ENTRY, {"checkpoint_id": cp.id, "side": side, "author_id": who.user_id,
                                   "author_role": who.role, "notes": seal(session, placement.participant_id, notes),
                                   "rating": rating})
    await session.execute(update(Checkpoint).where(Checkpoint.id == cp.id, Checkpoint.status == "scheduled")
                          .values(status="done", done_at=utcnow(), completed_by=who.user_id))
    await session.refresh(cp)
    await audit.record(session, who, "complete", "checkpoint", cp.id, placement=str(placement.id), side=side)
    return cp


async def entries_of(session: AsyncSession, who: Principal, checkpoint_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[CheckpointEntry]]:
    """Each checkpoint's entries the caller may read: an employer reads only the employer's side."""
    if not checkpoint_ids:
        return {}
    stmt = select(CheckpointEntry).where(CheckpointEntry.checkpoint_id.in_(checkpoint_ids)).order_by(
        CheckpointEntry.written_at)
    if who.role == "employer":
        stmt = stmt.where(CheckpointEntry.side == "employer")
    out: dict[uuid.UUID, list[CheckpointEntry]] = {}
    for entry in (await session.execute(stmt)).scalars():
        out.setdefault(entry.checkpoint_id, []).append(entry)
    return out


async def move_placement(session: AsyncSession, who: Principal, placement_id: object, to_status: str) -> Placement:
    placement = await get_placement(session, who, placement_id)
    if to_status not in TRANSITIONS:
        raise InvalidInput(f"status must be one of {', '.join(TRANSITIONS)}.")
    if to_status in ENDED:
        raise InvalidInput("End a placement with POST /placements/{id}/end, which records its outcome.")
    if to_status not in TRANSITIONS[placement.status]:
        raise Conflict(f"A placement in {placement.status} cannot move to {to_status}.")
    earliest = PHASE_STARTS.get(to_status)
    if earliest is not None and today() < placement.start_date + earliest:
        raise Conflict(f"The {to_status} phase begins on {(placement.start_date + earliest).isoformat()}; "
                       "a phase cannot move ahead of the calendar.")
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
                                  .values(status=status, active=False, outcome=outcome,
                                          end_reason=seal(session, placement.participant_id, reason),
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


def placements_query(who: Principal, *, status: str | None = None) -> Select:
    """Newest start first. An employer's placements are read backwards along
    ix_placements_employer_page (employer_id, start_date, id), already in order; a coordinator's
    come employer by employer through the same index and are sorted (placements carry no
    association of their own): one association's placements, never the table."""
    stmt = select(Placement).join(Employer, Employer.id == Placement.employer_id).order_by(
        Placement.start_date.desc(), Placement.id.desc())
    if who.role == "coordinator":
        stmt = stmt.where(Employer.association_id == who.association_id)
    elif who.role == "employer":
        stmt = stmt.where(Placement.employer_id == who.employer_id)
    if status is not None:
        stmt = stmt.where(Placement.status == PLACEMENT_STATUSES.check(status, "status"))
    return stmt


async def list_placements(session: AsyncSession, who: Principal, page: Page, *, status: str | None = None,
                          participant_id: object = None, need_id: object = None) -> tuple[list[Placement], int]:
    """Coordinators: their association's placements; employers: their own; admins: all. Newest start first."""
    from employers.services import get_need
    from vta.services.participants import get_participant

    who.require("admin", "coordinator", "employer")
    stmt = placements_query(who, status=status)
    if participant_id is not None:
        if who.role == "employer":  # an employer knows a participant only through its own placements
            pid = parse_id(participant_id, "Participant")
            if (await session.execute(select(Placement.id).where(Placement.participant_id == pid,
                                                                 Placement.employer_id == who.employer_id)
                                      .limit(1))).scalar() is None:
                raise NotFound("Participant")
        else:
            pid = (await get_participant(session, who, participant_id)).id
        stmt = stmt.where(Placement.participant_id == pid)
    if need_id is not None:
        stmt = stmt.where(Placement.need_id == (await get_need(session, who, need_id)).id)
    rows, total = await fetch_page(session, stmt, page)
    await audit.record(session, who, "list", "placement", None, count=len(rows))
    return rows, total


__all__ = ["accept_candidate", "list_placements", "entries_of", "checkpoint_status", "checkpoints_of", "complete_checkpoint",
           "decline_candidate", "end_placement", "get_placement", "list_candidates", "move_placement"]
