"""Lists with search, filters, limit/offset/total, paged in the database; bad filters are 4xx."""
from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import select

from tests.security.world import World, add_candidate
from vta.models import MatchRun, Proposal


async def test_participants_search_and_pages(world: World) -> None:
    api = world.api
    for name in ("Åsa Lind", "Bo Ek", "Åke Lindqvist"):
        await add_candidate(world.db, world, "A1", world.emails["coordA"], display_name=name)
    body = (await api.call("coordA", "GET", "/participants?q=lind", 200)).json()
    assert [p["display_name"] for p in body["items"]] == ["Åke Lindqvist", "Åsa Lind"] and body["total"] == 2
    everyone = (await api.call("coordA", "GET", "/participants", 200)).json()
    assert everyone["total"] == 6 + 3 and everyone["limit"] == 50  # association A: tenants A1 and A2
    first = (await api.call("coordA", "GET", "/participants?limit=4&offset=0", 200)).json()
    rest = (await api.call("coordA", "GET", "/participants?limit=4&offset=4", 200)).json()
    ids = [p["id"] for p in first["items"] + rest["items"]]
    assert len(first["items"]) == 4 and len(ids) == len(set(ids)) == 8 and first["total"] == 9
    assert (await api.call("coordB", "GET", "/participants?q=lind", 200)).json()["total"] == 0  # other association
    assert (await api.call("coordA", "GET", "/participants?q=%25", 200)).json()["total"] == 0  # a literal %
    for bad in ("limit=201", "limit=0", "offset=-1", "limit=many"):
        r = await api.call("coordA", "GET", f"/participants?{bad}")
        assert r.status_code == 400 and "detail" in r.json(), bad
    assert (await api.call("coordA", "GET", "/participants?limit=200", 200)).json()["limit"] == 200
    await api.call("empA1", "GET", "/participants", 403)


async def test_needs_carry_names_and_filter(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    body = (await api.call("coordA", "GET", f"/needs?employer_id={a1['employer']}", 200)).json()
    assert body["total"] == 1
    item = body["items"][0]
    assert item["employer_name"] == "A1 AB" and item["workplace_name"] == "A1 kök"
    assert item["status"] == "partially_filled" and item["status_label_sv"] == "Delvis tillsatt"
    assert (await api.call("coordA", "GET", "/needs?q=k%C3%B6ksbitr%C3%A4de%20a2", 200)).json()["total"] == 1
    assert (await api.call("coordA", "GET", "/needs?status=paused", 200)).json()["total"] == 0
    r = await api.call("coordA", "GET", "/needs?status=bogus", 422)
    assert "open, partially_filled, filled, paused, closed" in r.json()["detail"]
    mine = (await api.call("empA2", "GET", "/needs", 200)).json()
    assert [n["employer_name"] for n in mine["items"]] == ["A2 AB"]


async def test_employers_and_their_workplaces(world: World) -> None:
    api, t = world.api, world.tenants
    assert [e["name"] for e in (await api.call("coordA", "GET", "/employers", 200)).json()["items"]] == ["A1 AB", "A2 AB"]
    assert (await api.call("coordA", "GET", "/employers?q=a2", 200)).json()["total"] == 1
    await api.call("coordA", "GET", "/employers?sector=crown", 422)
    await api.call("empA1", "GET", "/employers", 403)
    # an employer's own users list its workplaces, so they can post their first need
    wps = (await api.call("empA1", "GET", f"/employers/{t['A1'].ids['employer']}/workplaces", 200)).json()
    assert [w["id"] for w in wps["items"]] == [t["A1"].ids["workplace"]] and wps["total"] == 1
    await api.call("empA1", "GET", f"/employers/{t['A2'].ids['employer']}/workplaces", 404)


async def test_runs_newest_first_and_proposals_a_page_at_a_time(world: World) -> None:
    api, a1 = world.api, world.tenants["A1"].ids
    async with world.db() as session, session.begin():
        old = (await session.get(MatchRun, uuid.UUID(a1["run"])))
        newer = MatchRun(association_id=old.association_id, status="succeeded", progress=1.0, params={})
        session.add(newer)
        await session.flush()
        newer_id = str(newer.id)
    runs = (await api.call("coordA", "GET", "/match-runs", 200)).json()
    assert runs["items"][0]["id"] == newer_id and runs["total"] == 3  # A1's, A2's and the new one
    assert (await api.call("coordA", "GET", "/match-runs?status=queued", 200)).json()["total"] == 0
    await api.call("coordA", "GET", "/match-runs?status=done", 422)
    for i in range(5):
        await add_candidate(world.db, world, "A1", world.emails["coordA"], display_name=f"Extra {i}",
                            status="proposed")
    page = (await api.call("coordA", "GET", f"/match-runs/{a1['run']}/proposals?limit=3", 200)).json()
    assert len(page["items"]) == 3 and page["total"] == 8
    item = page["items"][0]
    assert item["participant_name"] and item["need_title"] == "Köksbiträde A1" and item["employer_name"] == "A1 AB"
    assert item["workplace_name"] == "A1 kök" and item["kind_label_sv"] == "Förslag"
    rest = (await api.call("coordA", "GET", f"/match-runs/{a1['run']}/proposals?limit=3&offset=3", 200)).json()
    assert not {p["id"] for p in page["items"]} & {p["id"] for p in rest["items"]}
    waiting = (await api.call("coordA", "GET", f"/match-runs/{a1['run']}/proposals?status=proposed", 200)).json()
    assert waiting["total"] == 6 and {p["status"] for p in waiting["items"]} == {"proposed"}
    await api.call("coordA", "GET", f"/match-runs/{a1['run']}/proposals?status=maybe", 422)
    await api.call("coordA", "GET", f"/match-runs/{a1['run']}/proposals?limit=500", 400)


async def test_placements_by_filter_and_role(world: World) -> None:
    api, t = world.api, world.tenants
    assert (await api.call("coordA", "GET", "/placements", 200)).json()["total"] == 2
    assert (await api.call("coordA", "GET", f"/placements?need_id={t['A1'].ids['need']}", 200)).json()["total"] == 1
    assert (await api.call("coordA", "GET", "/placements?status=agreeing", 200)).json()["total"] == 2
    await api.call("coordA", "GET", "/placements?status=everything", 422)
    own = (await api.call("empA2", "GET", "/placements", 200)).json()
    assert [p["id"] for p in own["items"]] == [t["A2"].ids["placement"]]
    assert (await api.call("admin", "GET", "/placements", 200)).json()["total"] == 3
    await api.call("csrA1", "GET", "/placements", 403)


async def test_an_admins_run_is_reviewed_by_the_participants_coordinators(world: World) -> None:
    """Review follows responsibility: whoever started the run."""
    api, a1, b = world.api, world.tenants["A1"].ids, world.tenants["B"].ids
    async with world.db() as session, session.begin():
        run = MatchRun(association_id=None, status="succeeded", progress=1.0, params={}, proposal_count=2)
        session.add(run)
        await session.flush()
        theirs = {}
        for key, t in (("A1", a1), ("B", b)):
            p = Proposal(run_id=run.id, participant_id=uuid.UUID(t["participant"]), need_id=uuid.UUID(t["need"]),
                         kind="assignment", rank=1, score=Decimal("0.7"), explanation={}, status="proposed")
            session.add(p)
            await session.flush()
            theirs[key] = str(p.id)
        run_id = str(run.id)
    seen = (await api.call("coordA", "GET", f"/match-runs/{run_id}/proposals", 200)).json()
    assert [p["id"] for p in seen["items"]] == [theirs["A1"]]  # only their own participants' proposals
    approved = (await api.call("coordA", "POST", f"/proposals/{theirs['A1']}/approve", 200)).json()
    assert approved["status"] == "approved" and approved["participant_name"] == "A1 Person 0"
    await api.call("coordA", "POST", f"/proposals/{theirs['B']}/approve", 404)
    await api.call("coordB", "POST", f"/proposals/{theirs['B']}/reject", 200, json={"reason_code": "too_far"})
    async with world.db() as session:
        statuses = dict((await session.execute(select(Proposal.id, Proposal.status).where(
            Proposal.run_id == uuid.UUID(run_id)))).all())
    assert sorted(statuses.values()) == ["approved", "rejected"]
