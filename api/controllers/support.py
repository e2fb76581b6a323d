"""Support decisions per placement, and those about to run out (staff only)."""
from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, patch, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from api.listing import Limit, Offset, listed, page_of
from api.schemas_employer_work import SupportDecisionCreate, SupportDecisionOut, SupportDecisionUpdate, SupportStatus
from employers import support as svc
from vta.models import SupportDecision
from vta.principal import Principal


def decision_out(d: SupportDecision) -> SupportDecisionOut:
    return SupportDecisionOut(id=str(d.id), placement_id=str(d.placement_id), instrument=d.instrument,
                              decided_by=d.decided_by_org, status=d.status, applied_on=d.applied_on,
                              valid_from=d.valid_from, valid_to=d.valid_to, reference_no=d.reference_no)


class PlacementSupportController(Controller):
    path = "/placements/{placement_id:str}/support-decisions"
    tags = ["support"]

    @post("/", summary="Record an application for, or a decision on, a support instrument")
    async def create(self, placement_id: str, data: SupportDecisionCreate, session: AsyncSession,
                     who: Principal) -> Response[SupportDecisionOut]:
        d = await svc.record_decision(session, who, placement_id, instrument=data.instrument,
                                      decided_by=data.decided_by, status=data.status, applied_on=data.applied_on,
                                      valid_from=data.valid_from, valid_to=data.valid_to,
                                      reference_no=data.reference_no)
        return Response(decision_out(d), status_code=201)

    @get("/", summary="The placement's support decisions")
    async def list_for_placement(self, placement_id: str, session: AsyncSession, who: Principal, limit: Limit = 50,
                                 offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.decisions_of(session, who, placement_id, page)
        return listed([decision_out(d) for d in rows], total, page)


class SupportDecisionController(Controller):
    path = "/support-decisions"
    tags = ["support"]

    @get("/", summary="Support decisions; expiring_within_days=N: granted ones that run out within N days")
    async def list_decisions(
            self, session: AsyncSession, who: Principal,
            expiring_within_days: Annotated[int | None, Parameter(ge=0, le=svc.MAX_WITHIN_DAYS)] = None,
            status: SupportStatus | None = None, limit: Limit = 50, offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_decisions(session, who, page, expiring_within_days=expiring_within_days,
                                               status=status)
        return listed([decision_out(d) for d in rows], total, page)

    @patch("/{decision_id:str}", summary="The authority's answer (granted/rejected) or a changed period")
    async def update(self, decision_id: str, data: SupportDecisionUpdate, session: AsyncSession,
                     who: Principal) -> SupportDecisionOut:
        return decision_out(await svc.update_decision(session, who, decision_id, status=data.status,
                                                      valid_from=data.valid_from, valid_to=data.valid_to))
