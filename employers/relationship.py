"""The employer relationship (VTA coordinator task 1): contact people, the interaction log, the
coordinator who owns the relationship and the employer's stance on inclusion (internal only)."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from employers.models import Employer, EmployerContact, Interaction
from employers.services import get_employer
from vta import audit
from vta.db import utcnow
from vta.errors import InvalidInput
from vta.listing import Page, fetch_page
from vta.models import User
from vta.principal import Principal
from vta.vocabulary import INCLUSION_STANCES, INTERACTION_KINDS



async def _staff_employer(session: AsyncSession, who: Principal, employer_id: object) -> Employer:
    who.require("admin", "coordinator")
    return await get_employer(session, who, employer_id)


async def add_contact(session: AsyncSession, who: Principal, employer_id: object, *, name: str,
                      title: str | None, email: str | None, phone: str | None) -> EmployerContact:
    employer = await _staff_employer(session, who, employer_id)
    contact = EmployerContact(employer_id=employer.id, name=name.strip(), title=title, email=email, phone=phone)
    session.add(contact)
    await session.flush()
    await audit.record(session, who, "create", "employer_contact", contact.id, employer=str(employer.id))
    return contact


async def list_contacts(session: AsyncSession, who: Principal, employer_id: object,
                        page: Page) -> tuple[list[EmployerContact], int]:
    employer = await _staff_employer(session, who, employer_id)
    rows, total = await fetch_page(session, select(EmployerContact).where(EmployerContact.employer_id == employer.id)
                                   .order_by(EmployerContact.name, EmployerContact.id), page)
    await audit.record(session, who, "read", "employer_contacts", employer.id, count=len(rows))
    return rows, total


async def log_interaction(session: AsyncSession, who: Principal, employer_id: object, *, kind: str,
                          occurred_on: date, notes: str, next_step: str | None,
                          next_step_due: date | None) -> Interaction:
    employer = await _staff_employer(session, who, employer_id)
    INTERACTION_KINDS.check(kind, "kind")
    if next_step_due is not None and not (next_step or "").strip():
        raise InvalidInput("next_step_due needs a next_step that says what is due.")
    if next_step_due is not None and next_step_due < occurred_on:
        raise InvalidInput("next_step_due must not be before occurred_on.")
    if occurred_on > utcnow().date() + timedelta(days=1):  # a day of slack for time zones
        raise InvalidInput("occurred_on must not be in the future.")
    item = Interaction(employer_id=employer.id, user_id=who.user_id, kind=kind, occurred_on=occurred_on,
                       notes=notes.strip(), next_step=(next_step or "").strip() or None, next_step_due=next_step_due)
    session.add(item)
    await session.flush()
    await audit.record(session, who, "create", "interaction", item.id, employer=str(employer.id))
    return item


async def list_interactions(session: AsyncSession, who: Principal, employer_id: object,
                            page: Page) -> tuple[list[Interaction], int]:
    """Newest first (by the day it happened, then by when it was written down)."""
    employer = await _staff_employer(session, who, employer_id)
    rows, total = await fetch_page(session, select(Interaction).where(Interaction.employer_id == employer.id).order_by(
        Interaction.occurred_on.desc(), Interaction.created_at.desc(), Interaction.id), page)
    await audit.record(session, who, "read", "interactions", employer.id, count=len(rows))
    return rows, total


async def set_relationship(session: AsyncSession, who: Principal, employer_id: object, *,
                           owner_id: str | None, inclusion_stance: str | None) -> Employer:
    """Change the owning coordinator and/or the stance; a field left out stays as it is."""
    employer = await _staff_employer(session, who, employer_id)
    if inclusion_stance is not None:
        employer.inclusion_stance = INCLUSION_STANCES.check(inclusion_stance, "inclusion_stance")
    if owner_id is not None:
        employer.relationship_owner_id = await _coordinator_of(session, employer, owner_id)
    await session.flush()
    await audit.record(session, who, "update", "employer_relationship", employer.id)
    return employer


async def _coordinator_of(session: AsyncSession, employer: Employer, owner_id: str) -> uuid.UUID:
    """The owner must be an active coordinator of the employer's association."""
    try:
        uid = uuid.UUID(owner_id)
    except ValueError:
        raise InvalidInput("owner_id must be the id of a coordinator of this association.") from None
    found = (await session.execute(select(User.id).where(
        User.id == uid, User.role == "coordinator", User.is_active,
        User.association_id == employer.association_id))).scalar()
    if found is None:
        raise InvalidInput("owner_id must be the id of a coordinator of this association.")
    return found


def not_contacted(days: int, today: date | None = None) -> ColumnElement[bool]:
    """A condition on employers for GET /employers?not_contacted_days=N: no interaction in the last
    N days (employers never contacted included)."""
    if days < 0:
        raise InvalidInput("not_contacted_days must be 0 or more.")
    since = (today or utcnow().date()) - timedelta(days=days)
    return ~select(Interaction.id).where(Interaction.employer_id == Employer.id,
                                         Interaction.occurred_on > since).correlate(Employer).exists()


async def last_contacts(session: AsyncSession, employer_ids: list[uuid.UUID]) -> dict[uuid.UUID, date]:
    """The day of each employer's latest interaction (absent when never contacted)."""
    if not employer_ids:
        return {}
    rows = await session.execute(select(Interaction.employer_id, func.max(Interaction.occurred_on))
                                 .where(Interaction.employer_id.in_(employer_ids)).group_by(Interaction.employer_id))
    return dict(rows.all())


__all__ = ["add_contact", "last_contacts", "not_contacted",
           "list_contacts", "list_interactions", "log_interaction", "set_relationship"]
