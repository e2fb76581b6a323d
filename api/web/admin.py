"""The administrator's pages: every account with a form to create one, and the associations
(samordningsförbund) with forms to create one and to place a coordinator in it."""
from __future__ import annotations

import uuid

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from vta import audit
from vta.errors import Conflict, InvalidInput
from vta.vocabulary import ROLES
from vta.listing import Page
from vta.services import accounts, associations as association_service, overview


async def _users_page(viewer: Viewer, session: AsyncSession, form: Form | None = None, problem: str = "",
                      status: int = 200, done: str | None = None) -> Template:
    return page("admin_users.html", status=status, viewer=viewer, users=await overview.list_users(session, viewer.who),
                employers=await overview.list_employers(session, viewer.who), roles=ROLES,
                data=form.data if form else {}, errors=form.errors if form else {}, problem=problem, done=done)


@get("/admin/users")
async def users(viewer: Viewer, session: AsyncSession, done: str | None = None) -> Template:
    return await _users_page(viewer, session, done=done)


@post("/admin/users")
async def user_create(request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin")
    form = Form(await form_data(request))
    email = form.text("email", max_len=254)
    password = form.text("password", max_len=1000)
    role = form.choice("role", ROLES)
    employer = form.text("employer_id", required=False)
    if not form.ok:
        return await _users_page(viewer, session, form, status=422)
    try:
        employer_id = uuid.UUID(employer) if employer and role in ("employer", "csr") else None
        user = await accounts.create_user(session, email=email, password=password, role=role, employer_id=employer_id)
        await audit.record(session, viewer.who, "create", "user", user.id, role=user.role,
                           employer_id=str(user.employer_id) if user.employer_id else None)
    except (InvalidInput, ValueError) as exc:
        await session.rollback()
        return await _users_page(viewer, session, form, problem=getattr(exc, "detail", str(exc)), status=422)
    return see_other("/admin/users?done=created")


async def _associations_page(viewer: Viewer, session: AsyncSession, form: Form | None = None, problem: str = "",
                             status: int = 200, done: str | None = None) -> Template:
    items, _total = await association_service.list_associations(session, viewer.who, Page(limit=200))
    return page("admin_associations.html", status=status, viewer=viewer, associations=items,
                data=form.data if form else {}, errors=form.errors if form else {}, problem=problem, done=done)


@get("/admin/associations")
async def association_list(viewer: Viewer, session: AsyncSession, done: str | None = None) -> Template:
    return await _associations_page(viewer, session, done=done)


@post("/admin/associations")
async def association_create(request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin")
    form = Form(await form_data(request))
    name = form.text("name", max_len=200)
    if not form.ok:
        return await _associations_page(viewer, session, form, status=422)
    try:
        await association_service.create_association(session, viewer.who, name)
    except (InvalidInput, Conflict) as exc:
        await session.rollback()
        return await _associations_page(viewer, session, form, problem=exc.detail, status=exc.status)
    return see_other("/admin/associations?done=created")


@post("/admin/associations/place")
async def association_place(request: Request, viewer: Viewer, session: AsyncSession) -> Template | Redirect:
    """Place a coordinator, named by e-mail, in an association chosen from the list."""
    viewer.who.require("admin")
    form = Form(await form_data(request))
    email = form.text("email", max_len=254)
    association_id = form.text("association_id", max_len=64)
    if not form.ok:
        return await _associations_page(viewer, session, form, status=422)
    try:
        user = await association_service.user_by_email(session, email)
        await association_service.place_coordinator(session, viewer.who, association_id, user.id)
    except (InvalidInput, Conflict) as exc:
        await session.rollback()
        return await _associations_page(viewer, session, form, problem=exc.detail, status=422)
    return see_other("/admin/associations?done=saved")


ROUTES = [users, user_create, association_list, association_create, association_place]
