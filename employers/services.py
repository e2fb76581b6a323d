"""Employer domain use cases: employers, workplaces and needs, scoped to the caller."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from stdnum.se import orgnr

from employers.models import Employer, Need, NeedTask, Workplace
from vta import audit
from vta.errors import Conflict, InvalidInput, NotFound
from vta.ids import parse_id
from vta.principal import Principal
from employers import term_counts
from vta.text_rules import clean_name
from vta.db import utcnow
from vta.encoding_jobs import defer_encoding
from vta.listing import Page, fetch_page, like_pattern
from vta.vocabulary import (MATCHABLE_NEED_STATUSES, NEED_STATUS_SETTABLE, NEED_STATUSES, PLACEMENT_TYPES, SECTORS,
                            SWEDISH_LEVELS, adaptation_tags)


def scope_employers(stmt: Select, who: Principal) -> Select:
    """Restrict a query over employers to what the caller may see."""
    if who.role in ("admin", "system"):
        return stmt
    if who.role == "coordinator":
        return stmt.where(Employer.association_id == who.association_id)
    return stmt.where(Employer.id == who.employer_id)


def normalise_org_number(value: str) -> str:
    if not orgnr.is_valid(value):
        raise InvalidInput("org_number must be a valid Swedish organisationsnummer (NNNNNN-NNNN).")
    return orgnr.format(value)


async def create_employer(session: AsyncSession, who: Principal, *, name: str, org_number: str, sector: str,
                          csr_partner: bool) -> Employer:
    who.require("admin", "coordinator")
    SECTORS.check(sector, "sector")
    if who.association_id is None:
        raise InvalidInput("Your account belongs to no association.")
    employer = Employer(name=clean_name(name, "name"), org_number=normalise_org_number(org_number), sector=sector,
                        csr_partner=csr_partner, association_id=who.association_id,
                        relationship_owner_id=who.user_id if who.role == "coordinator" else None)
    session.add(employer)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("An employer with that org_number already exists.") from None
    await audit.record(session, who, "create", "employer", employer.id)
    return employer


async def get_employer(session: AsyncSession, who: Principal, employer_id: object) -> Employer:
    eid = parse_id(employer_id, "Employer")
    employer = (await session.execute(scope_employers(select(Employer).where(Employer.id == eid), who))).scalar()
    if employer is None:
        raise NotFound("Employer")
    return employer


async def create_workplace(session: AsyncSession, who: Principal, employer_id: object, *, name: str,
                           latitude: float, longitude: float, municipality_code: str | None,
                           supervisor_capacity: int) -> Workplace:
    who.require("admin", "coordinator")
    employer = await get_employer(session, who, employer_id)
    if municipality_code is not None and not (len(municipality_code) == 4 and municipality_code.isdigit()):
        raise InvalidInput("municipality_code must be a four-digit kommunkod.")
    workplace = Workplace(employer_id=employer.id, name=clean_name(name, "name"), latitude=latitude, longitude=longitude,
                          municipality_code=municipality_code, supervisor_capacity=supervisor_capacity)
    session.add(workplace)
    await session.flush()
    await audit.record(session, who, "create", "workplace", workplace.id)
    return workplace


async def get_workplace(session: AsyncSession, who: Principal, workplace_id: object) -> Workplace:
    wid = parse_id(workplace_id, "Workplace")
    stmt = scope_employers(select(Workplace).join(Employer).where(Workplace.id == wid), who)
    workplace = (await session.execute(stmt)).scalar()
    if workplace is None:
        raise NotFound("Workplace")
    return workplace


@dataclass(frozen=True, slots=True)
class TaskIn:
    title: str
    description: str = ""
    core: bool = False
    adaptable: bool = False


@dataclass(frozen=True, slots=True)
class OccupationIn:
    label: str
    ssyk: str


async def create_need(session: AsyncSession, who: Principal, *, workplace_id: object, title: str, description: str,
                      tasks: Sequence[TaskIn], slots: int, hours_min: int, hours_max: int,
                      placement_types: Sequence[str], adaptations_offered: Sequence[str], skills: Sequence[str],
                      swedish_level_required: str, driving_licence_required: bool, status: str = "open",
                      occupation: OccupationIn | None = None) -> Need:
    """A need, published ("open") or kept as a draft of the needs analysis that is not matched
    until it is opened (an employer may start one in the portal for a coordinator to complete)."""
    who.require("admin", "coordinator", "employer")
    if status not in ("open", "draft"):
        raise InvalidInput("status must be open or draft for a new need.")
    workplace = await get_workplace(session, who, workplace_id)
    if hours_min > hours_max:
        raise InvalidInput("hours_min must not be greater than hours_max.")
    SWEDISH_LEVELS.check(swedish_level_required, "swedish_level_required")
    if not placement_types:
        raise InvalidInput("placement_types must name at least one placement type.")
    need = Need(
        workplace_id=workplace.id, employer_id=workplace.employer_id, title=title.strip(),
        description=description.strip(), slots=slots, hours_min=hours_min, hours_max=hours_max,
        placement_types=PLACEMENT_TYPES.check_all(placement_types, "placement_types"),
        adaptations_offered=adaptation_tags().check_all(adaptations_offered, "adaptations_offered"),
        skills=[s.strip() for s in skills if s.strip()], swedish_level_required=swedish_level_required,
        driving_licence_required=driving_licence_required, created_by=who.user_id,
        posted_by="employer_portal" if who.role == "employer" else "coordinator", status=status,
        occupation_label=occupation.label if occupation else None,
        occupation_ssyk=occupation.ssyk if occupation else None,
        tasks=[NeedTask(position=i, title=t.title.strip(), description=t.description.strip(),
                        core_or_support="core" if t.core else "support", adaptable=t.adaptable)
               for i, t in enumerate(tasks)],
    )
    session.add(need)
    await session.flush()
    await term_counts.track_need(session, need)
    await audit.record(session, who, "create", "need", need.id)
    defer_encoding(session, "need", need.id)
    return need


def scope_needs(stmt: Select, who: Principal) -> Select:
    return scope_employers(stmt.join(Employer, Employer.id == Need.employer_id), who)


async def get_need(session: AsyncSession, who: Principal, need_id: object) -> Need:
    who.require("admin", "coordinator", "employer")
    nid = parse_id(need_id, "Need")
    stmt = scope_needs(select(Need).options(selectinload(Need.tasks)).where(Need.id == nid), who)
    need = (await session.execute(stmt)).scalar()
    if need is None:
        raise NotFound("Need")
    return need


def need_status_after_fill(need: Need) -> str:
    return "filled" if need.filled_slots >= need.slots else ("partially_filled" if need.filled_slots else "open")


# --- lists and edits of the coordinator's workspace ---------------------------------------------

def employers_query(who: Principal) -> Select:
    """By name: a coordinator's association along ix_employers_association_name (association_id, name, id)."""
    return scope_employers(select(Employer), who).order_by(Employer.name, Employer.id)


async def list_employers(session: AsyncSession, who: Principal, page: Page, *, q: str | None = None,
                         sector: str | None = None,
                         not_contacted_days: int | None = None) -> tuple[list[Employer], int]:
    from employers.relationship import not_contacted  # the relationship module builds on this one

    who.require("admin", "coordinator")
    stmt = employers_query(who)
    if not_contacted_days is not None:
        stmt = stmt.where(not_contacted(not_contacted_days))
    if q and q.strip():
        stmt = stmt.where(or_(Employer.name.ilike(like_pattern(q), escape="\\"),
                              Employer.org_number.ilike(like_pattern(q), escape="\\")))
    if sector is not None:
        stmt = stmt.where(Employer.sector == SECTORS.check(sector, "sector"))
    return await fetch_page(session, stmt, page)


async def list_workplaces(session: AsyncSession, who: Principal, employer_id: object,
                          page: Page) -> tuple[list[Workplace], int]:
    """An employer's workplaces: for coordinators and admins, and for the employer's own users
    (so that an employer can post its first need)."""
    who.require("admin", "coordinator", "employer")
    employer = await get_employer(session, who, employer_id)
    stmt = select(Workplace).where(Workplace.employer_id == employer.id).order_by(Workplace.name, Workplace.id)
    return await fetch_page(session, stmt, page)


# A need as lists show it (the API's NeedOut and the pages): the columns they read and the names of
# its employer and workplace, as one plain row with the Need's attribute names. Lists are read
# often, and ORM objects, and columns nobody reads, cost most of them.
NEED_ROW = (Need.id, Need.status, Need.workplace_id, Need.employer_id, Need.title, Need.description, Need.slots,
            Need.filled_slots, Need.hours_min, Need.hours_max, Need.placement_types, Need.adaptations_offered,
            Need.skills, Need.swedish_level_required, Need.driving_licence_required, Need.occupation_label,
            Need.occupation_ssyk, Employer.name.label("employer_name"), Workplace.name.label("workplace_name"))


def needs_query(who: Principal, *, status: str | None = None, q: str | None = None) -> Select:
    """NEED_ROW rows, newest first. An employer's needs are read backwards along
    ix_needs_employer_page (employer_id, created_at, id), already in order. A coordinator's come
    employer by employer (ix_employers_association_name, then ix_needs_employer_page) and are
    sorted: needs carry no association of their own, so no one index holds both the scope and the
    order; the sort is of one association's needs, never the table."""
    stmt = scope_needs(select(*NEED_ROW).join(Workplace, Workplace.id == Need.workplace_id), who).order_by(
        Need.created_at.desc(), Need.id.desc())
    if status is not None:
        stmt = stmt.where(Need.status == NEED_STATUSES.check(status, "status"))
    if q and q.strip():
        stmt = stmt.where(Need.title.ilike(like_pattern(q), escape="\\"))
    return stmt


async def list_needs(session: AsyncSession, who: Principal, page: Page, *, status: str | None = None,
                     q: str | None = None, employer_id: object = None,
                     workplace_id: object = None) -> tuple[list[Any], int]:
    """NEED_ROW rows for the needs the caller may see, newest first."""
    who.require("admin", "coordinator", "employer")
    stmt = needs_query(who, status=status, q=q)
    if employer_id is not None:  # an employer the caller cannot see is a 404, like one that does not exist
        stmt = stmt.where(Need.employer_id == (await get_employer(session, who, employer_id)).id)
    if workplace_id is not None:
        stmt = stmt.where(Need.workplace_id == (await get_workplace(session, who, workplace_id)).id)
    return await fetch_page(session, stmt, page, scalars=False)


async def get_need_named(session: AsyncSession, who: Principal, need_id: object) -> tuple[Need, str, str]:
    """(need, employer name, workplace name) in one query: what reading a need shows. Its tasks
    are not loaded: need_tasks reads them."""
    who.require("admin", "coordinator", "employer")
    nid = parse_id(need_id, "Need")
    stmt = scope_needs(select(Need, Employer.name, Workplace.name).join(Workplace, Workplace.id == Need.workplace_id)
                       .where(Need.id == nid), who)
    row = (await session.execute(stmt)).first()
    if row is None:
        raise NotFound("Need")
    return row[0], row[1], row[2]


# The tasks of the needs a read shows, as plain rows in one constant statement: loading them as
# ORM objects (selectinload) cost more than the rest of the read.
_TASKS_OF = (select(NeedTask.need_id, NeedTask.title, NeedTask.description, NeedTask.core_or_support,
                    NeedTask.adaptable).where(NeedTask.need_id.in_(bindparam("need_ids", expanding=True)))
             .order_by(NeedTask.need_id, NeedTask.position))


async def need_tasks(session: AsyncSession, need_ids: Sequence[object]) -> dict[object, list]:
    """need id -> its tasks in order (rows with title, description, core_or_support, adaptable)."""
    tasks: dict[object, list] = {nid: [] for nid in need_ids}
    if need_ids:
        for row in await session.execute(_TASKS_OF, {"need_ids": list(need_ids)}):
            tasks[row.need_id].append(row)
    return tasks


async def need_names(session: AsyncSession, need: Need) -> tuple[str, str]:
    """(employer name, workplace name) of a need."""
    row = (await session.execute(select(Employer.name, Workplace.name).join(Workplace, Workplace.employer_id == Employer.id)
                                 .where(Workplace.id == need.workplace_id))).one()
    return row[0], row[1]


NEED_TEXT_FIELDS = ("title", "description", "tasks", "skills")


async def update_need(session: AsyncSession, who: Principal, need_id: object, changes: dict) -> Need:
    """Edit a need, or pause, close or reopen it. Only open needs are matched. Reopening a need
    brings back the status its slots give it (open, partially filled or filled); opening a draft
    publishes it. Nothing goes back to draft (not a status PATCH may set)."""
    need = await get_need(session, who, need_id)
    fields = sorted(changes)
    status = changes.pop("status", None)
    hours_min, hours_max = changes.get("hours_min", need.hours_min), changes.get("hours_max", need.hours_max)
    if hours_min > hours_max:
        raise InvalidInput("hours_min must not be greater than hours_max.")
    if "slots" in changes and changes["slots"] < need.filled_slots:
        raise Conflict(f"{need.filled_slots} slots are already filled; slots cannot go below that.")
    if "swedish_level_required" in changes:
        SWEDISH_LEVELS.check(changes["swedish_level_required"], "swedish_level_required")
    if "placement_types" in changes:
        changes["placement_types"] = PLACEMENT_TYPES.check_all(changes["placement_types"], "placement_types")
        if not changes["placement_types"]:
            raise InvalidInput("placement_types must name at least one placement type.")
    if "adaptations_offered" in changes:
        changes["adaptations_offered"] = adaptation_tags().check_all(changes["adaptations_offered"],
                                                                     "adaptations_offered")
    for name in ("title", "description"):
        if name in changes:
            changes[name] = changes[name].strip()
    if "skills" in changes:
        changes["skills"] = [s.strip() for s in changes["skills"] if s.strip()]
    if "tasks" in changes:
        need.tasks = [NeedTask(position=i, title=t.title.strip(), description=t.description.strip(),
                               core_or_support="core" if t.core else "support", adaptable=t.adaptable)
                      for i, t in enumerate(changes.pop("tasks"))]
    for name, value in changes.items():
        setattr(need, name, value)
    if status is not None:
        if status not in NEED_STATUS_SETTABLE:
            raise InvalidInput(f"status must be one of {', '.join(NEED_STATUS_SETTABLE)}.")
        if need.status == "draft" and status == "paused":  # never published, so nothing to pause
            raise Conflict("A draft is published with status open, or dropped with closed; it cannot be paused.")
        need.status = need_status_after_fill(need) if status == "open" else status
    elif need.status in MATCHABLE_NEED_STATUSES + ("filled",):
        need.status = need_status_after_fill(need)  # slots may have changed
    await session.flush()
    await term_counts.track_need(session, need)
    if set(fields) & set(NEED_TEXT_FIELDS):
        defer_encoding(session, "need", need.id, version=f"{utcnow().timestamp():.6f}")
    await audit.record(session, who, "update", "need", need.id, fields=fields, status=need.status)
    return await get_need(session, who, need.id)


__all__ = ["OccupationIn", "TaskIn", "create_employer", "create_need", "create_workplace", "get_employer", "get_need",
           "get_workplace", "list_employers", "list_needs", "list_workplaces", "need_names", "need_tasks", "need_status_after_fill",
           "scope_employers", "scope_needs", "update_need"]
