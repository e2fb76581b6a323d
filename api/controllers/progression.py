"""BIP/SKAPA progression assessments of a participant (staff only, under consent)."""
from __future__ import annotations

from litestar import Controller, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from api.listing import Limit, Offset, listed, page_of
from api.schemas_employer_work import BipAssessmentCreate, BipAssessmentOut
from vta.models import BipAssessment
from vta.principal import Principal
from vta.services import bip as svc


def assessment_out(a: BipAssessment) -> BipAssessmentOut:
    return BipAssessmentOut(id=str(a.id), participant_id=str(a.participant_id), assessed_on=a.assessed_on,
                            respondent=a.respondent, indicator_set_version=a.indicator_set_version,
                            scores=dict(a.scores))


class BipController(Controller):
    path = "/participants/{participant_id:str}/bip-assessments"
    tags = ["progression"]

    @post("/", summary="Record a BIP assessment (needs an active bip_assessment consent, else 409)")
    async def create(self, participant_id: str, data: BipAssessmentCreate, session: AsyncSession,
                     who: Principal) -> Response[BipAssessmentOut]:
        a = await svc.add_assessment(session, who, participant_id, assessed_on=data.assessed_on,
                                     scores=dict(data.scores), respondent=data.respondent)
        return Response(assessment_out(a), status_code=201)

    @get("/", summary="The participant's BIP assessments, oldest first")
    async def list_assessments(self, participant_id: str, session: AsyncSession, who: Principal, limit: Limit = 50,
                               offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_assessments(session, who, participant_id, page)
        return listed([assessment_out(a) for a in rows], total, page)
