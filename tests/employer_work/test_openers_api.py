"""GET /needs/{id}/openers and /workplaces/{id}/openers over the association's participants."""
from __future__ import annotations

from typing import Any

from tests.security.world import add_candidate, count
from vta.services.participants import AdaptationIn


async def test_need_and_workplace_openers(world: Any) -> None:
    api, t = world.api, world.tenants
    need, wp = t["A1"].ids["need"], t["A1"].ids["workplace"]
    # the world's need (10-30 h, offers written_instructions) and its participants (30 h, written_instructions)
    base = (await api.call("coordA", "GET", f"/needs/{need}/openers", 200)).json()
    await add_candidate(world.db, world, "A1", "coord-a@test.se", display_name="Kort", hours_max=5, status="proposed")
    await add_candidate(world.db, world, "A1", "coord-a@test.se", display_name="Tyst", status="proposed",
                        adaptation_needs=[AdaptationIn("quiet_environment")])
    await add_candidate(world.db, world, "A1", "coord-a@test.se", display_name="Nej", hours_max=5, status="rejected")
    got = (await api.call("coordA", "GET", f"/needs/{need}/openers", 200)).json()
    assert got["need_id"] == need and got["participants"] == base["participants"] + 3
    assert got["feasible_now"] == base["feasible_now"]
    assert got["items"] == [{"kind": "adaptation", "change": {"adaptation": "quiet_environment"}, "opened": 1},
                            {"kind": "hours", "change": {"hours_min": 5}, "opened": 1}]  # not the rejected pair
    assert (await api.call("coordA", "GET", f"/workplaces/{wp}/openers", 200)).json()["items"] == got["items"]
    # coordinators of another association: 404; employers: 403 (the census covers the rest)
    await api.call("coordB", "GET", f"/needs/{need}/openers", 404)
    await api.call("empA1", "GET", f"/needs/{need}/openers", 403)
    assert await count(world.db, "SELECT count(*) FROM audit_events WHERE subject_type = 'need_openers'") == 2
