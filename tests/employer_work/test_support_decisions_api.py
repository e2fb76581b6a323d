"""Support decisions per placement (employers/support.py) and the reminders before one runs out."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.security.world import count


async def test_record_list_and_expiring(world: Any) -> None:
    api, t = world.api, world.tenants
    pl = t["A1"].ids["placement"]
    today = date.today()

    def body(instrument: str, status: str, days_left: int | None, **over: Any) -> dict:
        b = {"instrument": instrument, "decided_by": "af", "status": status,
             "applied_on": (today - timedelta(days=60)).isoformat()}
        if days_left is not None:
            b.update(valid_from=(today - timedelta(days=30)).isoformat(),
                     valid_to=(today + timedelta(days=days_left)).isoformat())
        return {**b, **over}

    soon = (await api.call("coordA", "POST", f"/placements/{pl}/support-decisions", 201,
                           json=body("WAGE_SUBSIDY_EMPLOYMENT", "granted", 10))).json()
    later = (await api.call("coordA", "POST", f"/placements/{pl}/support-decisions", 201,
                            json=body("INTRODUCTION_JOB", "granted", 90))).json()
    await api.call("coordA", "POST", f"/placements/{pl}/support-decisions", 201,
                   json=body("ASSISTIVE_DEVICE_GRANT", "applied", 5, decided_by="fk"))
    assert soon["status"] == "granted" and soon["decided_by"] == "af" and soon["placement_id"] == pl
    mine = (await api.call("coordA", "GET", f"/placements/{pl}/support-decisions", 200)).json()["items"]
    assert len(mine) == 4  # with the world's own SIUS application
    expiring = (await api.call("coordA", "GET", "/support-decisions?expiring_within_days=30", 200)).json()["items"]
    assert [d["id"] for d in expiring] == [soon["id"]]  # granted only, within 30 days
    expiring = (await api.call("coordA", "GET", "/support-decisions?expiring_within_days=120", 200)).json()["items"]
    assert [d["id"] for d in expiring] == [soon["id"], later["id"]]  # soonest first
    # another association sees none of it
    assert (await api.call("coordB", "GET", "/support-decisions?expiring_within_days=120", 200)).json()["items"] == []
    # the authority answers an application
    siu = next(d for d in mine if d["instrument"] == "SIUS")
    r = await api.call("coordA", "PATCH", f"/support-decisions/{siu['id']}", 200,
                       json={"status": "granted", "valid_from": today.isoformat(),
                             "valid_to": (today + timedelta(days=20)).isoformat()})
    assert r.json()["status"] == "granted"
    assert len((await api.call("coordA", "GET", "/support-decisions?expiring_within_days=30", 200)).json()["items"]) == 2
    assert await count(world.db, "SELECT count(*) FROM audit_events WHERE subject_type = 'support_decision'") >= 6


async def test_bad_decisions_are_refused(world: Any) -> None:
    api, pl = world.api, world.tenants["A1"].ids["placement"]
    before = await count(world.db, "SELECT count(*) FROM support_decisions")
    ok = {"instrument": "NEW_START_JOB", "decided_by": "af", "status": "applied", "applied_on": "2026-11-01"}
    for over, status in (({"instrument": "LOTTERY_WIN"}, 422), ({"instrument": "EXTRA_JOB"}, 422),
                         ({"decided_by": "kommun"}, 422),  # nystartsjobb is AF's to decide
                         ({"decided_by": "skatteverket"}, 400), ({"status": "maybe"}, 400),
                         ({"valid_from": "2026-12-10", "valid_to": "2026-12-01"}, 422),
                         ({"applied_on": "2026-02-30"}, 400)):
        r = await api.call("coordA", "POST", f"/placements/{pl}/support-decisions", json={**ok, **over})
        assert r.status_code == status and "detail" in r.json(), (over, r.text)
    for query in ("expiring_within_days=-1", "expiring_within_days=abc", "status=bogus"):
        r = await api.call("coordA", "GET", f"/support-decisions?{query}")
        assert r.status_code == 400, (query, r.text)
    assert await count(world.db, "SELECT count(*) FROM support_decisions") == before


async def test_reminders_of_next_steps_and_expiring_support(world: Any, settings: Any) -> None:
    from vta import tasks

    api, t = world.api, world.tenants
    today = date.today()
    emp = t["A1"].ids["employer"]
    await api.call("coordA", "POST", f"/employers/{emp}/interactions", 201,
                   json={"kind": "visit", "occurred_on": today.isoformat(), "notes": "Bra besök.",
                         "next_step": "Ring om handledarutbildning", "next_step_due": (today + timedelta(days=3)).isoformat()})
    await api.call("coordA", "POST", f"/placements/{t['A1'].ids['placement']}/support-decisions", 201,
                   json={"instrument": "WAGE_SUBSIDY_EMPLOYMENT", "decided_by": "af", "status": "granted",
                         "applied_on": (today - timedelta(days=100)).isoformat(),
                         "valid_from": (today - timedelta(days=90)).isoformat(),
                         "valid_to": (today + timedelta(days=40)).isoformat()})
    ctx = tasks.Context(settings)
    try:
        assert await tasks.employer_reminders(ctx, on=today.isoformat()) == 0  # nothing due yet
        assert await tasks.employer_reminders(ctx, on=(today + timedelta(days=2)).isoformat()) == 1  # next step
        assert await tasks.employer_reminders(ctx, on=(today + timedelta(days=2)).isoformat()) == 0  # once only
        assert await tasks.employer_reminders(ctx, on=(today + timedelta(days=11)).isoformat()) == 1  # support
        assert await tasks.employer_reminders(ctx, on=(today + timedelta(days=12)).isoformat()) == 0
    finally:
        await ctx.close()
    # both reach the coordinator of association A (the owner; the participant's coordinator)
    rows = await count(world.db, "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id "
                                 "WHERE u.email = 'coord-a@test.se' AND n.kind IN ('employer_next_step', "
                                 "'support_expiring') AND n.sent_at IS NOT NULL")
    assert rows == 2
