"""Match runs and the coordinator's review of proposals."""
from __future__ import annotations

from litestar import Controller, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from api.listing import Limit, Offset, listed, page_of
from api.schemas import MatchRunCreate, MatchRunOut, ProposalOut, RejectRequest
from api.schemas_workspace import ApproveRequest
from vta.models import MatchRun, Proposal
from vta.principal import Principal
from vta.services import runs as svc
from vta.vocabulary import PROPOSAL_KINDS, PROPOSAL_STATUSES


def run_out(r: MatchRun) -> MatchRunOut:
    return MatchRunOut(id=str(r.id), status=r.status, progress=round(r.progress, 3), proposal_count=r.proposal_count,
                       error=r.error, created_at=r.created_at.isoformat() if r.created_at else None)


def proposal_out(p: Proposal, view: svc.ProposalView | None = None) -> ProposalOut:
    names = {}
    if view is not None:
        names = dict(participant_name=view.participant_name, need_title=view.need_title,
                     employer_name=view.employer_name, workplace_name=view.workplace_name)
    return ProposalOut(id=str(p.id), run_id=str(p.run_id), participant_id=str(p.participant_id),
                       need_id=str(p.need_id), kind=p.kind, rank=p.rank, score=float(p.score), status=p.status,
                       explanation=p.explanation, reason_code=p.reason_code, comment=p.comment,
                       status_label_sv=PROPOSAL_STATUSES.label(p.status), kind_label_sv=PROPOSAL_KINDS.label(p.kind),
                       **names)


async def decided(session: AsyncSession, who: Principal, p: Proposal) -> ProposalOut:
    return proposal_out(p, await svc.view(session, who, p))


class MatchRunController(Controller):
    path = "/match-runs"
    tags = ["matching"]

    @post("/", status_code=202, summary="Queue a match run")
    async def create(self, data: MatchRunCreate, session: AsyncSession, who: Principal) -> Response[MatchRunOut]:
        run = await svc.create_run(session, who, need_ids=data.need_ids, participant_ids=data.participant_ids,
                                   alternatives_per_participant=data.alternatives_per_participant)
        return Response(run_out(run), status_code=202, headers={"Location": f"/api/v1/match-runs/{run.id}"})

    @get("/", summary="Match runs, newest first")
    async def list_runs(self, reader: AsyncSession, who: Principal, status: str | None = None, limit: Limit = 50,
                        offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_runs(reader, who, page, status=status)
        return listed([run_out(r) for r in rows], total, page)

    @get("/{run_id:str}", summary="Status and progress of a run")
    async def read(self, run_id: str, reader: AsyncSession, who: Principal) -> MatchRunOut:
        # polled while a run runs: a read-only session never queues behind the writers
        return run_out(await svc.get_run(reader, who, run_id))

    @get("/{run_id:str}/proposals", summary="The run's proposals with their explanations, a page at a time")
    async def proposals(self, run_id: str, session: AsyncSession, who: Principal, status: str | None = None,
                        kind: str | None = None, limit: Limit = 50, offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_proposals(session, who, run_id, page, status=status, kind=kind)
        return listed([proposal_out(v.proposal, v) for v in rows], total, page)


class ProposalController(Controller):
    path = "/proposals"
    tags = ["matching"]

    @post("/{proposal_id:str}/approve", status_code=200, summary="Approve a proposal")
    async def approve(self, proposal_id: str, session: AsyncSession, who: Principal,
                      data: ApproveRequest | None = None) -> ProposalOut:
        reason = data.override_reason if data is not None else None
        return await decided(session, who, await svc.approve(session, who, proposal_id, reason))

    @post("/{proposal_id:str}/reject", status_code=200, summary="Reject a proposal with a reason")
    async def reject(self, proposal_id: str, data: RejectRequest, session: AsyncSession, who: Principal) -> ProposalOut:
        return await decided(session, who, await svc.reject(session, who, proposal_id, data.reason_code, data.comment))

    @post("/{proposal_id:str}/withdraw", status_code=200, summary="Undo an approval no employer has accepted yet")
    async def withdraw(self, proposal_id: str, session: AsyncSession, who: Principal) -> ProposalOut:
        return await decided(session, who, await svc.withdraw(session, who, proposal_id))
