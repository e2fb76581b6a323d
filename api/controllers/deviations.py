"""Lex Heller deviation reports: report, list, move along the handling flow, patterns (staff only)."""
from __future__ import annotations

from litestar import Controller, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from api.listing import Limit, Offset, listed, page_of
from api.schemas import items
from api.schemas_employer_work import Code, DeviationCreate, DeviationMove, DeviationOut, DeviationStatus
from vta.models import DeviationReport
from vta.principal import Principal
from vta.services import deviations as svc


def report_out(r: DeviationReport) -> DeviationOut:
    return DeviationOut(id=str(r.id), status=r.status, category=r.category, involved_orgs=list(r.involved_orgs),
                        description=r.description, suggested_improvement=r.suggested_improvement,
                        answer_text=r.answer_text, created_at=r.created_at.isoformat(),
                        answered_at=r.answered_at.isoformat() if r.answered_at else None)


class DeviationController(Controller):
    path = "/deviation-reports"
    tags = ["deviation reports"]

    @post("/", summary="Report where cooperation between authorities failed (no personal data)")
    async def create(self, data: DeviationCreate, session: AsyncSession, who: Principal) -> Response[DeviationOut]:
        r = await svc.create_report(session, who, category=data.category, involved_orgs=list(data.involved_orgs),
                                    description=data.description, suggested_improvement=data.suggested_improvement)
        return Response(report_out(r), status_code=201)

    @get("/", summary="Deviation reports of the caller's association, newest first")
    async def list_reports(self, session: AsyncSession, who: Principal, status: DeviationStatus | None = None,
                           category: Code | None = None, limit: Limit = 50, offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_reports(session, who, page, status=status, category=category)
        return listed([report_out(r) for r in rows], total, page)

    @get("/patterns", summary="Reports per category and quarter")
    async def patterns(self, session: AsyncSession, who: Principal) -> dict:
        return items(await svc.patterns(session, who))

    @get("/{report_id:str}", summary="One deviation report")
    async def read(self, report_id: str, session: AsyncSession, who: Principal) -> DeviationOut:
        return report_out(await svc.get_report(session, who, report_id))

    @post("/{report_id:str}/status", status_code=200,
          summary="Move a report on: new -> under_review -> raised -> answered (with the answer) -> published")
    async def move(self, report_id: str, data: DeviationMove, session: AsyncSession, who: Principal) -> DeviationOut:
        return report_out(await svc.move_report(session, who, report_id, data.status, data.answer_text))
