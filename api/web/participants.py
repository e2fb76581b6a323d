"""Participants: the list, the registration form (adaptation checklist, place by name) and the page."""
from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from vta import places
from vta.errors import InvalidInput
from vta.services import overview
from vta.services import participants as svc
from vta.vocabulary import PLACEMENT_TYPES, SWEDISH_LEVELS, adaptation_tags

CONSENT = "share_with_employers"


def _form_page(viewer: Viewer, form: Form | None = None, problem: str = "", status: int = 200) -> Template:
    return page("participant_form.html", status=status, viewer=viewer, data=form.data if form else {},
                errors=form.errors if form else {}, problem=problem, places=places.all_places(),
                placement_types=PLACEMENT_TYPES, swedish_levels=SWEDISH_LEVELS)


@get("/participants")
async def participant_list(viewer: Viewer, session: AsyncSession) -> Template:
    return page("participants.html", viewer=viewer, participants=await overview.list_participants(session, viewer.who))


@get("/participants/new")
async def participant_new(viewer: Viewer) -> Template:
    viewer.who.require("admin", "coordinator")
    return _form_page(viewer)


@post("/participants")
async def participant_create(request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin", "coordinator")
    form = Form(await form_data(request))
    name = form.text("display_name", max_len=200)
    place = form.place("place")
    travel = form.number("max_travel_km", 1, 300, whole=False)
    hours = form.number("hours_max", 1, 40)
    types = form.choices("placement_types", PLACEMENT_TYPES, at_least_one=True)
    level = form.choice("swedish_level", SWEDISH_LEVELS)
    tags = form.choices("adaptations", adaptation_tags())
    required = set(form.choices("required", adaptation_tags()))
    texts = {k: form.text(k, required=False) for k in ("goals", "interests", "experience")}
    if not form.ok or place is None:
        return _form_page(viewer, form, status=422)
    try:
        person = await svc.create_participant(
            session, viewer.who, display_name=name, latitude=place.latitude, longitude=place.longitude,
            max_travel_km=travel, hours_max=hours, placement_types=types, skills=form.words("skills"),
            swedish_level=level, driving_licence=form.flag("driving_licence"),
            adaptation_needs=[svc.AdaptationIn(tag=t, required=t in required) for t in tags],
            excluded_employer_ids=[], **texts)
        if form.flag("consent"):
            await svc.give_consent(session, viewer.who, person.id, CONSENT)
    except InvalidInput as exc:
        await session.rollback()  # nothing of a refused form is kept
        return _form_page(viewer, form, problem=exc.detail, status=422)
    return see_other(f"/participants/{person.id}?done=created")


@get("/participants/{participant_id:str}")
async def participant_page(participant_id: str, viewer: Viewer, session: AsyncSession,
                           done: str | None = None) -> Template:
    person = await svc.get_participant(session, viewer.who, participant_id)
    consent = await svc.active_consent(session, person.id, CONSENT)
    place = places.nearest(person.latitude, person.longitude)
    return page("participant.html", viewer=viewer, person=person, consent=consent, place=place, done=done)


@post("/participants/{participant_id:str}/consent")
async def participant_consent(participant_id: str, request: Request, viewer: Viewer,
                              session: AsyncSession) -> Redirect:
    data: dict[str, Any] = await form_data(request)
    if data.get("give") == "yes":
        await svc.give_consent(session, viewer.who, participant_id, CONSENT)
    else:
        await svc.withdraw_consent(session, viewer.who, participant_id, CONSENT)
    return see_other(f"/participants/{participant_id}?done=saved")


ROUTES = [participant_list, participant_new, participant_create, participant_page, participant_consent]
