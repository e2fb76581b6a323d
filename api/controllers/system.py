"""CSR partners' aggregates."""
from __future__ import annotations

from litestar import Controller, get
from sqlalchemy.ext.asyncio import AsyncSession

from vta.principal import Principal
from vta.services import statistics


class CsrController(Controller):
    path = "/csr"
    tags = ["csr"]

    @get("/summary", summary="Suppressed aggregates for the caller's own organisation")
    async def summary(self, session: AsyncSession, who: Principal, employer_id: str | None = None) -> dict:
        return await statistics.csr_summary(session, who, employer_id)
