"""Users, login and bearer tokens."""
from __future__ import annotations

import asyncio
import hashlib
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from vta import audit
from vta.db import utcnow
from vta.errors import Conflict, InvalidInput, TooManyAttempts, Unauthenticated
from vta.models import ApiToken, Association, Employer, LoginAttempt, User
from vta.passwords import hash_password, verify_password
from vta.principal import Principal
from vta.settings import Settings
from vta.vocabulary import ROLES

DEFAULT_ASSOCIATION = "Samordningsförbundet"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def default_association(session: AsyncSession) -> Association:
    """The tenant that users and data created without one belong to (a single-association install)."""
    assoc = (await session.execute(select(Association).order_by(Association.created_at).limit(1))).scalar()
    if assoc is None:
        assoc = Association(name=DEFAULT_ASSOCIATION)
        session.add(assoc)
        await session.flush()
    return assoc


async def create_user(session: AsyncSession, *, email: str, password: str, role: str,
                      employer_id: uuid.UUID | None = None, association_id: uuid.UUID | None = None) -> User:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise InvalidInput("email must be an e-mail address.")
    ROLES.check(role, "role")
    if len(password) < 8:
        raise InvalidInput("password must be at least 8 characters.")
    if role in ("employer", "csr"):
        if employer_id is None:
            raise InvalidInput(f"employer_id is required for the {role} role.")
        employer = await session.get(Employer, employer_id)
        if employer is None:
            raise InvalidInput("employer_id names no employer.")
        if role == "csr" and not employer.csr_partner:
            raise InvalidInput("A csr user must belong to an employer that is a CSR partner.")
        association_id = employer.association_id
    elif employer_id is not None:
        raise InvalidInput(f"employer_id is only for the employer and csr roles, not {role}.")
    if association_id is None:
        association_id = (await default_association(session)).id
    if (await session.execute(select(User.id).where(User.email == email))).first():
        raise Conflict("A user with that e-mail already exists.")
    user = User(email=email, password_hash=hash_password(password), role=role, employer_id=employer_id,
                association_id=association_id)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("A user with that e-mail already exists.") from None
    return user


async def check_password(session: AsyncSession, settings: Settings, email: str, password: str, client: str) -> User:
    """The one login check (API token and web form): throttled per e-mail and per client address
    through the database, so the limit holds across server processes."""
    email = email.strip().lower()
    since = utcnow() - timedelta(seconds=settings.login_window_seconds)
    keys = (f"email:{email}", f"client:{client}")
    # Each key (the account, the client address) has the limit of its own.
    recent = dict((await session.execute(
        select(LoginAttempt.key, func.count()).where(LoginAttempt.key.in_(keys), LoginAttempt.created_at >= since)
        .group_by(LoginAttempt.key))).all())
    if max(recent.values(), default=0) >= settings.login_attempts_per_window:
        raise TooManyAttempts("Too many failed logins; wait a few minutes and try again.",
                              retry_after=settings.login_window_seconds)
    user = (await session.execute(select(User).where(User.email == email))).scalar()
    # End the read before the deliberately slow hash check: on SQLite every transaction holds the
    # write lock, and argon2 runs in a thread so the event loop keeps serving meanwhile.
    await session.commit()
    ok = await asyncio.to_thread(verify_password, user.password_hash if user else None, password)
    if not ok or not user or not user.is_active:
        session.add_all([LoginAttempt(key=k) for k in keys])
        # The failure must outlive the request: the error below rolls the request back.
        await session.commit()
        raise Unauthenticated("Wrong e-mail or password.")
    await session.execute(delete(LoginAttempt).where(LoginAttempt.key == keys[0]))
    return user


async def issue_token(session: AsyncSession, settings: Settings, email: str, password: str, client: str) -> str:
    user = await check_password(session, settings, email, password, client)
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token),
                         expires_at=utcnow() + timedelta(minutes=settings.token_ttl_minutes)))
    await audit.record(session, principal_of(user), "login", "user", user.id)
    return token


def principal_of(user: User) -> Principal:
    return Principal(user_id=user.id, role=user.role, association_id=user.association_id,
                     employer_id=user.employer_id)


async def principal_for_token(session: AsyncSession, token: str) -> Principal:
    row = (await session.execute(
        select(User).join(ApiToken, ApiToken.user_id == User.id).where(
            ApiToken.token_hash == _token_hash(token), ApiToken.expires_at > utcnow(),
            ApiToken.revoked_at.is_(None), User.is_active.is_(True)))).scalar()
    if row is None:
        raise Unauthenticated("Missing, invalid or expired token.")
    return principal_of(row)
