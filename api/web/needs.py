"""Needs: the list (drafts too), the guided need form (tasks one by one, each core or supporting
and adaptable or not; kept as a draft or published), the need's page, and a job ad's import."""
from __future__ import annotations

import json

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from employers import services as svc
from employers.ad_import import import_ad
from vta.errors import DomainError, InvalidInput
from vta.listing import MAX_LIMIT, Page
from vta.services import overview
from vta.vocabulary import NEED_STATUS_SETTABLE, NEED_STATUSES, PLACEMENT_TYPES, SWEDISH_LEVELS, adaptation_tags

MIN_TASK_ROWS = 3
MAX_TASKS = 20
MAX_AD_CHARS = 200_000  # a long ad is some 10,000 characters; the request itself is capped at 1 MB


def _tasks(form: Form) -> list[svc.TaskIn]:
    """Task rows task_title_N / task_text_N (with the boxes task_core_N, task_adaptable_N), in
    order; empty rows are skipped."""
    out = []
    for i in range(MAX_TASKS):
        title = form.text(f"task_title_{i}", required=False, max_len=200)
        if title:
            out.append(svc.TaskIn(title=title, description=form.text(f"task_text_{i}", required=False),
                                  core=form.flag(f"task_core_{i}"), adaptable=form.flag(f"task_adaptable_{i}")))
    return out


async def _form_page(viewer: Viewer, session: AsyncSession, form: Form | None = None, problem: str = "",
                     status: int = 200, need_id: str = "", draft: bool = False) -> Template:
    """The need form; with need_id the same form edits that need (its workplace stays), and a
    draft's form offers to keep it as a draft or to publish it."""
    data = form.data if form else {}
    filled = sum(1 for i in range(MAX_TASKS) if data.get(f"task_title_{i}"))
    rows = min(MAX_TASKS, max(MIN_TASK_ROWS, filled + (1 if data.get("add_task") else 0)))
    return page("need_form.html", status=status, viewer=viewer, data=data, errors=form.errors if form else {},
                problem=problem, task_rows=rows, workplaces=await overview.workplaces(session, viewer.who),
                placement_types=PLACEMENT_TYPES, swedish_levels=SWEDISH_LEVELS, need_id=need_id, draft=draft)


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
async def need_list(viewer: Viewer, session: AsyncSession, q: str | None = None,
                    status: str | None = None) -> Template:
    rows, total = await svc.list_needs(session, viewer.who, Page(limit=MAX_LIMIT), q=q, status=status or None)
    return page("needs.html", viewer=viewer, needs=rows, total=total, q=q or "",
                status_filter=status or "", statuses=NEED_STATUSES)


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
    draft = form.data.get("save_as") == "draft"
    try:
        need = await svc.create_need(session, viewer.who, workplace_id=workplace, status="draft" if draft else "open",
                                     **fields)
    except InvalidInput as exc:
        await session.rollback()
        return await _form_page(viewer, session, form, problem=exc.detail, status=422)
    return see_other(f"/needs/{need.id}?done={'draft_saved' if draft else 'created'}")


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
        data.update({f"task_title_{i}": t.title, f"task_text_{i}": t.description or "",
                     f"task_core_{i}": t.core_or_support == "core", f"task_adaptable_{i}": t.adaptable})
    return await _form_page(viewer, session, Form(data), need_id=str(need.id), draft=need.status == "draft")


@post("/needs/{need_id:str}")
async def need_update(need_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    need = await svc.get_need(session, viewer.who, need_id)
    form = Form(await form_data(request))
    again = {"need_id": str(need.id), "draft": need.status == "draft"}
    if form.data.get("add_task"):
        return await _form_page(viewer, session, form, **again)
    fields = _read(form)
    if not form.ok:
        return await _form_page(viewer, session, form, status=422, **again)
    publish = need.status == "draft" and form.data.get("save_as") == "open"
    if publish:  # completed and published in one step, through the same rules as the status button
        fields["status"] = "open"
    try:
        await svc.update_need(session, viewer.who, need.id, fields)
    except DomainError as exc:  # refused (bad input, or fewer slots than are filled): nothing is kept
        await session.rollback()
        return await _form_page(viewer, session, form, problem=exc.detail, status=422, **again)
    return see_other(f"/needs/{need.id}?done={'published' if publish else 'saved'}")


@post("/needs/{need_id:str}/status")
async def need_status(need_id: str, request: Request, viewer: Viewer, session: AsyncSession) -> Redirect:
    """Publish a draft, pause, close or reopen: the buttons on the need's page (PATCH's rules)."""
    status = (await form_data(request)).get("status")
    if status not in NEED_STATUS_SETTABLE:
        raise InvalidInput(f"status must be one of {', '.join(NEED_STATUS_SETTABLE)}.")
    was_draft = (await svc.get_need(session, viewer.who, need_id)).status == "draft"
    need = await svc.update_need(session, viewer.who, need_id, {"status": status})
    return see_other(f"/needs/{need.id}?done={'published' if was_draft and status == 'open' else 'saved'}")


async def _import_page(viewer: Viewer, session: AsyncSession, data: dict, errors: dict | None = None,
                       problem: str = "", status: int = 200) -> Template:
    return page("need_import.html", status=status, viewer=viewer, data=data, errors=errors or {}, problem=problem,
                workplaces=await overview.workplaces(session, viewer.who))


@get("/needs/import")
async def ad_import_form(viewer: Viewer, session: AsyncSession) -> Template:
    viewer.who.require("admin", "coordinator", "employer")
    return await _import_page(viewer, session, {})


async def _ad_text(upload: object, form: Form) -> str:
    """The ad's JSON: an uploaded .json file, else the pasted text (errors go on the form)."""
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read(MAX_AD_CHARS * 4 + 1)
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.errors["ad_file"] = "file"
            return ""
        if not text.strip() or len(text) > MAX_AD_CHARS:
            form.errors["ad_file"] = "file"
        return text
    return form.text("ad", max_len=MAX_AD_CHARS)


@post("/needs/import")
async def ad_import(request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    """A pasted or uploaded job ad becomes a draft need; a malformed ad comes back on the form."""
    viewer.who.require("admin", "coordinator", "employer")
    raw = await request.form()
    form = Form({k: raw.get(k) if isinstance(raw.get(k), str) else "" for k in ("workplace_id", "ad")})
    workplace = form.text("workplace_id", max_len=40)
    upload = raw.get("ad_file")
    text = await _ad_text(upload, form)
    ad = None
    if form.ok:
        try:
            ad = json.loads(text)
        except ValueError:
            form.errors["ad_file" if isinstance(upload, UploadFile) and upload.filename else "ad"] = "json"
    if not form.ok:
        return await _import_page(viewer, session, form.data, form.errors, status=422)
    try:
        need = await import_ad(session, viewer.who, workplace, ad)
    except InvalidInput as exc:  # what is wrong with the ad, in the form, with the text kept
        await session.rollback()
        return await _import_page(viewer, session, form.data, problem=exc.detail, status=422)
    return see_other(f"/needs/{need.id}?done=imported")


ROUTES = [need_list, need_new, need_create, ad_import_form, ad_import, need_page, need_edit, need_update, need_status]
