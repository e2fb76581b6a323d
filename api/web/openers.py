"""On a need's page: what would open it. The engine's single changes (an adaptation offered, fewer
hours, language support, no driving licence) with how many more participants each would make
possible, worded as talking points for the next visit."""
from __future__ import annotations

from litestar import get
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, page
from employers.services import get_need
from vta.services import openers


@get("/needs/{need_id:str}/openers")
async def need_openers_page(need_id: str, viewer: Viewer, session: AsyncSession) -> Template:
    viewer.who.require("admin", "coordinator")
    need = await get_need(session, viewer.who, need_id)
    report = await openers.need_openers(session, viewer.who, need.id)
    return page("need_openers.html", viewer=viewer, need=need, report=report)


ROUTES = [need_openers_page]
