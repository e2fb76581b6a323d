"""Users, login and bearer tokens."""
from __future__ import annotations

import asyncio
import hashlib
import secrets
import unicodedata
import uuid
from datetime import timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from employers.models import Employer
from vta import audit, password_policy
from vta.db import utcnow
from vta.errors import Conflict, InvalidInput, NotFound, Unauthenticated
from vta.ids import parse_id
from vta.models import ApiToken, Association, User
from vta.passwords import hash_password, verify_password
from vta.principal import Principal
from vta.services import login_throttle
from vta.settings import Settings
from vta.text_rules import clean_email
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
    email = clean_email(email)
    if "@" not in email or len(email) > 254:
        raise InvalidInput("email must be an e-mail address.")
    ROLES.check(role, "role")
    password_policy.check_password(password, email)
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
    """The one login check (API token and web form), throttled per account and per (account,
    client) through the database (vta/services/login_throttle.py)."""
    email = unicodedata.normalize("NFC", email).strip().lower()
    await login_throttle.reserve(session, settings, email, client)
    user = (await session.execute(select(User).where(User.email == email))).scalar()
    # The reserved attempt is committed before the deliberately slow hash check, so it counts even
    # if this request dies; it also ends the transaction, which on SQLite holds the write lock.
    # argon2 runs in a thread so the event loop keeps serving meanwhile.
    await session.commit()
    ok = await asyncio.to_thread(verify_password, user.password_hash if user else None, password)
    if not ok or not user or not user.is_active:
        raise Unauthenticated("Wrong e-mail or password.")
    await login_throttle.forgive(session, email, client)
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


# Every API request runs this: four columns, no ORM objects (a third of a read's cost when it
# loaded the User). One lookup in the unique index on api_tokens.token_hash, then the user by
# primary key (tests/test_list_query_plans.py). Built once and run with its values as parameters:
# building a statement, or .params() on one, costs more than running it.
TOKEN_PRINCIPAL = (select(User.id, User.role, User.association_id, User.employer_id)
                   .join(ApiToken, ApiToken.user_id == User.id)
                   .where(ApiToken.token_hash == bindparam("token_hash"), ApiToken.expires_at > bindparam("now"),
                          ApiToken.revoked_at.is_(None), User.is_active.is_(True)))


def token_params(token: str) -> dict[str, object]:
    """TOKEN_PRINCIPAL's values: the active user of this live token."""
    return {"token_hash": _token_hash(token), "now": utcnow()}


async def principal_for_token(session: AsyncSession | AsyncConnection, token: str) -> Principal:
    """`session` may be a Session or a plain Connection (the API's guard uses one)."""
    row = (await session.execute(TOKEN_PRINCIPAL, token_params(token))).first()
    if row is None:
        raise Unauthenticated("Missing, invalid or expired token.")
    return principal_of(row)  # the row has the User's four attributes it reads


async def get_user(session: AsyncSession, who: Principal, user_id: object) -> User:
    """User administration is the administrator's (who is global)."""
    who.require("admin")
    user = await session.get(User, parse_id(user_id, "User"))
    if user is None:
        raise NotFound("User")
    return user


async def unlock_user(session: AsyncSession, who: Principal, user_id: object) -> User:
    """The way back for a locked-out user: the account's login delays end now."""
    user = await get_user(session, who, user_id)
    await unlock_email(session, who, user.email)
    return user


async def unlock_email(session: AsyncSession, who: Principal, email: str) -> int:
    email = unicodedata.normalize("NFC", email).strip().lower()
    cleared = await login_throttle.unlock(session, email)
    user_id = (await session.execute(select(User.id).where(User.email == email))).scalar()
    await audit.record(session, who, "unlock", "user", user_id, counters=cleared)
    return cleared


# --- ending bearer tokens -------------------------------------------------------------------
# A token is valid while its row says so: principal_for_token reads it by its unique hash (one
# indexed read per request), so a revocation written here takes effect on the very next request.

async def revoke_token(session: AsyncSession, who: Principal, token: str) -> None:
    """Logout: the token that made this request ends now."""
    await session.execute(update(ApiToken).where(ApiToken.token_hash == _token_hash(token),
                                                 ApiToken.revoked_at.is_(None)).values(revoked_at=utcnow()))
    await audit.record(session, who, "logout", "user", who.user_id)


async def revoke_all_tokens(session: AsyncSession, user_id: uuid.UUID) -> int:
    result = await session.execute(update(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
                                   .values(revoked_at=utcnow()))
    return result.rowcount or 0


async def deactivate_user(session: AsyncSession, who: Principal, user_id: object) -> User:
    """The account can no longer log in, and every token and web session it holds ends at once."""
    user = await get_user(session, who, user_id)
    if user.id == who.user_id:
        raise Conflict("An administrator cannot deactivate their own account.")
    user.is_active = False
    revoked = await revoke_all_tokens(session, user.id)
    await audit.record(session, who, "deactivate", "user", user.id, tokens_revoked=revoked)
    return user


async def change_password(session: AsyncSession, settings: Settings, who: Principal, current: str, new: str,
                          client: str) -> None:
    """The caller's own password. The current one is checked like a login (and throttled like one);
    afterwards every bearer token of the account ends, this request's too, and so do its web
    sessions (credential_stamp changes)."""
    user = await session.get(User, who.user_id) if who.user_id else None
    if user is None:
        raise Unauthenticated("Missing, invalid or expired token.")
    try:
        await check_password(session, settings, user.email, current, client)
    except Unauthenticated:
        raise InvalidInput("current_password is wrong.") from None
    password_policy.check_password(new, user.email)
    user = await session.get(User, user.id, populate_existing=True)
    user.password_hash = hash_password(new)
    revoked = await revoke_all_tokens(session, user.id)
    await audit.record(session, who, "password_change", "user", user.id, tokens_revoked=revoked)


def credential_stamp(user: User) -> str:
    """Kept in a web session at login: it no longer matches once the password has changed."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]
