"""Login throttling that holds under any concurrency and across server processes.

Two counters per login: the account (client "") and the (account, client address) pair. The
first `free` failures of a counter cost nothing; after that every attempt must wait a delay that
doubles up to a cap, so guessing slows down for the attacker while a lockout always expires.
An attacker on one address slows down only that pair until the account-wide count (higher) is
reached; there is no address-wide block that would shut out everyone behind one proxy.

Atomic: an attempt is *reserved* before the password is checked, as a failure, under a row lock
(SELECT ... FOR UPDATE on PostgreSQL; on SQLite every writing transaction holds the database's
write lock from BEGIN IMMEDIATE). The reservation commits before the slow hash check, so
parallel guesses queue on the lock and each sees the ones before it; a success forgives both
counters. An administrator's unlock deletes the account's counters.
"""
from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from vta.db import utcnow
from vta.errors import TooManyAttempts
from vta.models import LoginThrottle
from vta.settings import Settings

ACCOUNT = ""  # the client value of the account-wide counter


def delay_after(failures: int, free: int, base: float, cap: float) -> float:
    """Seconds the next attempt must wait after `failures` reserved attempts."""
    if failures < free:
        return 0.0
    return min(cap, base * 2 ** min(failures - free, 30))


def _key(email: str, client: str) -> tuple[str, str]:
    return email[:254], (client or "unknown")[:64]


async def reserve(session: AsyncSession, settings: Settings, email: str, client: str) -> None:
    """Count this attempt as a failure before the password is checked, or refuse it (429) while
    either counter is waiting. The caller commits, then checks the password."""
    email, client = _key(email, client)
    now = utcnow()
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    # The account's row first, in every transaction: one lock order, no deadlock.
    await session.execute(insert(LoginThrottle).values([
        {"email": email, "client": c, "failures": 0, "next_allowed_at": now, "last_failure_at": now}
        for c in (ACCOUNT, client)]).on_conflict_do_nothing(index_elements=["email", "client"]))
    rows = (await session.execute(
        select(LoginThrottle).where(LoginThrottle.email == email, LoginThrottle.client.in_((ACCOUNT, client)))
        .order_by(LoginThrottle.client).with_for_update().execution_options(populate_existing=True))).scalars().all()
    wait = max((r.next_allowed_at - now).total_seconds() for r in rows)
    if wait > 0:
        raise TooManyAttempts("Too many failed logins; wait a while and try again.", retry_after=math.ceil(wait))
    for row in rows:
        if (now - row.last_failure_at).total_seconds() > settings.login_forget_seconds:
            row.failures = 0
        row.failures += 1
        free = (settings.login_free_failures_per_account if row.client == ACCOUNT
                else settings.login_free_failures_per_client)
        row.next_allowed_at = now + timedelta(seconds=delay_after(
            row.failures, free, settings.login_delay_seconds, settings.login_max_delay_seconds))
        row.last_failure_at = now
    await session.flush()


async def forgive(session: AsyncSession, email: str, client: str) -> None:
    """A successful login: the account's and this client's failures are forgotten."""
    email, client = _key(email, client)
    await session.execute(delete(LoginThrottle).where(LoginThrottle.email == email,
                                                      LoginThrottle.client.in_((ACCOUNT, client))))


async def unlock(session: AsyncSession, email: str) -> int:
    """An administrator lets a locked-out user in again: every counter of the account goes."""
    result = await session.execute(delete(LoginThrottle).where(LoginThrottle.email == email[:254]))
    return result.rowcount or 0


async def purge_stale(session: AsyncSession, settings: Settings) -> int:
    """Counters nobody has failed on for login_forget_seconds (run by the daily retention job)."""
    before = utcnow() - timedelta(seconds=max(settings.login_forget_seconds, settings.login_max_delay_seconds))
    result = await session.execute(delete(LoginThrottle).where(LoginThrottle.last_failure_at < before,
                                                              LoginThrottle.next_allowed_at < utcnow()))
    return result.rowcount or 0
