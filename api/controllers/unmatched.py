"""Why participants got no proposal in a match run (coordinator, admin)."""
from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from api.schemas import UnmatchedOut
from vta.principal import Principal
from vta.services.unmatched import list_unmatched


class UnmatchedController(Controller):
    path = "/match-runs"
    tags = ["matching"]

    @get("/{run_id:str}/unmatched", summary="Participants the run gave no proposal, and why")
    async def unmatched(self, run_id: str, session: AsyncSession, who: Principal,
                        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
                        offset: Annotated[int, Parameter(ge=0)] = 0) -> dict:
        rows, total = await list_unmatched(session, who, run_id, limit=limit, offset=offset)
        return {"items": [UnmatchedOut(participant_id=str(r.participant_id), reason=r.reason, detail=r.detail)
                          for r in rows], "total": total}
