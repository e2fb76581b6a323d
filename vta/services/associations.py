"""Administration of associations (samordningsförbund), the tenants coordinators belong to."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from vta import audit
from vta.errors import Conflict, InvalidInput, NotFound
from vta.ids import parse_id
from vta.listing import Page, fetch_page
from vta.models import Association, Participant, User
from vta.principal import Principal


async def create_association(session: AsyncSession, who: Principal, name: str) -> Association:
    who.require("admin")
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("name must not be empty.")
    if (await session.execute(select(Association.id).where(Association.name == name))).first():
        raise Conflict("An association with that name already exists.")
    association = Association(name=name)
    session.add(association)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("An association with that name already exists.") from None
    await audit.record(session, who, "create", "association", association.id)
    return association


async def list_associations(session: AsyncSession, who: Principal, page: Page) -> tuple[list[Association], int]:
    who.require("admin")
    return await fetch_page(session, select(Association).order_by(Association.name, Association.id), page)


async def get_association(session: AsyncSession, who: Principal, association_id: object) -> Association:
    who.require("admin")
    association = await session.get(Association, parse_id(association_id, "Association"))
    if association is None:
        raise NotFound("Association")
    return association


async def place_coordinator(session: AsyncSession, who: Principal, association_id: object,
                            user_id: object) -> User:
    """Move a coordinator into an association. The participants they were responsible for stay with
    their association (and its other coordinators); the responsibility is cleared, not carried along."""
    association = await get_association(session, who, association_id)
    user = await session.get(User, parse_id(user_id, "User"))
    if user is None:
        raise InvalidInput("user_id names no user.")
    if user.role != "coordinator":
        raise InvalidInput(f"Only a coordinator is placed in an association (this user is {user.role}).")
    if user.association_id != association.id:
        await session.execute(update(Participant).where(
            Participant.coordinator_id == user.id, Participant.association_id != association.id)
            .values(coordinator_id=None))
        user.association_id = association.id
        await session.flush()
    await audit.record(session, who, "place", "user", user.id, association=str(association.id))
    return user


async def association_by_name(session: AsyncSession, name: str) -> Association:
    association = (await session.execute(select(Association).where(Association.name == " ".join(name.split())))).scalar()
    if association is None:
        raise InvalidInput(f"No association is named {name!r}.")
    return association


async def user_by_email(session: AsyncSession, email: str) -> User:
    user = (await session.execute(select(User).where(User.email == email.strip().lower()))).scalar()
    if user is None:
        raise InvalidInput(f"No user has the e-mail {email!r}.")
    return user


__all__ = ["association_by_name", "create_association", "get_association", "list_associations",
           "place_coordinator", "user_by_email"]
