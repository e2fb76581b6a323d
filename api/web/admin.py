"""The administrator's users page: every account, and a form to create one."""
from __future__ import annotations

import uuid

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from vta import audit
from vta.errors import InvalidInput
from vta.vocabulary import ROLES
from vta.services import accounts, overview


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


ROUTES = [users, user_create]
