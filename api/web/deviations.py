"""Deviation reports (Lex Heller) as pages: the list with patterns by category and quarter, a form
that says up front why personal data is refused, and a report's page with its next handling step."""
from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other, values
from api.web.forms import Form
from vta.errors import InvalidInput
from vta.listing import MAX_LIMIT, Page
from vta.services import deviations as svc
from vta.vocabulary import AUTHORITIES, DEVIATION_STATUSES, deviation_categories


def _problem(detail: str) -> str:
    """The service's refusal as a code the template words in the page's language."""
    if "personnummer" in detail:
        return "personnummer"
    if "names a participant" in detail:
        return "name"
    return "other"


async def _list_page(viewer: Viewer, session: AsyncSession, *, status: int = 200, form: dict[str, Any] | None = None,
                     problem: str = "", done: str | None = None) -> Template:
    reports, _ = await svc.list_reports(session, viewer.who, Page(limit=MAX_LIMIT))
    pattern = await svc.patterns(session, viewer.who)
    quarters = sorted({p["quarter"] for p in pattern})
    cells = {(p["quarter"], p["category"]): p["count"] for p in pattern}
    categories = deviation_categories()
    used = [c for c in categories.codes if any(p["category"] == c for p in pattern)]
    return page("deviations.html", status=status, viewer=viewer, reports=reports, quarters=quarters, cells=cells,
                used=used, categories=categories, authorities=AUTHORITIES, statuses=DEVIATION_STATUSES,
                form=form or {}, problem=problem, done=done)


@get("/deviations")
async def deviation_list(viewer: Viewer, session: AsyncSession, done: str | None = None) -> Template:
    return await _list_page(viewer, session, done=done)


@post("/deviations")
async def deviation_create(request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin", "coordinator")
    data = await form_data(request)
    form = Form(data)
    category = form.text("category", max_len=40)
    description = form.text("description", required=False, max_len=5000)
    improvement = form.text("suggested_improvement", required=False, max_len=5000) or None
    kept = {"category": category, "orgs": values(data, "involved_orgs"), "description": description,
            "suggested_improvement": improvement or ""}
    if not form.ok:
        return await _list_page(viewer, session, status=422, form=kept, problem="other")
    try:
        report = await svc.create_report(session, viewer.who, category=category, involved_orgs=kept["orgs"],
                                         description=description, suggested_improvement=improvement)
    except InvalidInput as exc:  # shown again with what was typed, and why it was refused
        return await _list_page(viewer, session, status=422, form=kept, problem=_problem(exc.detail))
    return see_other(f"/deviations/{report.id}?done=created")


@get("/deviations/{report_id:str}")
async def deviation_page(report_id: str, viewer: Viewer, session: AsyncSession, done: str | None = None) -> Template:
    report = await svc.get_report(session, viewer.who, report_id)
    return page("deviation.html", viewer=viewer, report=report, next_status=svc.NEXT.get(report.status),
                categories=deviation_categories(), authorities=AUTHORITIES, statuses=DEVIATION_STATUSES, done=done)


@post("/deviations/{report_id:str}/move")
async def deviation_move(report_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Redirect:
    form = Form(await form_data(request))
    to = form.text("status", max_len=30)
    answer = form.text("answer_text", required=False, max_len=5000) or None
    if not form.ok:
        raise InvalidInput("status is required.")
    report = await svc.move_report(session, viewer.who, report_id, to, answer)
    return see_other(f"/deviations/{report.id}?done=moved")


ROUTES = [deviation_list, deviation_create, deviation_page, deviation_move]
