"""The demo (`make run`) shows a CSR partner a populated, protected summary, and the association
populated statistics."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from employers.models import Employer
from tests.statistics.attack import recovered
from tests.statistics.test_csr_summary import summary_relations
from vta.principal import Principal
from vta.services import statistics


async def test_the_demo_partner_sees_a_populated_protected_summary(database_url: str, db: Any) -> None:
    from vta.demo import load_demo

    loaded = await load_demo(database_url)
    assert loaded["earlier_placements"] >= 60
    async with db() as session, session.begin():
        eid = (await session.execute(select(Employer.id).where(Employer.name == "Solgläntan Omsorg AB"))).scalar_one()
        summary = await statistics.csr_summary(session, Principal(None, "csr", employer_id=eid))
        association = await statistics.association_statistics(session, Principal(None, "admin"))
    shown = [summary["placements_started"], summary["placements_active"], *summary["outcomes"].values()]
    assert summary["placements_started"] and summary["placements_started"] >= 50
    assert summary["placements_active"] and summary["outcomes"]["employment"]
    assert None in shown and summary["suppressed"], "small outcomes must be hidden"
    assert summary["share_work_or_studies"] > 0.6  # SCÖ: from under 30 % to over 60 %
    values, equal, at_most = summary_relations(summary)
    assert recovered(values, equal, at_most, width=1) == {}
    assert len(association["items"]) >= 9 and association["total"]["started"] >= 100
    assert sum(1 for row in association["items"] if row["started"]) >= 6
