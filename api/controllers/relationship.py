"""The employer relationship: contacts, the interaction log, owner and stance (staff only)."""
from __future__ import annotations

from litestar import Controller, Response, get, post, put
from sqlalchemy.ext.asyncio import AsyncSession

from api.listing import Limit, Offset, listed, page_of
from api.schemas_employer_work import (ContactCreate, ContactOut, InteractionCreate, InteractionOut,
                                       RelationshipOut, RelationshipUpdate)
from employers import relationship as svc
from employers.models import EmployerContact, Interaction
from employers.services import get_employer
from vta.principal import Principal


def contact_out(c: EmployerContact) -> ContactOut:
    return ContactOut(id=str(c.id), employer_id=str(c.employer_id), name=c.name, title=c.title, email=c.email,
                      phone=c.phone)


def interaction_out(i: Interaction) -> InteractionOut:
    return InteractionOut(id=str(i.id), employer_id=str(i.employer_id), kind=i.kind, occurred_on=i.occurred_on,
                          notes=i.notes, next_step=i.next_step, next_step_due=i.next_step_due,
                          user_id=str(i.user_id) if i.user_id else None, created_at=i.created_at.isoformat())


class RelationshipController(Controller):
    path = "/employers/{employer_id:str}"
    tags = ["employer relationship"]

    @post("/contacts", summary="Add a contact person at the employer")
    async def add_contact(self, employer_id: str, data: ContactCreate, session: AsyncSession,
                          who: Principal) -> Response[ContactOut]:
        c = await svc.add_contact(session, who, employer_id, name=data.name, title=data.title, email=data.email,
                                  phone=data.phone)
        return Response(contact_out(c), status_code=201)

    @get("/contacts", summary="The employer's contact people")
    async def contacts(self, employer_id: str, session: AsyncSession, who: Principal, limit: Limit = 50,
                       offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_contacts(session, who, employer_id, page)
        return listed([contact_out(c) for c in rows], total, page)

    @post("/interactions", summary="Log a visit, call, e-mail or meeting; a next step with a due date "
                                   "becomes a reminder for the owning coordinator")
    async def log(self, employer_id: str, data: InteractionCreate, session: AsyncSession,
                  who: Principal) -> Response[InteractionOut]:
        i = await svc.log_interaction(session, who, employer_id, kind=data.kind, occurred_on=data.occurred_on,
                                      notes=data.notes, next_step=data.next_step, next_step_due=data.next_step_due)
        return Response(interaction_out(i), status_code=201)

    @get("/interactions", summary="The interaction log, newest first")
    async def interactions(self, employer_id: str, session: AsyncSession, who: Principal, limit: Limit = 50,
                           offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await svc.list_interactions(session, who, employer_id, page)
        return listed([interaction_out(i) for i in rows], total, page)

    @get("/relationship", summary="Owning coordinator, stance on inclusion (internal) and last contact")
    async def relationship(self, employer_id: str, session: AsyncSession, who: Principal) -> RelationshipOut:
        who.require("admin", "coordinator")
        return await _relationship_out(session, await get_employer(session, who, employer_id))

    @put("/relationship", summary="Set the owning coordinator and/or the stance on inclusion (internal)")
    async def set_relationship(self, employer_id: str, data: RelationshipUpdate, session: AsyncSession,
                               who: Principal) -> RelationshipOut:
        e = await svc.set_relationship(session, who, employer_id, owner_id=data.owner_id,
                                       inclusion_stance=data.inclusion_stance)
        return await _relationship_out(session, e)


async def _relationship_out(session: AsyncSession, e) -> RelationshipOut:  # noqa: ANN001
    last = (await svc.last_contacts(session, [e.id])).get(e.id)
    return RelationshipOut(employer_id=str(e.id), owner_id=str(e.relationship_owner_id) if e.relationship_owner_id
                           else None, inclusion_stance=e.inclusion_stance, last_contact_on=last)
