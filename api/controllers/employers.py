"""Employers, workplaces and needs."""
from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Response, get, patch, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from api.listing import Limit, Offset, Query, listed, page_of
from api.schemas import (EmployerCreate, EmployerOut, NeedCreate, NeedOut, OccupationOut, TaskOut, WorkplaceCreate,
                         WorkplaceOut)
from api.schemas_workspace import NeedPatch, changes
from employers import relationship, services
from employers.models import Employer, Need, Workplace
from vta.principal import Principal
from vta.vocabulary import NEED_STATUSES


def employer_out(e: Employer) -> EmployerOut:
    return EmployerOut(id=str(e.id), name=e.name, org_number=e.org_number, sector=e.sector, csr_partner=e.csr_partner)


def workplace_out(w: Workplace) -> WorkplaceOut:
    return WorkplaceOut(id=str(w.id), employer_id=str(w.employer_id), name=w.name, latitude=w.latitude,
                        longitude=w.longitude, municipality_code=w.municipality_code,
                        supervisor_capacity=w.supervisor_capacity)


def need_out(n: Need, employer_name: str | None = None, workplace_name: str | None = None,
             tasks: list | None = None) -> NeedOut:
    """`tasks`: the need's task rows when they were read apart (services.need_tasks), else its own."""
    return NeedOut(id=str(n.id), status=n.status, workplace_id=str(n.workplace_id), employer_id=str(n.employer_id),
                   title=n.title, description=n.description,
                   tasks=[TaskOut(title=t.title, description=t.description, core=t.core_or_support == "core",
                                  adaptable=t.adaptable) for t in (n.tasks if tasks is None else tasks)],
                   slots=n.slots,
                   filled_slots=n.filled_slots, hours_min=n.hours_min, hours_max=n.hours_max,
                   placement_types=list(n.placement_types), adaptations_offered=list(n.adaptations_offered),
                   skills=list(n.skills), swedish_level_required=n.swedish_level_required,
                   driving_licence_required=n.driving_licence_required,
                   status_label_sv=NEED_STATUSES.label(n.status), employer_name=employer_name,
                   workplace_name=workplace_name,
                   occupation=OccupationOut(label=n.occupation_label, ssyk=n.occupation_ssyk)
                   if n.occupation_ssyk and n.occupation_label else None)


def created(body: object, location: str) -> Response:
    return Response(body, status_code=201, headers={"Location": location})


class EmployerController(Controller):
    path = "/employers"
    tags = ["employers"]

    @post("/", summary="Register an employer")
    async def create(self, data: EmployerCreate, session: AsyncSession, who: Principal) -> Response[EmployerOut]:
        e = await services.create_employer(session, who, name=data.name, org_number=data.org_number,
                                           sector=data.sector, csr_partner=data.csr_partner)
        return created(employer_out(e), f"/api/v1/employers/{e.id}")

    @get("/", summary="List employers (coordinator: own association), by name or org number")
    async def list_employers(self, session: AsyncSession, who: Principal, q: Query | None = None,
                             sector: str | None = None, limit: Limit = 50, offset: Offset = 0,
                             not_contacted_days: Annotated[int | None, Parameter(ge=0, le=3660)] = None) -> dict:
        page = page_of(limit, offset)
        rows, total = await services.list_employers(session, who, page, q=q, sector=sector,
                                                    not_contacted_days=not_contacted_days)
        last = await relationship.last_contacts(session, [e.id for e in rows])
        return listed([msgspec.structs.replace(employer_out(e), last_contact_on=last.get(e.id)) for e in rows],
                      total, page)

    @get("/{employer_id:str}/workplaces", summary="An employer's workplaces (also for the employer's own users)")
    async def list_workplaces(self, employer_id: str, session: AsyncSession, who: Principal, limit: Limit = 50,
                              offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await services.list_workplaces(session, who, employer_id, page)
        return listed([workplace_out(w) for w in rows], total, page)

    @get("/{employer_id:str}", summary="Read an employer")
    async def read(self, employer_id: str, session: AsyncSession, who: Principal) -> EmployerOut:
        who.require("admin", "coordinator")
        return employer_out(await services.get_employer(session, who, employer_id))

    @post("/{employer_id:str}/workplaces", summary="Add a workplace to an employer")
    async def add_workplace(self, employer_id: str, data: WorkplaceCreate, session: AsyncSession,
                            who: Principal) -> Response[WorkplaceOut]:
        w = await services.create_workplace(session, who, employer_id, name=data.name, latitude=data.latitude,
                                            longitude=data.longitude, municipality_code=data.municipality_code,
                                            supervisor_capacity=data.supervisor_capacity)
        return created(workplace_out(w), f"/api/v1/employers/{employer_id}")


class NeedController(Controller):
    path = "/needs"
    tags = ["needs"]

    @post("/", summary="Post an employer need (behovsanalys) broken into tasks")
    async def create(self, data: NeedCreate, session: AsyncSession, who: Principal) -> Response[NeedOut]:
        need = await services.create_need(
            session, who, workplace_id=data.workplace_id, title=data.title, description=data.description,
            tasks=[services.TaskIn(title=t.title, description=t.description, core=t.core, adaptable=t.adaptable)
                   for t in data.tasks], slots=data.slots,
            hours_min=data.hours_min, hours_max=data.hours_max, placement_types=data.placement_types,
            adaptations_offered=data.adaptations_offered, skills=data.skills,
            swedish_level_required=data.swedish_level_required,
            driving_licence_required=data.driving_licence_required, status=data.status)
        need = await services.get_need(session, who, need.id)
        return created(need_out(need, *await services.need_names(session, need)), f"/api/v1/needs/{need.id}")

    @get("/", summary="List the needs the caller may see, newest first, with employer and workplace names")
    async def list_needs(self, session: AsyncSession, who: Principal, status: str | None = None,
                         q: Query | None = None, employer_id: str | None = None, workplace_id: str | None = None,
                         limit: Limit = 50, offset: Offset = 0) -> dict:
        page = page_of(limit, offset)
        rows, total = await services.list_needs(session, who, page, status=status, q=q, employer_id=employer_id,
                                                workplace_id=workplace_id)
        tasks = await services.need_tasks(session, [n.id for n in rows])
        return listed([need_out(n, n.employer_name, n.workplace_name, tasks[n.id]) for n in rows], total, page)

    @get("/{need_id:str}", summary="Read a need")
    async def read(self, need_id: str, session: AsyncSession, who: Principal) -> NeedOut:
        need, employer_name, workplace_name = await services.get_need_named(session, who, need_id)
        return need_out(need, employer_name, workplace_name, (await services.need_tasks(session, [need.id]))[need.id])

    @patch("/{need_id:str}", summary="Edit a need, or pause, close or reopen it (status)")
    async def update(self, need_id: str, data: NeedPatch, session: AsyncSession, who: Principal) -> NeedOut:
        need = await services.update_need(session, who, need_id, changes(data))
        return need_out(need, *await services.need_names(session, need))
