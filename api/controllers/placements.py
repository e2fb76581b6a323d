"""The employer's candidates, placements and their follow-up checkpoints."""
from __future__ import annotations

from litestar import Controller, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from api.schemas import (AcceptRequest, CandidateOut, CheckpointComplete, CheckpointOut, DeclineRequest,
                         PlacementCreated, PlacementEnd, PlacementMove, PlacementOut, items)
from vta.models import Checkpoint, Placement
from vta.principal import Principal
from vta.services import placements as svc


def checkpoint_out(c: Checkpoint, who: Principal) -> CheckpointOut:
    # An employer sees the follow-up schedule, not the coordinator's notes (domain.md 8.2.5).
    notes = c.notes if who.role != "employer" or c.completed_by == who.user_id else None
    return CheckpointOut(id=str(c.id), kind=c.kind, due_date=c.due_date, status=svc.checkpoint_status(c),
                         done_at=c.done_at.isoformat() if c.done_at else None, notes=notes, rating=c.rating)


async def placement_out(session: AsyncSession, p: Placement, who: Principal) -> PlacementOut:
    return PlacementOut(id=str(p.id), status=p.status, participant_id=str(p.participant_id), need_id=str(p.need_id),
                        employer_id=str(p.employer_id), start_date=p.start_date, outcome=p.outcome,
                        checkpoints=[checkpoint_out(c, who) for c in await svc.checkpoints_of(session, p.id)])


class CandidateController(Controller):
    path = "/employer/candidates"
    tags = ["employer"]

    @get("/", summary="Approved candidates for the caller's needs (consented, work-level data only)")
    async def list_candidates(self, session: AsyncSession, who: Principal) -> dict:
        return items([CandidateOut(**c) for c in await svc.list_candidates(session, who)])

    @post("/{proposal_id:str}/accept", summary="Accept a candidate: creates the placement")
    async def accept(self, proposal_id: str, data: AcceptRequest, session: AsyncSession,
                     who: Principal) -> Response[PlacementCreated]:
        placement = await svc.accept_candidate(session, who, proposal_id, data.start_date)
        return Response(PlacementCreated(placement_id=str(placement.id)), status_code=201,
                        headers={"Location": f"/api/v1/placements/{placement.id}"})

    @post("/{proposal_id:str}/decline", status_code=200, summary="Decline a candidate with a reason")
    async def decline(self, proposal_id: str, data: DeclineRequest, session: AsyncSession, who: Principal) -> dict:
        proposal = await svc.decline_candidate(session, who, proposal_id, data.reason_code)
        return {"proposal_id": str(proposal.id), "status": proposal.status}


class PlacementController(Controller):
    path = "/placements"
    tags = ["placements"]

    @get("/{placement_id:str}", summary="A placement with its checkpoints")
    async def read(self, placement_id: str, session: AsyncSession, who: Principal) -> PlacementOut:
        return await placement_out(session, await svc.get_placement(session, who, placement_id), who)

    @post("/{placement_id:str}/checkpoints/{checkpoint_id:str}/complete", status_code=200,
          summary="Complete a checkpoint with notes and a 1-5 rating")
    async def complete(self, placement_id: str, checkpoint_id: str, data: CheckpointComplete, session: AsyncSession,
                       who: Principal) -> CheckpointOut:
        return checkpoint_out(await svc.complete_checkpoint(session, who, placement_id, checkpoint_id, data.notes,
                                                            data.rating), who)

    @post("/{placement_id:str}/status", status_code=200, summary="Move a placement to its next phase")
    async def move(self, placement_id: str, data: PlacementMove, session: AsyncSession, who: Principal) -> PlacementOut:
        return await placement_out(session, await svc.move_placement(session, who, placement_id, data.status), who)

    @post("/{placement_id:str}/end", status_code=200, summary="End a placement and record its outcome")
    async def end(self, placement_id: str, data: PlacementEnd, session: AsyncSession, who: Principal) -> PlacementOut:
        return await placement_out(session, await svc.end_placement(session, who, placement_id, data.outcome,
                                                                    data.reason, data.income_source,
                                                                    data.occupation), who)
