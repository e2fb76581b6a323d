"""Needs: the list, the guided need form (tasks one by one) and the need's page."""
from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from employers import services as svc
from vta.errors import DomainError, InvalidInput
from vta.listing import MAX_LIMIT, Page
from vta.services import overview
from vta.vocabulary import NEED_STATUS_SETTABLE, PLACEMENT_TYPES, SWEDISH_LEVELS, adaptation_tags

MIN_TASK_ROWS = 3
MAX_TASKS = 20


def _tasks(form: Form) -> list[svc.TaskIn]:
    """Task rows task_title_N / task_text_N, in order; empty rows are skipped."""
    out = []
    for i in range(MAX_TASKS):
        title = form.text(f"task_title_{i}", required=False, max_len=200)
        if title:
            out.append(svc.TaskIn(title=title, description=form.text(f"task_text_{i}", required=False)))
    return out


async def _form_page(viewer: Viewer, session: AsyncSession, form: Form | None = None, problem: str = "",
                     status: int = 200, need_id: str = "") -> Template:
    """The need form; with need_id the same form edits that need (its workplace stays)."""
    data = form.data if form else {}
    filled = sum(1 for i in range(MAX_TASKS) if data.get(f"task_title_{i}"))
    rows = min(MAX_TASKS, max(MIN_TASK_ROWS, filled + (1 if data.get("add_task") else 0)))
    return page("need_form.html", status=status, viewer=viewer, data=data, errors=form.errors if form else {},
                problem=problem, task_rows=rows, workplaces=await overview.workplaces(session, viewer.who),
                placement_types=PLACEMENT_TYPES, swedish_levels=SWEDISH_LEVELS, need_id=need_id)


def _read(form: Form) -> dict:
    """The need's fields of the form as the services take them (workplace aside)."""
    fields = dict(title=form.text("title", max_len=200), description=form.text("description", required=False),
                  tasks=_tasks(form))
    if not fields["tasks"]:
        form.errors["task_title_0"] = "required"
    fields.update(slots=form.number("slots", 1, 50), hours_min=form.number("hours_min", 1, 40),
                  hours_max=form.number("hours_max", 1, 40))
    if fields["hours_min"] and fields["hours_max"] and fields["hours_min"] > fields["hours_max"]:
        form.errors["hours_max"] = "range"
    fields.update(placement_types=form.choices("placement_types", PLACEMENT_TYPES, at_least_one=True),
                  adaptations_offered=form.choices("adaptations_offered", adaptation_tags()),
                  skills=form.words("skills"), swedish_level_required=form.choice("swedish_level_required", SWEDISH_LEVELS),
                  driving_licence_required=form.flag("driving_licence_required"))
    return fields


@get("/needs")
async def need_list(viewer: Viewer, session: AsyncSession, q: str | None = None) -> Template:
    rows, total = await svc.list_needs(session, viewer.who, Page(limit=MAX_LIMIT), q=q)
    return page("needs.html", viewer=viewer, needs=[n for n, _employer, _workplace in rows], total=total, q=q or "")


@get("/needs/new")
async def need_new(viewer: Viewer, session: AsyncSession) -> Template:
    viewer.who.require("admin", "coordinator", "employer")
    return await _form_page(viewer, session)


@post("/needs")
async def need_create(request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    form = Form(await form_data(request))
    if form.data.get("add_task"):  # "one more task": the same form again with an empty row (no JavaScript)
        return await _form_page(viewer, session, form)
    workplace = form.text("workplace_id")
    fields = _read(form)
    if not form.ok:
        return await _form_page(viewer, session, form, status=422)
    try:
        need = await svc.create_need(session, viewer.who, workplace_id=workplace, **fields)
    except InvalidInput as exc:
        await session.rollback()
        return await _form_page(viewer, session, form, problem=exc.detail, status=422)
    return see_other(f"/needs/{need.id}?done=created")


@get("/needs/{need_id:str}")
async def need_page(need_id: str, viewer: Viewer, session: AsyncSession, done: str | None = None) -> Template:
    need = await svc.get_need(session, viewer.who, need_id)
    workplace = await svc.get_workplace(session, viewer.who, need.workplace_id)
    return page("need.html", viewer=viewer, need=need, workplace=workplace, done=done)


@get("/needs/{need_id:str}/edit")
async def need_edit(need_id: str, viewer: Viewer, session: AsyncSession) -> Template:
    need = await svc.get_need(session, viewer.who, need_id)
    data = {"title": need.title, "description": need.description or "", "slots": str(need.slots),
            "hours_min": str(need.hours_min), "hours_max": str(need.hours_max),
            "placement_types": list(need.placement_types), "adaptations_offered": list(need.adaptations_offered),
            "skills": ", ".join(need.skills), "swedish_level_required": need.swedish_level_required,
            "driving_licence_required": need.driving_licence_required}
    for i, t in enumerate(need.tasks[:MAX_TASKS]):
        data.update({f"task_title_{i}": t.title, f"task_text_{i}": t.description or ""})
    return await _form_page(viewer, session, Form(data), need_id=str(need.id))


@post("/needs/{need_id:str}")
async def need_update(need_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    need = await svc.get_need(session, viewer.who, need_id)
    form = Form(await form_data(request))
    if form.data.get("add_task"):
        return await _form_page(viewer, session, form, need_id=str(need.id))
    fields = _read(form)
    if not form.ok:
        return await _form_page(viewer, session, form, status=422, need_id=str(need.id))
    try:
        await svc.update_need(session, viewer.who, need.id, fields)
    except DomainError as exc:  # refused (bad input, or fewer slots than are filled): nothing is kept
        await session.rollback()
        return await _form_page(viewer, session, form, problem=exc.detail, status=422, need_id=str(need.id))
    return see_other(f"/needs/{need.id}?done=saved")


@post("/needs/{need_id:str}/status")
async def need_status(need_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Redirect:
    """Pause, close or reopen: the buttons on the need's page."""
    status = (await form_data(request)).get("status")
    if status not in NEED_STATUS_SETTABLE:
        raise InvalidInput(f"status must be one of {', '.join(NEED_STATUS_SETTABLE)}.")
    await svc.update_need(session, viewer.who, need_id, {"status": status})
    return see_other(f"/needs/{need_id}?done=saved")


ROUTES = [need_list, need_new, need_create, need_page, need_edit, need_update, need_status]
