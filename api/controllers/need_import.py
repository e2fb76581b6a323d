"""Job-ad import: a job ad becomes a draft need (employers/ad_import.py)."""
from __future__ import annotations

from litestar import Controller, Response, post
from sqlalchemy.ext.asyncio import AsyncSession

from api.controllers.employers import created, need_out
from api.schemas import NeedImport, NeedOut
from employers import services
from employers.ad_import import import_ad
from vta.principal import Principal


class NeedImportController(Controller):
    tags = ["needs"]

    @post("/needs/import", summary="A draft need from a job ad (JobSearch hit or the import format)")
    async def import_need(self, data: NeedImport, session: AsyncSession, who: Principal) -> Response[NeedOut]:
        need = await import_ad(session, who, data.workplace_id, data.ad)
        need = await services.get_need(session, who, need.id)
        return created(need_out(need, *await services.need_names(session, need)), f"/api/v1/needs/{need.id}")
