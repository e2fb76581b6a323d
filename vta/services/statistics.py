"""Follow-up statistics for the association and the CSR partners, always through the suppression
module: no count from 1 to 4 is shown, and none can be worked out from the others."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from employers.models import Employer
from vta import audit
from vta.db import utcnow
from vta.errors import InvalidInput, NotFound
from vta.follow_up import age_band
from vta.ids import parse_id
from vta.models import Association, Participant, Placement
from vta.placement_statistics import Record, report
from vta.principal import Principal


async def snapshot_start(session: AsyncSession, placement: Placement) -> None:
    """Copy the categories statistics need from the participant when a placement starts."""
    person = await session.get(Participant, placement.participant_id)
    if person is None:
        return
    placement.stat_gender = person.gender
    placement.stat_age_band = age_band(person.birth_year, placement.start_date)
    placement.stat_income_start = person.income_source
    placement.stat_occupation_start = person.occupation
    registered = person.created_at.date() if person.created_at else None
    placement.stat_days_to_start = max((placement.start_date - registered).days, 0) if registered else None
    await session.flush()


async def snapshot_end(session: AsyncSession, placement: Placement, income_source: str | None = None,
                       occupation: str | None = None) -> None:
    """At exit: income source and occupation after, as given at the end or else as recorded now."""
    person = await session.get(Participant, placement.participant_id)
    placement.stat_income_exit = income_source or (person.income_source if person else None)
    placement.stat_occupation_exit = occupation or (person.occupation if person else None)
    await session.flush()


def _records(rows: list[Any]) -> list[Record]:
    return [Record(participant_id=str(p.participant_id), employer_id=str(p.employer_id), start=p.start_date,
                   end=None if p.active else (p.ended_at.date() if p.ended_at else p.start_date),
                   outcome=None if p.active else p.outcome, gender=p.stat_gender, age_band=p.stat_age_band,
                   income_start=p.stat_income_start, occupation_start=p.stat_occupation_start,
                   income_exit=p.stat_income_exit, occupation_exit=p.stat_occupation_exit,
                   days_to_start=p.stat_days_to_start) for p in rows]


async def _placements(session: AsyncSession, stmt: Select) -> list[Record]:
    return _records(list((await session.execute(stmt)).scalars()))


def _period(start: date | None, end: date | None) -> tuple[date | None, date | None]:
    if start is not None and end is not None and start > end:
        raise InvalidInput("from must not be after to.")
    return start, end


async def association_statistics(session: AsyncSession, who: Principal, start: date | None = None,
                                 end: date | None = None) -> dict[str, Any]:
    """Placements of the caller's association (an admin: of every association), by quarter."""
    who.require("coordinator", "admin")
    period = _period(start, end)
    stmt = select(Placement).join(Employer, Employer.id == Placement.employer_id)
    names = select(Employer.id, Employer.name)
    if who.role == "coordinator":
        stmt = stmt.where(Employer.association_id == who.association_id)
        names = names.where(Employer.association_id == who.association_id)
    records = await _placements(session, stmt)
    employer_names = {str(i): n for i, n in (await session.execute(names)).all()}
    answer = report(records, utcnow().date(), period, employer_names=employer_names)
    await audit.record(session, who, "read", "statistics", who.association_id)
    return {"from": period[0], "to": period[1], **answer}


async def employer_statistics(session: AsyncSession, who: Principal, employer_id: object | None = None,
                              start: date | None = None, end: date | None = None) -> tuple[Employer, dict[str, Any]]:
    """One employer's placements (a CSR partner: always its own organisation), by quarter."""
    who.require("csr", "admin")
    if who.role == "csr":
        eid = who.employer_id
    elif employer_id is None:
        raise InvalidInput("employer_id is required for an admin.")
    else:
        eid = parse_id(employer_id, "Employer")
    employer = await session.get(Employer, eid)
    if employer is None:
        raise NotFound("Employer")
    period = _period(start, end)
    records = await _placements(session, select(Placement).where(Placement.employer_id == eid))
    answer = report(records, utcnow().date(), period)
    await audit.record(session, who, "read", "csr_summary", eid)
    return employer, answer


async def csr_summary(session: AsyncSession, who: Principal, employer_id: object | None = None) -> dict[str, Any]:
    employer, answer = await employer_statistics(session, who, employer_id)
    return summary_of(answer, employer)


async def csr_dashboard(session: AsyncSession, who: Principal) -> tuple[dict[str, Any], dict[str, Any]]:
    """The partner's start page: its summary and the whole protected answer (for the charts),
    from one read."""
    employer, answer = await employer_statistics(session, who)
    return summary_of(answer, employer), answer


def summary_of(answer: dict[str, Any], employer: Employer) -> dict[str, Any]:
    total = answer["total"]
    summary = {"employer_id": str(employer.id), "placements_started": total["started"],
               "placements_active": total["active"], "outcomes": total["ended"], "retention": total["retention"],
               "share_work_or_studies": total["share_work_or_studies"]}
    names = {"started": "placements_started", "active": "placements_active", "ended": "outcomes"}
    hidden = []
    for cell in answer["suppressed"]:
        row, _, column = cell.partition(".")
        if row == "total":
            head, _, tail = column.partition(".")
            hidden.append(f"{names.get(head, head)}.{tail}" if tail else names.get(head, head))
    return summary | {"suppressed": sorted(hidden)}


async def csr_report(session: AsyncSession, who: Principal, employer_id: object | None = None) -> dict[str, Any]:
    """What the partner's printable impact report shows: the same protected figures as its summary."""
    employer, answer = await employer_statistics(session, who, employer_id)
    association = await session.get(Association, employer.association_id)
    return {"association_name": association.name if association else "", "employer_name": employer.name,
            "today": utcnow().date(), "answer": answer}


__all__ = ["association_statistics", "csr_dashboard", "csr_report", "csr_summary", "employer_statistics", "snapshot_end",
           "snapshot_start"]
