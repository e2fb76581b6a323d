"""A match run's request side: start a run, read runs and their proposals, review proposals.

The executor (loading the world, running the engine, storing the result) is in
vta/services/matching.py; the background task that calls it is in vta/tasks.py.

Review follows responsibility: a proposal is reviewed by the coordinators of the participant it
concerns (their association), whoever started the run. A run an administrator started over every
association is visible to every coordinator, who sees and reviews only the proposals of their
own participants.
"""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from employers.models import Employer, Need, Workplace
from employers.services import scope_needs
from vta import audit
from vta.db import utcnow
from vta.errors import Conflict, InvalidInput, NotFound
from vta.ids import parse_id
from vta.listing import Page, fetch_page
from vta.models import MatchRun, Participant, Placement, Proposal, ProposalEvent
from vta.principal import Principal
from vta.sealed import seal
from vta.services.participants import scope_participants
from vta.settings import Settings
from vta.uow import defer
from vta.vocabulary import MATCHABLE_NEED_STATUSES, PROPOSAL_KINDS, PROPOSAL_STATUSES, RUN_STATUSES, reason_codes


# --- the timing of a run, in one place -----------------------------------------------------------

MAX_JOB_SECONDS = 45  # arq retries a dead worker's job after (largest timeout + 10 s): keep it within a minute
RUN_MATCH_MAX_ATTEMPTS = 3  # a run interrupted this many times is recorded as failed, never left running
STOP_MARGIN_S = 3  # a run stops this long before its job's limit, so its row can say why
STOP_WAIT_S = 2.0  # a stopped run waits this long for its engine thread (within the margin above)
MAX_CONTINUATIONS = 50  # about half an hour of encoding for one run, in budget-sized steps
STALE_AFTER_S = 15  # beyond the job timeout: a 'running' run older than that is not running any more
ENQUEUE_GRACE_S = 2  # the request's own enqueue is given this long before the reconciler enqueues
ENCODE_TIMEOUT_S = 30  # pre-encoding one text


def job_timeout(settings: Settings) -> int:
    """The queue's hard limit for one job (seconds)."""
    return max(5, min(settings.job_timeout_seconds, MAX_JOB_SECONDS))


def run_budget(settings: Settings) -> float:
    """How long a match run may take before the task stops it and records it as failed; a little
    under the queue's limit so the run's row says why, instead of being killed by the queue."""
    return job_timeout(settings) - STOP_MARGIN_S


def run_job_id(run_id: uuid.UUID) -> str:
    return f"match-run:{run_id}"


def _ids(values: Sequence[str] | None, field: str) -> list[uuid.UUID] | None:
    if values is None:
        return None
    try:
        return sorted({uuid.UUID(str(v)) for v in values})
    except ValueError:
        raise InvalidInput(f"{field} must be a list of ids.") from None


async def create_run(session: AsyncSession, who: Principal, *, need_ids: Sequence[str] | None = None,
                     participant_ids: Sequence[str] | None = None,
                     alternatives_per_participant: int | None = None) -> MatchRun:
    who.require("admin", "coordinator")
    needs = _ids(need_ids, "need_ids")
    people = _ids(participant_ids, "participant_ids")
    if needs:
        found = set((await session.execute(scope_needs(select(Need.id).where(Need.id.in_(needs)), who))).scalars())
        if found != set(needs):
            raise InvalidInput("need_ids names needs that do not exist.")
    if people:
        found = set((await session.execute(scope_participants(
            select(Participant.id).where(Participant.id.in_(people), Participant.erased_at.is_(None)), who))).scalars())
        if found != set(people):
            raise InvalidInput("participant_ids names participants that do not exist.")
    run = MatchRun(
        association_id=who.association_id if who.role == "coordinator" else None, created_by=who.user_id,
        params={"need_ids": [str(n) for n in needs] if needs is not None else None,
                "participant_ids": [str(p) for p in people] if people is not None else None,
                "alternatives_per_participant": alternatives_per_participant},
        enqueued_at=utcnow())
    session.add(run)
    await session.flush()
    defer(session, "run_match", run_job_id(run.id), run_id=str(run.id))
    await audit.record(session, who, "create", "match_run", run.id)
    return run


def scope_runs(stmt: Select, who: Principal) -> Select:
    if who.role == "coordinator":
        return stmt.where(or_(MatchRun.association_id == who.association_id, MatchRun.association_id.is_(None)))
    return stmt


async def get_run(session: AsyncSession, who: Principal, run_id: object) -> MatchRun:
    who.require("admin", "coordinator")
    rid = parse_id(run_id, "Match run")
    run = (await session.execute(scope_runs(select(MatchRun).where(MatchRun.id == rid), who))).scalar()
    if run is None:
        raise NotFound("Match run")
    return run


async def list_runs(session: AsyncSession, who: Principal, page: Page, *,
                    status: str | None = None) -> tuple[list[MatchRun], int]:
    """Newest first."""
    who.require("admin", "coordinator")
    stmt = scope_runs(select(MatchRun), who).order_by(MatchRun.created_at.desc(), MatchRun.id.desc())
    if status is not None:
        stmt = stmt.where(MatchRun.status == RUN_STATUSES.check(status, "status"))
    return await fetch_page(session, stmt, page)


@dataclass(frozen=True, slots=True)
class ProposalView:
    """A proposal with the names a coordinator reads beside its ids."""

    proposal: Proposal
    participant_name: str
    need_title: str
    employer_name: str
    workplace_name: str


def _proposal_rows(who: Principal) -> Select:
    stmt = (select(Proposal, Participant.display_name, Need.title, Employer.name, Workplace.name)
            .join(Participant, Participant.id == Proposal.participant_id)
            .join(Need, Need.id == Proposal.need_id).join(Workplace, Workplace.id == Need.workplace_id)
            .join(Employer, Employer.id == Need.employer_id))
    return scope_participants(stmt, who)  # the participant's coordinators: the association


def proposals_query(who: Principal, run_id: uuid.UUID, *, status: str | None = None,
                    kind: str | None = None) -> Select:
    """A run's proposals in the order of ix_proposals_run_page (run_id, participant_id, kind, rank, id)."""
    stmt = _proposal_rows(who).where(Proposal.run_id == run_id).order_by(
        Proposal.participant_id, Proposal.kind, Proposal.rank, Proposal.id)
    if status is not None:
        stmt = stmt.where(Proposal.status == PROPOSAL_STATUSES.check(status, "status"))
    if kind is not None:
        stmt = stmt.where(Proposal.kind == PROPOSAL_KINDS.check(kind, "kind"))
    return stmt


def run_people_query(who: Principal, run_id: uuid.UUID) -> Select:
    """The participants a run proposes anything for, in the order of ix_proposals_run_page."""
    return scope_participants(
        select(Proposal.participant_id).join(Participant, Participant.id == Proposal.participant_id)
        .where(Proposal.run_id == run_id).distinct().order_by(Proposal.participant_id), who)


async def list_proposals(session: AsyncSession, who: Principal, run_id: object, page: Page, *,
                         status: str | None = None, kind: str | None = None) -> tuple[list[ProposalView], int]:
    run = await get_run(session, who, run_id)
    stmt = proposals_query(who, run.id, status=status, kind=kind)
    rows, total = await fetch_page(session, stmt, page, scalars=False)
    await audit.record(session, who, "read", "match_run_proposals", run.id, count=len(rows), offset=page.offset)
    return [ProposalView(*row) for row in rows], total


async def list_run_by_person(session: AsyncSession, who: Principal, run_id: object,
                             page: Page) -> tuple[list[ProposalView], int]:
    """A run's proposals a page of participants at a time (what a reviewer reads: each person's
    assignment beside its alternatives, never split over two pages), and how many participants
    the run proposes anything for."""
    run = await get_run(session, who, run_id)
    ids, total = await fetch_page(session, run_people_query(who, run.id), page)
    rows = (await session.execute(_proposal_rows(who).where(Proposal.run_id == run.id, Proposal.participant_id.in_(ids))
                                  .order_by(Proposal.participant_id, Proposal.kind, Proposal.rank, Proposal.id))).all()
    await audit.record(session, who, "read", "match_run_proposals", run.id, count=len(rows), offset=page.offset)
    return [ProposalView(*row) for row in rows], total


async def get_proposal(session: AsyncSession, who: Principal, proposal_id: object) -> Proposal:
    who.require("admin", "coordinator")
    pid = parse_id(proposal_id, "Proposal")
    stmt = scope_participants(select(Proposal).join(Participant, Participant.id == Proposal.participant_id)
                              .where(Proposal.id == pid), who)
    proposal = (await session.execute(stmt)).scalar()
    if proposal is None:
        raise NotFound("Proposal")
    return proposal


async def view(session: AsyncSession, who: Principal, proposal: Proposal) -> ProposalView:
    row = (await session.execute(_proposal_rows(who).where(Proposal.id == proposal.id))).one()
    return ProposalView(*row)


_EVENT = insert(ProposalEvent.__table__)


async def transition(session: AsyncSession, proposal: Proposal, who: Principal, *, from_status: str,
                     to_status: str, reason_code: str | None = None, comment: str | None = None) -> Proposal:
    """Conditional update: a decision that lost a race (already decided) is a 409. Its event row is
    a plain INSERT (the comment sealed here) and `proposal` takes the new values without reading
    the row back: the ORM's way cost a third of a decision."""
    sealed, decided_at = seal(session, proposal.participant_id, comment), utcnow()
    result = await session.execute(
        update(Proposal).where(Proposal.id == proposal.id, Proposal.status == from_status)
        .values(status=to_status, reason_code=reason_code, comment=sealed, decided_by=who.user_id,
                decided_at=decided_at))
    if result.rowcount != 1:
        current = (await session.execute(select(Proposal.status).where(Proposal.id == proposal.id))).scalar()
        raise Conflict(f"This proposal is already {current}; it cannot become {to_status}.")
    await session.execute(_EVENT, {"proposal_id": proposal.id, "from_status": from_status, "to_status": to_status,
                                   "user_id": who.user_id, "reason_code": reason_code, "comment": sealed})
    for name, value in (("status", to_status), ("reason_code", reason_code), ("comment", comment),
                        ("decided_by", who.user_id), ("decided_at", decided_at)):
        set_committed_value(proposal, name, value)
    await audit.record(session, who, to_status, "proposal", proposal.id, reason_code=reason_code)
    return proposal


def check_reason(reason_code: str, applies_to: str) -> None:
    reason_codes(applies_to).check(reason_code, "reason_code")


async def approve(session: AsyncSession, who: Principal, proposal_id: object,
                  override_reason: str | None = None) -> Proposal:
    """Approve a proposal. A participant already approved for another need (or in an active
    placement) is a 409, unless the coordinator gives a reason to override, which is recorded."""
    proposal = await get_proposal(session, who, proposal_id)
    # The participant's row is locked first, so two approvals for one person happen one after the other.
    await session.execute(select(Participant.id).where(Participant.id == proposal.participant_id).with_for_update())
    need_status = (await session.execute(select(Need.status).where(Need.id == proposal.need_id))).scalar_one()
    if need_status not in MATCHABLE_NEED_STATUSES:
        raise Conflict(f"The need is {need_status}; only an open need takes candidates.")
    other = (await session.execute(select(Proposal.need_id).where(
        Proposal.participant_id == proposal.participant_id, Proposal.status == "approved",
        Proposal.need_id != proposal.need_id).limit(1))).scalar()
    placed = (await session.execute(select(Placement.id).where(
        Placement.participant_id == proposal.participant_id, Placement.active))).scalar()
    if (other is not None or placed is not None) and not (override_reason and override_reason.strip()):
        what = "is in an active placement" if placed is not None else "is already approved for another need"
        raise Conflict(f"This participant {what}. Withdraw that first, or approve with an override_reason.")
    comment = None
    if other is not None or placed is not None:
        comment = f"override: {override_reason.strip()}"  # type: ignore[union-attr]
    return await transition(session, proposal, who, from_status="proposed", to_status="approved", comment=comment)


async def reject(session: AsyncSession, who: Principal, proposal_id: object, reason_code: str,
                 comment: str | None) -> Proposal:
    proposal = await get_proposal(session, who, proposal_id)
    check_reason(reason_code, "coordinator_reject")
    return await transition(session, proposal, who, from_status="proposed", to_status="rejected",
                            reason_code=reason_code, comment=comment)


async def withdraw(session: AsyncSession, who: Principal, proposal_id: object) -> Proposal:
    """Undo an approval that no employer has accepted yet (409 once accepted or otherwise decided)."""
    proposal = await get_proposal(session, who, proposal_id)
    if proposal.status == "accepted":
        raise Conflict("The employer has already accepted this candidate; end the placement instead.")
    return await transition(session, proposal, who, from_status="approved", to_status="withdrawn")


__all__ = ["ProposalView", "approve", "check_reason", "create_run", "get_proposal", "get_run", "list_proposals",
           "list_runs", "reject", "run_job_id", "transition", "view", "withdraw"]
