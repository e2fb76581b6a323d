"""What would open a need or a workplace: the single changes that make the most participants
feasible, with the count (coordinator, admin)."""
from __future__ import annotations

from litestar import Controller, get
from sqlalchemy.ext.asyncio import AsyncSession

from vta.principal import Principal
from vta.services import openers as svc


class OpenersController(Controller):
    tags = ["needs"]

    @get("/needs/{need_id:str}/openers", summary="Which single change would make the most participants feasible")
    async def need(self, need_id: str, session: AsyncSession, who: Principal) -> dict:
        return await svc.need_openers(session, who, need_id)

    @get("/workplaces/{workplace_id:str}/openers",
         summary="The same for all open needs of a workplace (each change applied to every need)")
    async def workplace(self, workplace_id: str, session: AsyncSession, who: Principal) -> dict:
        return await svc.workplace_openers(session, who, workplace_id)
