"""Needs analysis and job-ad import as pages: a walk-through kept as a draft (tasks core or
supporting, adaptable or not), drafts in the needs list, completing and publishing a draft (also
one an employer started), and a pasted or uploaded ad that becomes a draft; a malformed ad comes
back on the form with what is wrong, and nothing is stored."""
from __future__ import annotations

import json
from typing import Any

from tests.security.world import count
from tests.web.conftest import csrf

SKIP = ("audit_events", "web_sessions")


def walk_through(workplace: str, **over: Any) -> dict[str, Any]:
    return {"workplace_id": workplace, "title": "Lagerhjälp efter genomgång", "task_title_0": "Plocka order",
            "task_core_0": "yes", "task_title_1": "Sortera returer", "task_adaptable_1": "yes", "slots": "2",
            "hours_min": "10", "hours_max": "30", "placement_types": "work_training",
            "swedish_level_required": "basic", "save_as": "draft", **over}


async def test_a_walk_through_is_kept_as_a_draft_completed_and_published(pages: Any) -> None:
    browser, world = pages
    wp = world.tenants["A1"].ids["workplace"]
    await browser.login(world.emails["coordA"])
    form = (await browser.get("/needs/new")).text
    assert 'name="save_as" value="draft"' in form and 'name="task_core_0"' in form and 'name="task_adaptable_2"' in form
    bad = await browser.post("/needs", walk_through(wp, hours_min="35"), expect=422, token_from="/needs/new")
    assert 'value="Plocka order"' in bad.text and 'id="task_core_0" name="task_core_0" value="yes"' in bad.text
    assert await count(world.db, "SELECT count(*) FROM needs WHERE status = 'draft'") == 0
    r = await browser.post("/needs", walk_through(wp), token_from="/needs/new")
    assert r.headers["location"].endswith("?done=draft_saved")
    path = r.headers["location"].split("?")[0]
    page = (await browser.get(r.headers["location"])).text
    assert "Utkastet är sparat" in page and "Det här är ett utkast" in page and "Utkast" in page
    assert "(kärnuppgift)" in page and "stödjande uppgift, kan anpassas" in page
    assert 'value="open" class="button">Publicera' in page and 'value="paused"' not in page
    assert await count(world.db, "SELECT count(*) FROM need_tasks t JOIN needs n ON n.id = t.need_id WHERE "
                                 "n.status = 'draft' AND ((t.title = 'Plocka order' AND t.core_or_support = 'core' "
                                 "AND NOT t.adaptable) OR (t.title = 'Sortera returer' AND t.core_or_support = "
                                 "'support' AND t.adaptable))") == 2
    drafts = (await browser.get("/needs?status=draft")).text
    assert f'href="{path}"' in drafts and "<td>Utkast</td>" in drafts
    assert f'href="{path}"' not in (await browser.get("/needs?status=open")).text
    await browser.get("/needs?status=bogus", expect=422)
    edit = (await browser.get(f"{path}/edit")).text
    assert "<h1>Komplettera utkastet</h1>" in edit and 'name="save_as" value="open"' in edit
    data = {k: v for k, v in walk_through(wp).items() if k != "workplace_id"}
    await browser.post(path, {**data, "task_title_2": "Packa", "save_as": "draft"}, token_from=f"{path}/edit")
    assert await count(world.db, "SELECT count(*) FROM needs WHERE status = 'draft'") == 1
    r = await browser.post(f"{path}/status", {"status": "open"}, token_from=path)
    assert r.headers["location"].endswith("?done=published")
    assert "Behovet är publicerat" in (await browser.get(r.headers["location"])).text
    assert await count(world.db, "SELECT count(*) FROM needs WHERE title = 'Lagerhjälp efter genomgång' "
                                 "AND status = 'open'") == 1


async def test_an_employer_starts_a_draft_that_a_coordinator_publishes(pages: Any) -> None:
    browser, world = pages
    wp = world.tenants["A1"].ids["workplace"]
    await browser.login(world.emails["empA1"])
    r = await browser.post("/needs", walk_through(wp, title="Vårt utkast"), token_from="/needs/new")
    path = r.headers["location"].split("?")[0]
    assert f'href="{path}"' in (await browser.get("/needs?status=draft")).text  # the employer sees its draft
    await browser.login(world.emails["coordA"])
    assert "Vårt utkast" in (await browser.get("/needs?status=draft")).text
    data = {k: v for k, v in walk_through(wp, title="Vårt utkast, kompletterat").items() if k != "workplace_id"}
    r = await browser.post(path, {**data, "save_as": "open"}, token_from=f"{path}/edit")
    assert r.headers["location"].endswith("?done=published")
    assert await count(world.db, "SELECT count(*) FROM needs WHERE title = 'Vårt utkast, kompletterat' AND status = "
                                 "'open' AND posted_by = 'employer_portal'") == 1
    await browser.login(world.emails["coordB"])  # another association's coordinator sees none of it
    await browser.get(path, expect=404)


AD = {"id": "1", "headline": "Köksbiträde till skolkök",
      "description": {"text": "Vi söker ett köksbiträde.\n\nArbetsuppgifter:\n- Diska och plocka undan\n"
                              "- Skala och hacka grönsaker\n"},
      "scope_of_work": {"min": 50, "max": 75}, "number_of_vacancies": 2}


async def test_a_job_ad_is_imported_from_the_page(pages: Any) -> None:
    browser, world = pages
    eid, wp = world.tenants["A1"].ids["employer"], world.tenants["A1"].ids["workplace"]
    await browser.login(world.emails["coordA"])
    assert 'href="/needs/import"' in (await browser.get(f"/employers/{eid}")).text
    assert 'href="/needs/import"' in (await browser.get("/needs")).text
    form = (await browser.get("/needs/import")).text
    assert 'enctype="multipart/form-data"' in form and "A1 kök" in form and "B kök" not in form
    needs = await count(world.db, "SELECT count(*) FROM needs")
    broken = '{"headline": "Kock", '
    bad = await browser.post("/needs/import", {"workplace_id": wp, "ad": broken}, expect=422, token_from="/needs/import")
    assert "Annonsen är inte JSON" in bad.text and broken.replace('"', "&#34;") in bad.text
    wrong = json.dumps({**AD, "headline": 7})
    bad = await browser.post("/needs/import", {"workplace_id": wp, "ad": wrong}, expect=422, token_from="/needs/import")
    assert "Uppgifterna kunde inte sparas:" in bad.text and "ad.headline" in bad.text and "Sidan finns inte" not in bad.text
    await browser.post("/needs/import", {"workplace_id": wp, "ad": ""}, expect=422, token_from="/needs/import")
    assert await count(world.db, "SELECT count(*) FROM needs") == needs
    r = await browser.post("/needs/import", {"workplace_id": wp, "ad": json.dumps(AD)}, token_from="/needs/import")
    assert r.headers["location"].endswith("?done=imported")
    page = (await browser.get(r.headers["location"])).text
    assert "<h1>Köksbiträde till skolkök</h1>" in page and "Annonsen är importerad som ett utkast" in page
    assert "Restaurang- och köksbiträden" in page and "SSYK 9412" in page and "Diska och plocka undan" in page
    # the same ad as an uploaded .json file (an employer, at its own workplace)
    await browser.login(world.emails["empA1"])
    token = csrf((await browser.get("/needs/import")).text)
    r = await browser.client.post("/needs/import", data={"workplace_id": wp, "_csrf_token": token},
                                  files={"ad_file": ("annons.json", json.dumps(AD).encode(), "application/json")})
    assert r.status_code == 303, r.text[:2000]
    r = await browser.client.post("/needs/import", data={"workplace_id": wp, "_csrf_token": token},
                                  files={"ad_file": ("annons.json", b"\xff\xfe not json", "application/json")})
    assert r.status_code == 422 and "Filen kunde inte läsas" in r.text
    assert await count(world.db, "SELECT count(*) FROM needs WHERE status = 'draft' AND "
                                 "occupation_ssyk = '9412'") == 2
