"""Needs analysis through the API (SQLite and PostgreSQL): draft needs with core and adaptable
tasks that no match run sees, and POST /needs/import (a job ad -> a draft need)."""
from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select

from employers.models import Need
from tests.api.world import need_body
from tests.conftest import shared_file
from tests.security.world import count, table_fingerprints

AD = {"headline": "Köksbiträde till skolkök",
      "description": {"text": "Arbetsuppgifter:\n- Diska och plocka undan\n- Skala och hacka grönsaker\n"},
      "must_have": {"skills": [{"label": "Livsmedelshygien"}]}, "scope_of_work": {"min": 50, "max": 50}}


async def test_a_draft_with_core_and_adaptable_tasks(world: Any) -> None:
    api, wp = world.api, world.tenants["A1"].ids["workplace"]
    tasks = [{"title": "Diska", "description": "", "core": True, "adaptable": True},
             {"title": "Torka bord", "description": "Efter lunch."}]
    n = (await api.call("coordA", "POST", "/needs", 201, json=need_body(wp, status="draft", tasks=tasks))).json()
    assert n["status"] == "draft" and n["occupation"] is None
    assert [(t["title"], t["core"], t["adaptable"]) for t in n["tasks"]] == [("Diska", True, True),
                                                                              ("Torka bord", False, False)]
    assert n["status_label_sv"] == "Utkast"
    got = (await api.call("coordA", "GET", f"/needs/{n['id']}", 200)).json()
    assert got["tasks"] == n["tasks"] and got["status"] == "draft"
    assert [x["id"] for x in (await api.call("coordA", "GET", "/needs?status=draft", 200)).json()["items"]] == [n["id"]]
    # an employer starts one in the portal, for its own workplace only
    emp = (await api.call("empA1", "POST", "/needs", 201, json=need_body(wp, status="draft"))).json()
    assert emp["status"] == "draft"
    await api.call("empA2", "POST", "/needs", 404, json=need_body(wp, status="draft"))
    # a need is created open or as a draft; nothing else
    r = await api.call("coordA", "POST", "/needs", json=need_body(wp, status="filled"))
    assert r.status_code == 400 and "status" in r.json()["detail"]


async def test_a_draft_is_never_matched(world: Any) -> None:
    from vta.models import MatchRun
    from vta.services.matching import load_world

    api, wp = world.api, world.tenants["A1"].ids["workplace"]
    draft = (await api.call("coordA", "POST", "/needs", 201, json=need_body(wp, status="draft"))).json()
    run = MatchRun(association_id=None, status="queued", progress=0.0, params={})
    async with world.db() as session:
        loaded = {str(n.id) for n in (await load_world(session, run))["needs"]}
    assert draft["id"] not in loaded and world.tenants["A1"].ids["need"] in loaded
    await api.call("coordA", "PATCH", f"/needs/{draft['id']}", 200, json={"status": "open"})
    async with world.db() as session:
        assert draft["id"] in {str(n.id) for n in (await load_world(session, run))["needs"]}


async def test_import_a_jobsearch_hit(world: Any) -> None:
    api, wp = world.api, world.tenants["A1"].ids["workplace"]
    r = await api.call("coordA", "POST", "/needs/import", 201, json={"workplace_id": wp, "ad": AD})
    n = r.json()
    assert r.headers["location"] == f"/api/v1/needs/{n['id']}"
    assert n["status"] == "draft" and n["title"] == AD["headline"] and n["workplace_id"] == wp
    assert n["occupation"] == {"label": "Restaurang- och köksbiträden m.fl.", "ssyk": "9412"}
    assert [t["title"] for t in n["tasks"]] == ["Diska och plocka undan", "Skala och hacka grönsaker"]
    assert (n["hours_min"], n["hours_max"]) == (20, 20) and "Livsmedelshygien" in n["skills"]
    assert await count(world.db, "SELECT count(*) FROM audit_events WHERE action = 'create' AND subject_type = 'need' "
                                 f"AND subject_id = '{n['id']}'") == 1
    # the employer imports for its own workplaces; another employer's workplace is a missing one
    await api.call("empA1", "POST", "/needs/import", 201, json={"workplace_id": wp, "ad": AD})
    foreign = await api.call("empA2", "POST", "/needs/import", json={"workplace_id": wp, "ad": AD})
    missing = await api.call("empA2", "POST", "/needs/import", json={"workplace_id": str(uuid.uuid4()), "ad": AD})
    assert foreign.status_code == missing.status_code == 404 and foreign.content == missing.content
    await api.call("csrA1", "POST", "/needs/import", 403, json={"workplace_id": wp, "ad": AD})


async def test_import_the_sample_ads(world: Any) -> None:
    api, wp = world.api, world.tenants["A1"].ids["workplace"]
    ads = json.loads(shared_file("data/jobtech/ads_sample_a.json").read_text(encoding="utf-8"))["testannonser"]
    for ad in ads:
        n = (await api.call("coordA", "POST", "/needs/import", 201, json={"workplace_id": wp, "ad": ad})).json()
        assert n["status"] == "draft" and n["occupation"] is not None
        assert "Annonsens arbetsplatsadress" in n["description"]  # the test workplace is in Linköping


async def test_a_malformed_ad_is_a_422_and_nothing_is_stored(world: Any) -> None:
    api, wp = world.api, world.tenants["A1"].ids["workplace"]
    before = await table_fingerprints(world.db, skip=("audit_events",))
    for ad, says in (({"description": {"text": "x"}}, "headline"),
                     ({"headline": "Kock", "description": "text"}, "description.text"),
                     ({"headline": 7, "description": {"text": "x"}}, "ad.headline"),
                     ({"headline": "Kock", "description": {"text": "x"}, "scope_of_work": {"max": "full"}},
                      "ad.scope_of_work.max"),
                     ("Kock", "JSON object"), (None, "JSON object")):
        r = await api.call("coordA", "POST", "/needs/import", json={"workplace_id": wp, "ad": ad})
        assert r.status_code == 422 and says in r.json()["detail"], (ad, r.text)
    r = await api.call("coordA", "POST", "/needs/import", json={"workplace_id": wp})
    assert r.status_code == 400 and "ad" in r.json()["detail"]
    assert await table_fingerprints(world.db, skip=("audit_events",)) == before


async def test_patch_open_publishes_a_draft(world: Any) -> None:
    api, wp = world.api, world.tenants["A1"].ids["workplace"]
    draft = (await api.call("empA1", "POST", "/needs", 201, json=need_body(wp, status="draft"))).json()
    # a coordinator completes it (tasks keep core and adaptable through a PATCH) ...
    tasks = [{"title": "Diska", "description": "Efter lunch.", "core": True, "adaptable": True}]
    n = (await api.call("coordA", "PATCH", f"/needs/{draft['id']}", 200, json={"tasks": tasks})).json()
    assert n["status"] == "draft" and (n["tasks"][0]["core"], n["tasks"][0]["adaptable"]) == (True, True)
    # ... a draft is not paused (it was never published) ...
    r = await api.call("coordA", "PATCH", f"/needs/{draft['id']}", json={"status": "paused"})
    assert r.status_code == 409 and "draft" in r.json()["detail"]
    # ... and publishes it
    n = (await api.call("coordA", "PATCH", f"/needs/{draft['id']}", 200, json={"status": "open"})).json()
    assert n["status"] == "open"
    # nothing goes back to draft, from open or from filled
    need = world.tenants["A1"].ids["need"]
    async with world.db() as session, session.begin():
        (await session.get(Need, uuid.UUID(need))).status = "filled"
    for nid in (draft["id"], need):
        r = await api.call("coordA", "PATCH", f"/needs/{nid}", json={"status": "draft"})
        assert r.status_code == 400 and "status" in r.json()["detail"], r.text
    assert (await api.call("coordA", "GET", f"/needs/{need}", 200)).json()["status"] == "filled"
