"""Support decisions as pages: a placement's decisions with a form to add one, and the
coordinator's list of what is applied for and what runs out soon."""
from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from employers import support as svc
from vta.errors import InvalidInput
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
    soon = await svc.list_decisions(session, viewer.who, expiring_within_days=SOON_DAYS)
    applied = await svc.list_decisions(session, viewer.who, status="applied")
    titles = {p.id: (person, title) for p, person, title in await overview.list_placements(session, viewer.who)}
    return page("support.html", viewer=viewer, soon=soon, applied=applied, titles=titles, days=SOON_DAYS,
                **_context())


@get("/placements/{placement_id:str}/support")
async def placement_support(placement_id: str, viewer: Viewer, session: AsyncSession,
                            done: str | None = None) -> Template:
    decisions = await svc.decisions_of(session, viewer.who, placement_id)
    return page("placement_support.html", viewer=viewer, placement_id=placement_id, decisions=decisions,
                today=date.today(), done=done, **_context())


def _day(form: Form, key: str, required: bool) -> date | None:
    raw = form.text(key, required=required, max_len=10)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"{key} must be a date (YYYY-MM-DD).") from None


@post("/placements/{placement_id:str}/support")
async def placement_support_add(placement_id: str, request: Request, viewer: Viewer,
                                session: AsyncSession) -> Redirect:
    viewer.who.require("admin", "coordinator")
    form = Form(await form_data(request))
    instrument = form.text("instrument", max_len=40)
    decided_by = form.text("decided_by", max_len=20)
    status = form.text("status", max_len=20)
    applied_on = _day(form, "applied_on", True)
    valid_from, valid_to = _day(form, "valid_from", False), _day(form, "valid_to", False)
    if not form.ok or applied_on is None:
        raise InvalidInput("instrument, decided_by, status and applied_on are required.")
    decision = await svc.record_decision(session, viewer.who, placement_id, instrument=instrument,
                                         decided_by=decided_by, status=status, applied_on=applied_on,
                                         valid_from=valid_from, valid_to=valid_to)
    return see_other(f"/placements/{decision.placement_id}/support?done=created")


ROUTES = [support_list, placement_support, placement_support_add]
