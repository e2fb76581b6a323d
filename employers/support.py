"""Support decisions per placement (domain.md §5): what is applied for, granted or rejected, by whom,
and for which period. AF, FK, the municipality or the region decides; we only keep track, and
remind the coordinator before a granted decision runs out (employers/reminders.py)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from employers.models import Employer
from employers.services import scope_employers
from vta import audit
from vta.db import utcnow
from vta.errors import Conflict, InvalidInput, NotFound
from vta.ids import parse_id
from vta.listing import Page, fetch_page
from vta.models import Placement, SupportDecision
from vta.principal import Principal
from vta.vocabulary import AUTHORITIES, SUPPORT_DECISION_STATUSES, support_instruments

MAX_WITHIN_DAYS = 3660


def _check(instrument: str, decided_by: str, status: str, applied_on: date, valid_from: date | None,
           valid_to: date | None) -> None:
    instruments = support_instruments()
    if instrument not in instruments:
        raise InvalidInput("instrument must be a code of support_instruments (GET /vocabularies).")
    item = next(t for t in instruments.terms if t.code == instrument).extra
    if not item["active"]:
        raise InvalidInput(f"{instrument} is no longer granted; no new decisions can be recorded for it.")
    AUTHORITIES.check(decided_by, "decided_by")
    if decided_by != "other" and decided_by not in item["decided_by"]:
        raise InvalidInput(f"{instrument} is decided by {', '.join(item['decided_by'])}, not {decided_by}.")
    SUPPORT_DECISION_STATUSES.check(status, "status")
    if valid_from and valid_to and valid_to < valid_from:
        raise InvalidInput("valid_to must not be before valid_from.")
    if valid_from and valid_from < applied_on:
        raise InvalidInput("valid_from must not be before applied_on.")
    if applied_on > utcnow().date() + timedelta(days=1):
        raise InvalidInput("applied_on must not be in the future.")


def _scope(stmt: Select, who: Principal) -> Select:
    who.require("admin", "coordinator")
    return scope_employers(stmt.join(Employer, Employer.id == Placement.employer_id), who)


async def _placement(session: AsyncSession, who: Principal, placement_id: object) -> Placement:
    pid = parse_id(placement_id, "Placement")
    placement = (await session.execute(_scope(select(Placement).where(Placement.id == pid), who))).scalar()
    if placement is None:
        raise NotFound("Placement")
    return placement


async def record_decision(session: AsyncSession, who: Principal, placement_id: object, *, instrument: str,
                          decided_by: str, status: str, applied_on: date, valid_from: date | None,
                          valid_to: date | None, reference_no: str | None = None) -> SupportDecision:
    placement = await _placement(session, who, placement_id)
    _check(instrument, decided_by, status, applied_on, valid_from, valid_to)
    decision = SupportDecision(placement_id=placement.id, instrument=instrument, decided_by_org=decided_by,
                               status=status, applied_on=applied_on, valid_from=valid_from, valid_to=valid_to,
                               reference_no=reference_no, created_by=who.user_id)
    session.add(decision)
    await session.flush()
    await audit.record(session, who, "create", "support_decision", decision.id, placement=str(placement.id))
    return decision


async def decisions_of(session: AsyncSession, who: Principal, placement_id: object,
                       page: Page) -> tuple[list[SupportDecision], int]:
    placement = await _placement(session, who, placement_id)
    rows, total = await fetch_page(session, select(SupportDecision).where(SupportDecision.placement_id == placement.id)
                                   .order_by(SupportDecision.applied_on, SupportDecision.created_at,
                                             SupportDecision.id), page)
    await audit.record(session, who, "read", "support_decisions", placement.id, count=len(rows))
    return rows, total


async def update_decision(session: AsyncSession, who: Principal, decision_id: object, *, status: str | None,
                          valid_from: date | None, valid_to: date | None) -> SupportDecision:
    """The authority has answered (applied -> granted/rejected) or changed the period."""
    did = parse_id(decision_id, "Support decision")
    decision = (await session.execute(_scope(select(SupportDecision).join(
        Placement, Placement.id == SupportDecision.placement_id).where(SupportDecision.id == did), who))).scalar()
    if decision is None:
        raise NotFound("Support decision")
    if decision.status == "rejected" and status not in (None, "rejected"):
        raise Conflict("A rejected decision stays rejected; record a new application instead.")
    new_from = valid_from or decision.valid_from
    new_to = valid_to or decision.valid_to
    _check(decision.instrument, decision.decided_by_org, status or decision.status,
           decision.applied_on or new_from or utcnow().date(), new_from, new_to)
    decision.status, decision.valid_from, decision.valid_to = status or decision.status, new_from, new_to
    await session.flush()
    await audit.record(session, who, "update", "support_decision", decision.id, placement=str(decision.placement_id))
    return decision


def decisions_query(who: Principal, *, expiring_within_days: int | None = None, status: str | None = None,
                    today: date | None = None) -> Select:
    """Soonest valid_to first. A coordinator's decisions come through the association's
    employers and placements (ix_employers_association_name, ix_placements_employer_page,
    ix_support_decisions_placement_id) and are sorted: a few per placement, never the table."""
    stmt = _scope(select(SupportDecision).join(Placement, Placement.id == SupportDecision.placement_id), who)
    if status is not None:
        SUPPORT_DECISION_STATUSES.check(status, "status")
        stmt = stmt.where(SupportDecision.status == status)
    if expiring_within_days is not None:
        if not 0 <= expiring_within_days <= MAX_WITHIN_DAYS:
            raise InvalidInput(f"expiring_within_days must be from 0 to {MAX_WITHIN_DAYS}.")
        start = today or utcnow().date()
        stmt = stmt.where(SupportDecision.status == "granted", SupportDecision.valid_to >= start,
                          SupportDecision.valid_to <= start + timedelta(days=expiring_within_days))
    return stmt.order_by(SupportDecision.valid_to.asc().nulls_last(), SupportDecision.id)


async def list_decisions(session: AsyncSession, who: Principal, page: Page, *,
                         expiring_within_days: int | None = None, status: str | None = None,
                         today: date | None = None) -> tuple[list[SupportDecision], int]:
    """Decisions the caller may see; `expiring_within_days=N`: granted ones whose valid_to falls
    within the next N days (today included), soonest first."""
    stmt = decisions_query(who, expiring_within_days=expiring_within_days, status=status, today=today)
    rows, total = await fetch_page(session, stmt, page)
    await audit.record(session, who, "read", "support_decisions", None, count=len(rows))
    return rows, total


__all__ = ["decisions_of", "list_decisions", "record_decision",
           "update_decision"]
