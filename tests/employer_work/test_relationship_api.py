"""Contacts, the interaction log, owner and stance (employers/relationship.py) through the API."""
from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from employers.models import Employer
from employers.relationship import last_contacts, not_contacted
from tests.security.world import count


async def test_contacts_and_interactions(world: Any) -> None:
    api, emp = world.api, world.tenants["A1"].ids["employer"]
    c = (await api.call("coordA", "POST", f"/employers/{emp}/contacts", 201,
                        json={"name": "Kim Berg", "title": "Kökschef", "email": "kim@lingon.se",
                              "phone": "+46 13 12 34 56"})).json()
    assert c["name"] == "Kim Berg" and c["employer_id"] == emp
    assert [x["id"] for x in (await api.call("coordA", "GET", f"/employers/{emp}/contacts", 200)).json()["items"]] \
        == [c["id"]]
    today = date.today()
    older = {"kind": "visit", "occurred_on": (today - timedelta(days=20)).isoformat(), "notes": "Gick igenom köket."}
    newer = {"kind": "call", "occurred_on": (today - timedelta(days=2)).isoformat(), "notes": "Stämde av.",
             "next_step": "Skicka förslag på uppgifter", "next_step_due": (today + timedelta(days=5)).isoformat()}
    for body in (older, newer):
        await api.call("coordA", "POST", f"/employers/{emp}/interactions", 201, json=body)
    log = (await api.call("coordA", "GET", f"/employers/{emp}/interactions", 200)).json()["items"]
    assert [i["kind"] for i in log] == ["call", "visit"]  # newest first
    assert log[0]["next_step"] == "Skicka förslag på uppgifter" and log[0]["next_step_due"] == newer["next_step_due"]
    rel = (await api.call("coordA", "GET", f"/employers/{emp}/relationship", 200)).json()
    assert rel["last_contact_on"] == newer["occurred_on"]


async def test_bad_input_is_refused_and_nothing_stored(world: Any) -> None:
    api, emp = world.api, world.tenants["A1"].ids["employer"]
    before = await count(world.db, "SELECT count(*) FROM interactions")
    today = date.today()
    for body, status in (
            ({"kind": "fax", "occurred_on": today.isoformat(), "notes": "x"}, 400),
            ({"kind": "call", "occurred_on": "2026-13-01", "notes": "x"}, 400),
            ({"kind": "call", "occurred_on": today.isoformat(), "notes": "x",
              "next_step_due": today.isoformat()}, 422),  # a due date needs a step
            ({"kind": "call", "occurred_on": today.isoformat(), "notes": "x", "next_step": "y",
              "next_step_due": (today - timedelta(days=3)).isoformat()}, 422),
            ({"kind": "call", "occurred_on": (today + timedelta(days=9)).isoformat(), "notes": "x"}, 422)):
        r = await api.call("coordA", "POST", f"/employers/{emp}/interactions", json=body)
        assert r.status_code == status and "detail" in r.json(), (body, r.text)
    assert await count(world.db, "SELECT count(*) FROM interactions") == before
    r = await api.call("coordA", "POST", f"/employers/{emp}/contacts", json={"name": "Kim", "email": "inte-en-adress"})
    assert r.status_code == 400


async def test_owner_and_stance_are_internal(world: Any) -> None:
    api, t = world.api, world.tenants
    emp = t["A1"].ids["employer"]
    r = await api.call("coordA", "PUT", f"/employers/{emp}/relationship", 200, json={"inclusion_stance": "resource"})
    assert r.json()["inclusion_stance"] == "resource"
    # the coordinator of another association cannot own this relationship; an unknown id neither
    async with world.db() as session:
        from vta.models import User

        coord_b = (await session.execute(select(User.id).where(User.email == "coord-b@test.se"))).scalar_one()
        coord_a = (await session.execute(select(User.id).where(User.email == "coord-a@test.se"))).scalar_one()
    for owner in (str(coord_b), str(uuid.uuid4()), "nonsense"):
        r = await api.call("coordA", "PUT", f"/employers/{emp}/relationship", json={"owner_id": owner})
        assert r.status_code == 422, r.text
    r = await api.call("admin", "PUT", f"/employers/{emp}/relationship", 200, json={"owner_id": str(coord_a)})
    assert r.json()["owner_id"] == str(coord_a) and r.json()["inclusion_stance"] == "resource"
    # never to the employer's own users
    for path in ("relationship", "interactions", "contacts"):
        await api.call("empA1", "GET", f"/employers/{emp}/{path}", 403)
    assert "resource" not in (await api.call("empA1", "GET", f"/needs/{t['A1'].ids['need']}", 200)).text
    # and every write left an audit row
    assert await count(world.db, "SELECT count(*) FROM audit_events WHERE subject_type = 'employer_relationship'") == 2


async def test_not_contacted_query(world: Any) -> None:
    """not_contacted() and last_contacts(): the parts of GET /employers?not_contacted_days=N."""
    api, t = world.api, world.tenants
    today = date.today()
    await api.call("coordA", "POST", f"/employers/{t['A1'].ids['employer']}/interactions", 201,
                   json={"kind": "visit", "occurred_on": (today - timedelta(days=40)).isoformat(), "notes": "x"})
    await api.call("coordA", "POST", f"/employers/{t['A2'].ids['employer']}/interactions", 201,
                   json={"kind": "email", "occurred_on": (today - timedelta(days=3)).isoformat(), "notes": "x"})
    async with world.db() as session:
        async def names(days: int) -> set[str]:
            stmt = select(Employer.name).where(not_contacted(days, today))
            return set((await session.execute(stmt)).scalars())
        assert await names(30) == {"A1 AB", "B AB"}  # never contacted counts as not contacted
        assert await names(2) == {"A1 AB", "A2 AB", "B AB"}
        assert await names(60) == {"B AB"}
        ids = {t[x].ids["employer"]: x for x in t}
        last = await last_contacts(session, [uuid.UUID(i) for i in ids])
        assert {ids[str(k)]: v for k, v in last.items()} == {"A1": today - timedelta(days=40),
                                                             "A2": today - timedelta(days=3)}


async def test_employer_list_not_contacted_and_last_contact(world: Any) -> None:
    api, t = world.api, world.tenants
    today = date.today()
    day = (today - timedelta(days=40)).isoformat()
    await api.call("coordA", "POST", f"/employers/{t['A1'].ids['employer']}/interactions", 201,
                   json={"kind": "visit", "occurred_on": day, "notes": "x"})
    listed = (await api.call("coordA", "GET", "/employers", 200)).json()["items"]
    assert {e["name"]: e["last_contact_on"] for e in listed} == {"A1 AB": day, "A2 AB": None}
    stale = (await api.call("coordA", "GET", "/employers?not_contacted_days=30", 200)).json()
    assert {e["name"] for e in stale["items"]} == {"A1 AB", "A2 AB"} and stale["total"] == 2
    fresh = (await api.call("coordA", "GET", "/employers?not_contacted_days=60", 200)).json()
    assert [e["name"] for e in fresh["items"]] == ["A2 AB"]
    for bad in ("-1", "abc", "99999"):
        await api.call("coordA", "GET", f"/employers?not_contacted_days={bad}", 400)
