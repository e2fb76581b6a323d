"""Aggregates for CSR partners, with small-cell suppression: no count from 1 to 4 is ever shown."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from employers.models import Employer
from vta import audit
from vta.db import utcnow
from vta.errors import InvalidInput, NotFound
from vta.ids import parse_id
from vta.models import Placement
from vta.vocabulary import OUTCOMES
from vta.principal import Principal

SMALL = range(1, 5)
RETENTION_DAYS = (90, 180, 365)


def suppress(summary: dict[str, Any], groups: list[str]) -> dict[str, Any]:
    """Replace counts 1-4 by None and list them. Within a group (outcomes, retention) a lone hidden
    cell could be recovered from the total, so the next smallest cell is hidden with it."""
    hidden: list[str] = []
    for key in [k for k, v in summary.items() if isinstance(v, int) and not isinstance(v, bool)]:
        if summary[key] in SMALL:
            summary[key] = None
            hidden.append(key)
    for group in groups:
        cells = summary[group]
        small = [k for k, v in cells.items() if v in SMALL]
        if len(small) == 1:
            others = sorted((v, k) for k, v in cells.items() if k not in small and v)
            if others:
                small.append(others[0][1])
        for k in small:
            cells[k] = None
            hidden.append(f"{group}.{k}")
    summary["suppressed"] = sorted(hidden)
    return summary


async def csr_summary(session: AsyncSession, who: Principal, employer_id: object | None = None) -> dict[str, Any]:
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
    rows = (await session.execute(select(Placement.start_date, Placement.active, Placement.outcome, Placement.ended_at)
                                  .where(Placement.employer_id == eid))).all()
    today = utcnow().date()
    outcomes = dict.fromkeys(OUTCOMES, 0)
    retention = {f"{d}_days": 0 for d in RETENTION_DAYS}
    for start, active, outcome, ended_at in rows:
        if outcome in outcomes:
            outcomes[outcome] += 1
        lasted_until = today if active else (ended_at.date() if ended_at else start)
        for d in RETENTION_DAYS:
            if lasted_until >= start + timedelta(days=d):
                retention[f"{d}_days"] += 1
    summary = {"employer_id": str(eid), "placements_started": len(rows),
               "placements_active": sum(1 for r in rows if r.active), "outcomes": outcomes, "retention": retention}
    await audit.record(session, who, "read", "csr_summary", eid)
    return suppress(summary, ["outcomes", "retention"])


__all__ = ["csr_summary", "suppress"]
