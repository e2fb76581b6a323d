"""What the web pages list: each role's start page and the plain lists the pages link from.

Every query is scoped with the same functions the API uses (scope_participants, scope_needs), and
every list that shows personal data writes its audit row. The coordinator's searchable lists of
the workspace API will replace the simple lists here when they land.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from employers.models import Employer, Need, Workplace
from employers.services import scope_employers, scope_needs
from vta import audit
from vta.db import utcnow
from vta.models import Checkpoint, MatchRun, Notification, Participant, Placement, Proposal, User
from vta.listing import Page
from vta.principal import Principal
from vta.services.participants import scope_participants
from vta.services.runs import list_runs, scope_runs

OPEN_NEED = ("open", "partially_filled")
COMING_DAYS = 14
LIST_LIMIT = 200


@dataclass
class CheckpointRow:
    placement_id: uuid.UUID
    checkpoint_id: uuid.UUID
    kind: str
    due_date: date
    overdue: bool
    person: str
    need_title: str


@dataclass
class Overview:
    participants: list[Participant] = field(default_factory=list)
    participant_count: int = 0
    needs: list[Need] = field(default_factory=list)
    proposals_waiting: int = 0
    latest_run: MatchRun | None = None
    checkpoints: list[CheckpointRow] = field(default_factory=list)
    unread: list[Notification] = field(default_factory=list)
    candidates_waiting: int = 0
    employer_name: str = ""


def _today() -> date:
    return utcnow().date()


def _scope_placements(stmt: Any, who: Principal) -> Any:
    """Placements the caller may see: coordinators by the participant's association, employers their own."""
    if who.role in ("admin", "system"):
        return stmt
    if who.role == "coordinator":
        return stmt.join(Participant, Participant.id == Placement.participant_id).where(
            Participant.association_id == who.association_id)
    if who.role == "employer":
        return stmt.where(Placement.employer_id == who.employer_id)
    return stmt.where(False)


async def names(session: AsyncSession, who: Principal, participant_ids: set[uuid.UUID],
                need_ids: set[uuid.UUID]) -> tuple[dict[uuid.UUID, str], dict[uuid.UUID, Need]]:
    """Display names and needs for ids the caller already holds (a run's proposals, a placement)."""
    people: dict[uuid.UUID, str] = {}
    if participant_ids and who.role in ("admin", "coordinator"):
        people = dict((await session.execute(scope_participants(
            select(Participant.id, Participant.display_name).where(Participant.id.in_(participant_ids)), who))).all())
        await audit.record(session, who, "read_names", "participants", None, count=len(people))
    needs: dict[uuid.UUID, Need] = {}
    if need_ids:
        needs = {n.id: n for n in (await session.execute(scope_needs(
            select(Need).options(selectinload(Need.tasks)).where(Need.id.in_(need_ids)), who))).scalars()}
    return people, needs


async def list_placements(session: AsyncSession, who: Principal) -> list[tuple[Placement, str, str]]:
    """(placement, person's name or "", need title), newest first. Employers see no names here."""
    who.require("admin", "coordinator", "employer")
    stmt = _scope_placements(select(Placement, Need.title).join(Need, Need.id == Placement.need_id), who)
    rows = (await session.execute(stmt.order_by(Placement.start_date.desc()).limit(LIST_LIMIT))).all()
    people, _ = await names(session, who, {p.participant_id for p, _ in rows}, set())
    return [(p, people.get(p.participant_id, ""), title) for p, title in rows]


async def _checkpoints(session: AsyncSession, who: Principal) -> list[CheckpointRow]:
    """Overdue checkpoints and those due within two weeks, of active placements."""
    today = _today()
    stmt = _scope_placements(
        select(Checkpoint, Placement, Need.title).join(Placement, Placement.id == Checkpoint.placement_id)
        .join(Need, Need.id == Placement.need_id)
        .where(Checkpoint.status == "scheduled", Checkpoint.due_date <= today + timedelta(days=COMING_DAYS),
               Placement.active.is_(True)), who)
    rows = (await session.execute(stmt.order_by(Checkpoint.due_date).limit(50))).all()
    people, _ = await names(session, who, {p.participant_id for _, p, _ in rows}, set())
    return [CheckpointRow(placement_id=p.id, checkpoint_id=c.id, kind=c.kind, due_date=c.due_date,
                          overdue=c.due_date < today, person=people.get(p.participant_id, ""), need_title=title)
            for c, p, title in rows]


async def _unread(session: AsyncSession, who: Principal) -> list[Notification]:
    return list((await session.execute(select(Notification).where(
        Notification.user_id == who.user_id, Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc()).limit(10))).scalars())


async def coordinator_overview(session: AsyncSession, who: Principal) -> Overview:
    who.require("admin", "coordinator")
    mine = scope_participants(select(Participant).where(Participant.erased_at.is_(None)), who)
    if who.role == "coordinator":
        mine = mine.where(Participant.coordinator_id == who.user_id)
    out = Overview()
    out.participant_count = (await session.execute(select(func.count()).select_from(mine.subquery()))).scalar_one()
    out.participants = list((await session.execute(mine.order_by(Participant.created_at.desc()).limit(5))).scalars())
    await audit.record(session, who, "list", "participants", None, count=len(out.participants))
    out.needs = list((await session.execute(scope_needs(select(Need).where(Need.status.in_(OPEN_NEED)), who)
                                            .order_by(Need.created_at.desc()).limit(8))).scalars())
    out.proposals_waiting = (await session.execute(scope_runs(
        select(func.count()).select_from(Proposal).join(MatchRun, MatchRun.id == Proposal.run_id)
        .where(Proposal.status == "proposed", Proposal.kind == "assignment"), who))).scalar_one()
    runs, _ = await list_runs(session, who, Page(limit=1))
    out.latest_run = runs[0] if runs else None
    out.checkpoints = await _checkpoints(session, who)
    out.unread = await _unread(session, who)
    return out


async def employer_overview(session: AsyncSession, who: Principal) -> Overview:
    who.require("employer")
    out = Overview()
    employer = (await session.execute(scope_employers(select(Employer), who))).scalar()
    out.employer_name = employer.name if employer else ""
    out.needs = list((await session.execute(scope_needs(select(Need), who).order_by(Need.created_at.desc())
                                            .limit(20))).scalars())
    out.candidates_waiting = (await session.execute(
        select(func.count()).select_from(Proposal).join(Need, Need.id == Proposal.need_id)
        .where(Need.employer_id == who.employer_id, Proposal.status == "approved"))).scalar_one()
    out.checkpoints = await _checkpoints(session, who)
    out.unread = await _unread(session, who)
    return out


async def workplaces(session: AsyncSession, who: Principal) -> list[tuple[Workplace, str]]:
    """Workplaces the caller may post needs for, with the employer's name."""
    who.require("admin", "coordinator", "employer")
    stmt = scope_employers(select(Workplace, Employer.name).join(Employer, Employer.id == Workplace.employer_id), who)
    return [(w, name) for w, name in (await session.execute(stmt.order_by(Employer.name, Workplace.name))).all()]


async def list_users(session: AsyncSession, who: Principal) -> list[tuple[User, str]]:
    """Every account with its employer's name (admin only; no password hashes leave here)."""
    who.require("admin")
    rows = (await session.execute(select(User, Employer.name).outerjoin(Employer, Employer.id == User.employer_id)
                                  .order_by(User.role, User.email))).all()
    await audit.record(session, who, "list", "users", None, count=len(rows))
    return [(u, name or "") for u, name in rows]


async def list_employers(session: AsyncSession, who: Principal) -> list[Employer]:
    who.require("admin", "coordinator")
    return list((await session.execute(scope_employers(select(Employer), who).order_by(Employer.name))).scalars())
