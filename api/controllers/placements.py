"""The employer's candidates, placements and their follow-up checkpoints."""
from __future__ import annotations

from litestar import Controller, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from api.listing import Limit, Offset, listed, page_of
from api.schemas import (AcceptRequest, CandidateOut, CheckpointComplete, CheckpointEntryOut, CheckpointOut,
                         DeclineRequest, PlacementCreated, PlacementEnd, PlacementMove, PlacementOut)
from vta.models import Checkpoint, CheckpointEntry, Placement
from vta.principal import Principal
from vta.services import placements as svc
from vta.vocabulary import checkpoint_kinds


def entry_out(e: CheckpointEntry) -> CheckpointEntryOut:
    return CheckpointEntryOut(side=e.side, author_id=str(e.author_id) if e.author_id else None,  # type: ignore[arg-type]
                              author_role=e.author_role, written_at=e.written_at.isoformat(), notes=e.notes,
                              rating=e.rating)


def checkpoint_out(c: Checkpoint, who: Principal, entries: list[CheckpointEntry]) -> CheckpointOut:
    # An employer sees the follow-up schedule and its own entries, never the coordinator's notes
    # (domain.md 8.2.5): `entries` holds only what the caller may read (svc.entries_of).
    own = next((e for e in entries if e.side == svc.side_of(who)), None)
    return CheckpointOut(id=str(c.id), kind=c.kind, due_date=c.due_date, status=svc.checkpoint_status(c),
                         done_at=c.done_at.isoformat() if c.done_at else None,
                         notes=own.notes if own else None, rating=own.rating if own else None,
                         kind_label_sv=checkpoint_kinds().label(c.kind), entries=[entry_out(e) for e in entries])


async def placement_out(session: AsyncSession, p: Placement, who: Principal) -> PlacementOut:
    checkpoints = await svc.checkpoints_of(session, p.id)
    entries = await svc.entries_of(session, who, [c.id for c in checkpoints])
    return PlacementOut(id=str(p.id), status=p.status, participant_id=str(p.participant_id), need_id=str(p.need_id),
                        employer_id=str(p.employer_id), start_date=p.start_date, outcome=p.outcome,
                        checkpoints=[checkpoint_out(c, who, entries.get(c.id, [])) for c in checkpoints])


def placement_item(p: Placement) -> dict:
    return {"id": str(p.id), "status": p.status, "participant_id": str(p.participant_id), "need_id": str(p.need_id),
            "employer_id": str(p.employer_id), "start_date": p.start_date.isoformat(), "outcome": p.outcome}


class CandidateController(Controller):
    path = "/employer/candidates"
    tags = ["employer"]

    @get("/", summary="Approved candidates for the caller's needs (consented, work-level data only)")
    async def list_candidates(self, session: AsyncSession, who: Principal, limit: Limit = 50,
                              offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_candidates(session, who, page)
        return listed([CandidateOut(**c) for c in rows], total, page)

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

    @get("/", summary="Placements (coordinator: own association; employer: own), newest start first")
    async def list_placements(self, session: AsyncSession, who: Principal, status: str | None = None,
                              participant_id: str | None = None, need_id: str | None = None, limit: Limit = 50,
                              offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_placements(session, who, page, status=status, participant_id=participant_id,
                                                need_id=need_id)
        return listed([placement_item(p) for p in rows], total, page)

    @get("/{placement_id:str}", summary="A placement with its checkpoints")
    async def read(self, placement_id: str, session: AsyncSession, who: Principal) -> PlacementOut:
        return await placement_out(session, await svc.get_placement(session, who, placement_id), who)

    @post("/{placement_id:str}/checkpoints/{checkpoint_id:str}/complete", status_code=200,
          summary="Complete a checkpoint with notes and a 1-5 rating")
    async def complete(self, placement_id: str, checkpoint_id: str, data: CheckpointComplete, session: AsyncSession,
                       who: Principal) -> CheckpointOut:
        cp = await svc.complete_checkpoint(session, who, placement_id, checkpoint_id, data.notes, data.rating)
        return checkpoint_out(cp, who, (await svc.entries_of(session, who, [cp.id])).get(cp.id, []))

    @post("/{placement_id:str}/status", status_code=200, summary="Move a placement to its next phase")
    async def move(self, placement_id: str, data: PlacementMove, session: AsyncSession, who: Principal) -> PlacementOut:
        return await placement_out(session, await svc.move_placement(session, who, placement_id, data.status), who)

    @post("/{placement_id:str}/end", status_code=200, summary="End a placement and record its outcome")
    async def end(self, placement_id: str, data: PlacementEnd, session: AsyncSession, who: Principal) -> PlacementOut:
        return await placement_out(session, await svc.end_placement(session, who, placement_id, data.outcome,
                                                                    data.reason, data.income_source,
                                                                    data.occupation), who)
