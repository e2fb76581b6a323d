"""Every list of the employer work is paged like the v1.1 lists: `limit` (default 50, 1..200,
anything else a 400) and `offset`, answering {"items", "total", "limit", "offset"}; pages neither
overlap nor skip, and together give the whole list in its order."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from vta.principal import Principal
from vta.services import participants


async def _walk(api: Any, who: str, path: str) -> list[str]:
    sep = "&" if "?" in path else "?"
    whole = (await api.call(who, "GET", path, 200)).json()
    assert whole["limit"] == 50 and whole["offset"] == 0 and whole["total"] == len(whole["items"])
    seen: list[str] = []
    for offset in range(0, whole["total"] + 2, 2):
        body = (await api.call(who, "GET", f"{path}{sep}limit=2&offset={offset}", 200)).json()
        assert set(body) >= {"items", "total", "limit", "offset"}
        assert (body["total"], body["limit"], body["offset"]) == (whole["total"], 2, offset)
        assert len(body["items"]) == min(2, max(0, whole["total"] - offset))
        seen += [i["id"] for i in body["items"]]
    assert seen == [i["id"] for i in whole["items"]]  # no overlap, no gap, same order
    for bad in ("limit=201", "limit=0", "offset=-1", "limit=many"):
        r = await api.call(who, "GET", f"{path}{sep}{bad}")
        assert r.status_code == 400 and "detail" in r.json(), (path, bad, r.text)
    return seen


async def test_the_employer_work_lists_are_paged(world: Any) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    emp, placement, person = a1["employer"], a1["placement"], a1["participant"]
    today = date.today()
    for i in range(3):
        await api.call("coordA", "POST", f"/employers/{emp}/contacts", 201, json={"name": f"Kontakt {i}"})
        await api.call("coordA", "POST", f"/employers/{emp}/interactions", 201,
                       json={"kind": "call", "occurred_on": (today - timedelta(days=i)).isoformat(), "notes": "x"})
        await api.call("coordA", "POST", f"/placements/{placement}/support-decisions", 201,
                       json={"instrument": "WAGE_SUBSIDY", "decided_by": "af", "status": "granted",
                             "applied_on": today.isoformat(), "valid_from": today.isoformat(),
                             "valid_to": (today + timedelta(days=10 + i)).isoformat()})
        await api.call("coordA", "POST", "/deviation-reports", 201,
                       json={"category": "cannot_reach_unit", "involved_orgs": ["af"],
                             "description": f"Ingen svarade på {i + 2} veckor."})
    async with world.db() as session, session.begin():
        await participants.give_consent(session, Principal(None, "admin"), person, "bip_assessment")
    for i in range(3):
        await api.call("coordA", "POST", f"/participants/{person}/bip-assessments", 201,
                       json={"assessed_on": (today - timedelta(days=90 * i)).isoformat(),
                             "scores": {"job_search_behaviour": 2 + i}})

    assert len(await _walk(api, "coordA", f"/employers/{emp}/contacts")) == 3
    assert len(await _walk(api, "coordA", f"/employers/{emp}/interactions")) == 3
    assert len(await _walk(api, "coordA", f"/placements/{placement}/support-decisions")) == 4  # and the world's
    assert len(await _walk(api, "coordA", "/support-decisions?expiring_within_days=30")) == 3
    assert len(await _walk(api, "coordA", "/support-decisions")) == 5  # and one of each tenant of association A
    assert len(await _walk(api, "coordA", "/deviation-reports")) == 5  # and one of each tenant of association A
    assert len(await _walk(api, "coordA", f"/participants/{person}/bip-assessments")) == 3
    assert len(await _walk(api, "coordA", "/employers?not_contacted_days=30")) == 1  # A2: A1 was just called
    # another association's coordinator pages through its own, never these
    assert (await api.call("coordB", "GET", "/deviation-reports?limit=200", 200)).json()["total"] == 1
