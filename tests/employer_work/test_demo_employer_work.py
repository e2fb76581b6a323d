"""The demo world shows the employer work (drafts and an imported ad too): loaded through the
services on both databases."""
from __future__ import annotations

from typing import Any

from tests.security.world import count
from vta.demo_world import demo_world
from vta.services.deviations import holds_personnummer, names_in


def test_demo_reports_hold_no_personal_data() -> None:
    world = demo_world()
    names = [p["display_name"] for p in world["participants"]]
    for d in world["employer_work"]["deviation_reports"]:
        for text in (d["description"], d.get("suggested_improvement") or "", d.get("answer_text") or ""):
            assert not holds_personnummer(text) and not names_in(text, names)


async def test_demo_loads_the_employer_work(database_url: str) -> None:
    from vta.db import make_engine, make_sessionmaker
    from vta.demo import load_demo

    await load_demo(database_url)
    engine = make_engine(database_url)
    db = make_sessionmaker(engine)
    try:
        expected = {"employer_contacts": 3, "interactions": 4, "support_decisions": 2, "deviation_reports": 3,
                    "bip_assessments": 3}
        for table, n in expected.items():
            assert await count(db, f"SELECT count(*) FROM {table}") == n, table
        # the placement that carries the support (beside the demo's earlier, ended placements)
        assert await count(db, "SELECT count(DISTINCT p.id) FROM placements p JOIN support_decisions s "
                               "ON s.placement_id = p.id WHERE p.active") == 1
        assert await count(db, "SELECT count(*) FROM deviation_reports WHERE status = 'published'") == 1
        assert await count(db, "SELECT count(*) FROM employers WHERE inclusion_stance <> 'unknown'") == 3
        # drafts of the needs analysis: a coordinator's walk-through, one an employer started, one imported ad
        assert await count(db, "SELECT count(*) FROM needs WHERE status = 'draft'") == 3
        assert await count(db, "SELECT count(*) FROM needs WHERE status = 'draft' AND posted_by = 'employer_portal'") == 1
        assert await count(db, "SELECT count(*) FROM need_tasks t JOIN needs n ON n.id = t.need_id "
                               "WHERE n.status = 'draft' AND t.core_or_support = 'core' AND t.adaptable") == 3
        assert await count(db, "SELECT count(*) FROM needs WHERE status = 'draft' AND occupation_ssyk IS NOT NULL "
                               "AND title = 'Lokalvårdare till kontor och trapphus'") == 1
        assert (await load_demo(database_url))["already_loaded"]  # idempotent: nothing twice
        assert await count(db, "SELECT count(*) FROM interactions") == 4
    finally:
        await engine.dispose()
