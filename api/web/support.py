"""Support decisions as pages: a placement's decisions with a form to add one, and the
coordinator's list of what is applied for and what runs out soon. A refused decision comes back
on the form with its message and what was chosen; nothing is stored."""
from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from employers import support as svc
from vta.errors import InvalidInput
from vta.listing import MAX_LIMIT, Page
from vta.services import overview
from vta.vocabulary import AUTHORITIES, SUPPORT_DECISION_STATUSES, support_instruments

SOON_DAYS = 60


def _context() -> dict:
    instruments = support_instruments()
    active = [t.code for t in instruments.terms if t.extra["active"]]
    return {"instruments": instruments, "active": active, "authorities": AUTHORITIES,
            "statuses": SUPPORT_DECISION_STATUSES}


@get("/support")
async def support_list(viewer: Viewer, session: AsyncSession) -> Template:
    soon, _ = await svc.list_decisions(session, viewer.who, Page(limit=MAX_LIMIT), expiring_within_days=SOON_DAYS)
    applied, _ = await svc.list_decisions(session, viewer.who, Page(limit=MAX_LIMIT), status="applied")
    titles = {p.id: (person, title) for p, person, title in await overview.list_placements(session, viewer.who)}
    return page("support.html", viewer=viewer, soon=soon, applied=applied, titles=titles, days=SOON_DAYS,
                **_context())


@get("/placements/{placement_id:str}/support")
async def placement_support(placement_id: str, viewer: Viewer, session: AsyncSession,
                            done: str | None = None) -> Template:
    return await _placement_page(viewer, session, placement_id, done=done)


async def _placement_page(viewer: Viewer, session: AsyncSession, placement_id: str, *, done: str | None = None,
                          form: Form | None = None, problem: str = "") -> Template:
    decisions, _ = await svc.decisions_of(session, viewer.who, placement_id, Page(limit=MAX_LIMIT))
    return page("placement_support.html", status=422 if form else 200, viewer=viewer, placement_id=placement_id,
                decisions=decisions, today=date.today(), done=done, data=form.data if form else {},
                errors=form.errors if form else {}, problem=problem, **_context())


@post("/placements/{placement_id:str}/support")
async def placement_support_add(placement_id: str, request: Request, viewer: Viewer,
                                session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin", "coordinator")
    form = Form(await form_data(request))
    instrument = form.text("instrument", max_len=40)
    decided_by = form.text("decided_by", max_len=20)
    status = form.text("status", max_len=20)
    applied_on = form.day("applied_on")
    valid_from, valid_to = form.day("valid_from", required=False), form.day("valid_to", required=False)
    if not form.ok:
        return await _placement_page(viewer, session, placement_id, form=form)
    try:
        decision = await svc.record_decision(session, viewer.who, placement_id, instrument=instrument,
                                             decided_by=decided_by, status=status, applied_on=applied_on,  # type: ignore[arg-type]
                                             valid_from=valid_from, valid_to=valid_to)
    except InvalidInput as exc:  # e.g. an instrument another authority decides: why, on the form
        await session.rollback()
        return await _placement_page(viewer, session, placement_id, form=form, problem=exc.detail)
    return see_other(f"/placements/{decision.placement_id}/support?done=created")


ROUTES = [support_list, placement_support, placement_support_add]
