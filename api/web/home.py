"""Each role's start page at "/", and the language switch."""
from __future__ import annotations

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web import i18n
from api.web.common import Viewer, form_data, page, see_other
from api.web import statistics as statistics_pages
from vta.services import overview


@get("/")
async def home(viewer: Viewer, session: AsyncSession) -> Template:
    who = viewer.who
    if who.role == "employer":
        return page("start_employer.html", viewer=viewer, overview=await overview.employer_overview(session, who))
    if who.role == "csr":
        return await statistics_pages.csr_start(viewer, session)
    if who.role == "admin":
        return page("start_admin.html", viewer=viewer)
    return page("start_coordinator.html", viewer=viewer, overview=await overview.coordinator_overview(session, who))


def _safe_next(value: object) -> str:
    """Only a path on this site (never //host or a scheme): no open redirect."""
    text = value if isinstance(value, str) else ""
    return text if text.startswith("/") and not text.startswith("//") and "\\" not in text else "/"


@post("/language", opt={"anonymous": True})
async def choose_language(request: Request) -> Redirect:
    data = await form_data(request)
    lang = data.get("lang") if data.get("lang") in i18n.LANGUAGES else i18n.DEFAULT
    response = see_other(_safe_next(data.get("next")))
    response.cookies.append(Cookie(key=i18n.COOKIE, value=str(lang), path="/", max_age=365 * 24 * 3600,
                                   secure=True, httponly=True, samesite="lax"))
    return response
