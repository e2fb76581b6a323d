"""Participants: the list, the registration form (adaptation checklist, place by name) and the page."""
from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, pager, see_other
from api.web.forms import Form
from employers import services as employer_svc
from vta import places
from vta.errors import InvalidInput
from vta.listing import MAX_LIMIT, Page
from vta.services import participants as svc
from vta.vocabulary import (GENDERS, INCOME_SOURCES, PLACEMENT_TYPES, SUS_OCCUPATIONS, SWEDISH_LEVELS,
                            adaptation_tags)

CONSENT = "share_with_employers"


async def _employers(session: AsyncSession, viewer: Viewer) -> list[Any]:
    """The employers a participant may be kept away from: those of the coordinator's association."""
    rows, _ = await employer_svc.list_employers(session, viewer.who, Page(limit=MAX_LIMIT))
    return rows


async def _form_page(session: AsyncSession, viewer: Viewer, form: Form | None = None, problem: str = "",
                     status: int = 200, person_id: str = "") -> Template:
    """The registration form; with person_id the same form edits that participant."""
    return page("participant_form.html", status=status, viewer=viewer, data=form.data if form else {},
                errors=form.errors if form else {}, problem=problem, places=places.all_places(),
                placement_types=PLACEMENT_TYPES, swedish_levels=SWEDISH_LEVELS, person_id=person_id,
                employers=await _employers(session, viewer), genders=GENDERS, income_sources=INCOME_SOURCES,
                sus_occupations=SUS_OCCUPATIONS, this_year=date.today().year)


def _read(form: Form, employer_ids: set[str]) -> dict[str, Any]:
    """The profile fields of the form as the services take them (place aside)."""
    tags = form.choices("adaptations", adaptation_tags())
    required = set(form.choices("required", adaptation_tags()))
    return dict(
        excluded_employer_ids=form.choices("excluded", employer_ids),
        gender=form.optional_choice("gender", GENDERS), income_source=form.optional_choice("income_source", INCOME_SOURCES),
        occupation=form.optional_choice("occupation", SUS_OCCUPATIONS),
        birth_year=form.optional_number("birth_year", 1900, date.today().year - 15),
        display_name=form.text("display_name", max_len=200),
        max_travel_km=form.number("max_travel_km", 1, 300, whole=False), hours_max=form.number("hours_max", 1, 40),
        placement_types=form.choices("placement_types", PLACEMENT_TYPES, at_least_one=True),
        swedish_level=form.choice("swedish_level", SWEDISH_LEVELS), skills=form.words("skills"),
        driving_licence=form.flag("driving_licence"),
        adaptation_needs=[svc.AdaptationIn(tag=t, required=t in required) for t in tags],
        **{k: form.text(k, required=False) for k in ("goals", "interests", "experience")})


@get("/participants")
async def participant_list(viewer: Viewer, session: AsyncSession, q: str = "", offset: int = 0) -> Template:
    """Searchable by name, one page at a time with links to the pages before and after."""
    rows, total = await svc.list_participants(session, viewer.who, Page(offset=offset), q=q)
    return page("participants.html", viewer=viewer, participants=rows, total=total, q=q,
                pager=pager("/participants", {"q": q}, offset, len(rows), total))


@get("/participants/new")
async def participant_new(viewer: Viewer, session: AsyncSession) -> Template:
    viewer.who.require("admin", "coordinator")
    return await _form_page(session, viewer)


@post("/participants")
async def participant_create(request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin", "coordinator")
    form = Form(await form_data(request))
    fields = _read(form, {str(e.id) for e in await _employers(session, viewer)})
    place = form.place("place")
    if not form.ok or place is None:
        return await _form_page(session, viewer, form, status=422)
    try:
        person = await svc.create_participant(
            session, viewer.who, latitude=place.latitude, longitude=place.longitude, **fields)
        if form.flag("consent"):
            await svc.give_consent(session, viewer.who, person.id, CONSENT)
    except InvalidInput as exc:
        await session.rollback()  # nothing of a refused form is kept
        return await _form_page(session, viewer, form, problem=exc.detail, status=422)
    return see_other(f"/participants/{person.id}?done=created")


@get("/participants/{participant_id:str}")
async def participant_page(participant_id: str, viewer: Viewer, session: AsyncSession,
                           done: str | None = None) -> Template:
    person = await svc.get_participant(session, viewer.who, participant_id)
    consent = await svc.active_consent(session, person.id, CONSENT)
    place = places.nearest(person.latitude, person.longitude)
    excluded = {x.employer_id for x in person.exclusions}
    avoided = [e for e in await _employers(session, viewer) if e.id in excluded] if excluded else []
    return page("participant.html", viewer=viewer, person=person, consent=consent, place=place, done=done,
                avoided=avoided)


@get("/participants/{participant_id:str}/edit")
async def participant_edit(participant_id: str, viewer: Viewer, session: AsyncSession) -> Template:
    viewer.who.require("admin", "coordinator")
    person = await svc.get_participant(session, viewer.who, participant_id)
    place = places.nearest(person.latitude, person.longitude)
    data = {"display_name": person.display_name, "place": place.name if place else "",
            "max_travel_km": f"{person.max_travel_km:g}", "hours_max": str(person.hours_max),
            "placement_types": list(person.placement_types), "swedish_level": person.swedish_level,
            "driving_licence": person.driving_licence, "skills": ", ".join(person.skills),
            "adaptations": [a.tag for a in person.adaptation_needs],
            "required": [a.tag for a in person.adaptation_needs if a.required],
            "excluded": [str(x.employer_id) for x in person.exclusions],
            "birth_year": str(person.birth_year or ""),
            **{k: getattr(person, k) or "" for k in ("goals", "interests", "experience", "gender", "income_source",
                                                      "occupation")}}
    return await _form_page(session, viewer, Form(data), person_id=str(person.id))


@post("/participants/{participant_id:str}")
async def participant_update(participant_id: str, request: Request, viewer: Viewer,
                             session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin", "coordinator")
    person = await svc.get_participant(session, viewer.who, participant_id)
    form = Form(await form_data(request))
    shown = {str(e.id) for e in await _employers(session, viewer)}
    fields = _read(form, shown)
    # An exclusion of an employer beyond the form's list was not on the form: keep it.
    fields["excluded_employer_ids"] += [str(x.employer_id) for x in person.exclusions if str(x.employer_id) not in shown]
    place = form.place("place")
    if not form.ok or place is None:
        return await _form_page(session, viewer, form, status=422, person_id=str(person.id))
    # The page shows the nearest place, not the stored point: keep the point unless the place changed.
    shown = places.nearest(person.latitude, person.longitude)
    if shown is None or shown.name != place.name:
        fields.update(latitude=place.latitude, longitude=place.longitude)
    try:
        await svc.update_participant(session, viewer.who, person.id, fields)
    except InvalidInput as exc:
        await session.rollback()  # nothing of a refused form is kept
        return await _form_page(session, viewer, form, problem=exc.detail, status=422, person_id=str(person.id))
    return see_other(f"/participants/{person.id}?done=saved")


@post("/participants/{participant_id:str}/consent")
async def participant_consent(participant_id: str, request: Request, viewer: Viewer,
                              session: AsyncSession) -> Redirect:
    data: dict[str, Any] = await form_data(request)
    if data.get("give") == "yes":
        await svc.give_consent(session, viewer.who, participant_id, CONSENT)
    else:
        await svc.withdraw_consent(session, viewer.who, participant_id, CONSENT)
    return see_other(f"/participants/{participant_id}?done=saved")


ROUTES = [participant_list, participant_new, participant_create, participant_page, participant_edit,
          participant_update, participant_consent]
