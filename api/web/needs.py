"""Needs: the list, the guided need form (tasks one by one) and the need's page."""
from __future__ import annotations

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from employers import services as svc
from vta.errors import InvalidInput
from vta.services import overview
from vta.vocabulary import PLACEMENT_TYPES, SWEDISH_LEVELS, adaptation_tags

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
                     status: int = 200) -> Template:
    data = form.data if form else {}
    filled = sum(1 for i in range(MAX_TASKS) if data.get(f"task_title_{i}"))
    rows = min(MAX_TASKS, max(MIN_TASK_ROWS, filled + (1 if data.get("add_task") else 0)))
    return page("need_form.html", status=status, viewer=viewer, data=data, errors=form.errors if form else {},
                problem=problem, task_rows=rows, workplaces=await overview.workplaces(session, viewer.who),
                placement_types=PLACEMENT_TYPES, swedish_levels=SWEDISH_LEVELS)


@get("/needs")
async def need_list(viewer: Viewer, session: AsyncSession) -> Template:
    return page("needs.html", viewer=viewer, needs=await svc.list_needs(session, viewer.who))


@get("/needs/new")
async def need_new(viewer: Viewer, session: AsyncSession) -> Template:
    viewer.who.require("admin", "coordinator", "employer")
    return await _form_page(viewer, session)


@post("/needs")
async def need_create(request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    form = Form(await form_data(request))
    if form.data.get("add_task"):  # "one more task": the same form again with an empty row (no JavaScript)
        return await _form_page(viewer, session, form)
    title = form.text("title", max_len=200)
    description = form.text("description", required=False)
    workplace = form.text("workplace_id")
    tasks = _tasks(form)
    if not tasks:
        form.errors["task_title_0"] = "required"
    slots = form.number("slots", 1, 50)
    hours_min = form.number("hours_min", 1, 40)
    hours_max = form.number("hours_max", 1, 40)
    if hours_min and hours_max and hours_min > hours_max:
        form.errors["hours_max"] = "range"
    types = form.choices("placement_types", PLACEMENT_TYPES, at_least_one=True)
    offered = form.choices("adaptations_offered", adaptation_tags())
    level = form.choice("swedish_level_required", SWEDISH_LEVELS)
    if not form.ok:
        return await _form_page(viewer, session, form, status=422)
    try:
        need = await svc.create_need(
            session, viewer.who, workplace_id=workplace, title=title, description=description, tasks=tasks,
            slots=slots, hours_min=hours_min, hours_max=hours_max, placement_types=types,
            adaptations_offered=offered, skills=form.words("skills"), swedish_level_required=level,
            driving_licence_required=form.flag("driving_licence_required"))
    except InvalidInput as exc:
        await session.rollback()
        return await _form_page(viewer, session, form, problem=exc.detail, status=422)
    return see_other(f"/needs/{need.id}?done=created")


@get("/needs/{need_id:str}")
async def need_page(need_id: str, viewer: Viewer, session: AsyncSession, done: str | None = None) -> Template:
    need = await svc.get_need(session, viewer.who, need_id)
    workplace = await svc.get_workplace(session, viewer.who, need.workplace_id)
    return page("need.html", viewer=viewer, need=need, workplace=workplace, done=done)


ROUTES = [need_list, need_new, need_create, need_page]
