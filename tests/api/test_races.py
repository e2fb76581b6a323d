"""Two accepts for the last slot: exactly one 201 and one 409, on SQLite and PostgreSQL."""
from __future__ import annotations

import asyncio

from tests.api.world import employer_body, need_body, participant_body


async def _approved_pair(api, n: int, slots: int = 1) -> tuple[list[str], str]:  # noqa: ANN001
    c = "coord"
    employer = (await api.call(c, "POST", "/employers", 201, json=employer_body(20, "Tvätteriet AB"))).json()
    await api.create_user("arbetsledare@tvatt.se", "employer", employer["id"])
    wp = (await api.call(c, "POST", f"/employers/{employer['id']}/workplaces", 201,
                         json={"name": "Tvätt", "latitude": 58.41, "longitude": 15.62, "supervisor_capacity": 10})).json()
    need = (await api.call(c, "POST", "/needs", 201, json=need_body(wp["id"], slots=slots))).json()
    people = []
    for i in range(n):
        p = (await api.call(c, "POST", "/participants", 201, json=participant_body(f"Person {i}"))).json()
        await api.call(c, "POST", f"/participants/{p['id']}/consents", 201, json={"scope": "share_with_employers"})
        people.append(p["id"])
    run = await api.wait_run(c, (await api.call(c, "POST", "/match-runs", 202,
                                                json={"alternatives_per_participant": 3})).json()["id"])
    props = (await api.call(c, "GET", f"/match-runs/{run['id']}/proposals", 200)).json()["items"]
    # Every participant's proposal for this need, assignment or alternative, is approved.
    ids = [p["id"] for p in props if p["need_id"] == need["id"]]
    for pid in ids:
        await api.call(c, "POST", f"/proposals/{pid}/approve", 200)
    return ids, need["id"]


async def test_two_accepts_for_the_last_slot(api) -> None:  # noqa: ANN001
    ids, need_id = await _approved_pair(api, 2)
    assert len(ids) == 2, "both participants should have a proposal for the need"
    results = await asyncio.gather(*[
        api.call("arbetsledare", "POST", f"/employer/candidates/{pid}/accept", json={"start_date": "2027-01-11"})
        for pid in ids])
    codes = sorted(r.status_code for r in results)
    assert codes == [201, 409], [r.text for r in results]
    need = (await api.call("coord", "GET", f"/needs/{need_id}", 200)).json()
    assert need["filled_slots"] == 1 and need["status"] == "filled"


async def test_same_candidate_accepted_twice_at_once(api) -> None:  # noqa: ANN001
    ids, need_id = await _approved_pair(api, 1, slots=2)
    results = await asyncio.gather(*[
        api.call("arbetsledare", "POST", f"/employer/candidates/{ids[0]}/accept", json={"start_date": "2027-01-11"})
        for _ in range(4)])
    assert sorted(r.status_code for r in results) == [201, 409, 409, 409]
    need = (await api.call("coord", "GET", f"/needs/{need_id}", 200)).json()
    assert need["filled_slots"] == 1
