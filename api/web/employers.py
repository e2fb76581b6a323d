"""The coordinator's employer pages: a list (optionally only those not contacted for N days) and
an employer's page with its relationship (owner, stance), contacts, interaction log and timeline,
needs, placements and support decisions. Forms are plain POSTs; the services keep the rules, and
a refused form comes back on the page with its message and what was typed (nothing stored)."""
from __future__ import annotations

from datetime import date

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.web.common import Viewer, form_data, page, see_other
from api.web.forms import Form
from employers import relationship as rel
from employers import services as employers
from employers import support
from employers.models import Employer
from vta.errors import InvalidInput
from vta.listing import MAX_LIMIT, Page
from vta.models import User
from vta.services import overview
from vta.vocabulary import INCLUSION_STANCES, INTERACTION_KINDS

NOT_CONTACTED_CHOICES = (30, 60, 90, 180)


@get("/employers")
async def employer_list(viewer: Viewer, session: AsyncSession, not_contacted_days: int | None = None) -> Template:
    viewer.who.require("admin", "coordinator")
    stmt = employers.scope_employers(select(Employer), viewer.who).order_by(Employer.name, Employer.id)
    if not_contacted_days is not None:
        stmt = stmt.where(rel.not_contacted(not_contacted_days))
    rows = list((await session.execute(stmt.limit(Page().limit))).scalars())
    last = await rel.last_contacts(session, [e.id for e in rows])
    return page("employers.html", viewer=viewer, rows=[(e, last.get(e.id)) for e in rows],
                days=not_contacted_days, choices=NOT_CONTACTED_CHOICES)


@get("/employers/{employer_id:str}")
async def employer_page(employer_id: str, viewer: Viewer, session: AsyncSession, done: str | None = None) -> Template:
    return await _employer_page(viewer, session, employer_id, done=done)


async def _employer_page(viewer: Viewer, session: AsyncSession, employer_id: object, *, done: str | None = None,
                         refused: dict | None = None) -> Template:
    """The page; `refused` is a form that comes back: {"name", "data", "errors", "problem"} (422)."""
    who = viewer.who
    who.require("admin", "coordinator")
    employer = await employers.get_employer(session, who, employer_id)
    contacts, _ = await rel.list_contacts(session, who, employer.id, Page(limit=MAX_LIMIT))
    interactions, _ = await rel.list_interactions(session, who, employer.id, Page(limit=MAX_LIMIT))
    needs, _ = await employers.list_needs(session, who, Page(limit=200), employer_id=employer.id)
    placements = [r for r in await overview.list_placements(session, who) if r[0].employer_id == employer.id]
    mine = {p.id for p, _, _ in placements}
    decisions = [d for d in (await support.list_decisions(session, who, Page(limit=MAX_LIMIT)))[0]
                 if d.placement_id in mine]
    owner = await session.get(User, employer.relationship_owner_id) if employer.relationship_owner_id else None
    authors = {u.id: u.email for u in (await session.execute(
        select(User).where(User.id.in_({i.user_id for i in interactions})))).scalars()} if interactions else {}
    return page("employer.html", status=422 if refused else 200, viewer=viewer, employer=employer,
                contacts=contacts, interactions=interactions, authors=authors, needs=needs, placements=placements,
                decisions=decisions, owner=owner, stances=INCLUSION_STANCES, kinds=INTERACTION_KINDS,
                today=date.today(), done=done, refused=refused or {"name": "", "data": {}, "errors": {}, "problem": ""})


async def _refused(viewer: Viewer, session: AsyncSession, employer_id: str, name: str, form: Form,
                   problem: str = "") -> Template:
    await session.rollback()  # nothing of a refused form is kept
    return await _employer_page(viewer, session, employer_id,
                                refused={"name": name, "data": form.data, "errors": form.errors, "problem": problem})


@post("/employers/{employer_id:str}/contacts")
async def contact_add(employer_id: str, request: Request, viewer: Viewer,
                      session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin", "coordinator")
    form = Form(await form_data(request))
    name = form.text("name", max_len=200)
    # the columns' lengths: a longer text is refused here, never cut or left to the database
    title, email, phone = (form.text(k, required=False, max_len=n) or None
                           for k, n in (("title", 100), ("email", 254), ("phone", 40)))
    if not form.ok:
        return await _refused(viewer, session, employer_id, "contact", form)
    try:
        employer = await employers.get_employer(session, viewer.who, employer_id)
        await rel.add_contact(session, viewer.who, employer.id, name=name, title=title, email=email, phone=phone)
    except InvalidInput as exc:
        return await _refused(viewer, session, employer_id, "contact", form, exc.detail)
    return see_other(f"/employers/{employer.id}?done=created#contacts")


@post("/employers/{employer_id:str}/interactions")
async def interaction_add(employer_id: str, request: Request, viewer: Viewer,
                          session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin", "coordinator")
    form = Form(await form_data(request))
    kind = form.choice("kind", INTERACTION_KINDS.codes)
    occurred = form.day("occurred_on")
    notes = form.text("notes", max_len=5000)
    next_step = form.text("next_step", required=False, max_len=1000) or None
    due = form.day("next_step_due", required=False)
    if not form.ok:
        return await _refused(viewer, session, employer_id, "interaction", form)
    try:
        employer = await employers.get_employer(session, viewer.who, employer_id)
        await rel.log_interaction(session, viewer.who, employer.id, kind=kind, occurred_on=occurred,  # type: ignore[arg-type]
                                  notes=notes, next_step=next_step, next_step_due=due)
    except InvalidInput as exc:
        return await _refused(viewer, session, employer_id, "interaction", form, exc.detail)
    return see_other(f"/employers/{employer.id}?done=created#timeline")


@post("/employers/{employer_id:str}/relationship")
async def relationship_set(employer_id: str, request: Request, viewer: Viewer,
                           session: AsyncSession) -> Template | Redirect:
    viewer.who.require("admin", "coordinator")
    form = Form(await form_data(request))
    stance = form.choice("inclusion_stance", INCLUSION_STANCES.codes)
    if not form.ok:
        return await _refused(viewer, session, employer_id, "relationship", form)
    employer = await rel.set_relationship(session, viewer.who, employer_id, owner_id=None, inclusion_stance=stance)
    return see_other(f"/employers/{employer.id}?done=saved#relationship")


ROUTES = [employer_list, employer_page, contact_add, interaction_add, relationship_set]
