"""Editing with the registration forms: the same form comes back filled in, a refused edit is shown
again with its errors and changes nothing, an accepted one changes exactly what was edited."""
from __future__ import annotations

from typing import Any

from tests.security.world import count, table_fingerprints
from tests.web.test_forms import PERSON

# Only the edited rows are compared: the app's start-up reminder job may still be writing elsewhere.
OWN = ("participants", "adaptation_needs", "needs", "need_tasks")


async def prints(db: Any) -> dict[str, Any]:
    return {k: v for k, v in (await table_fingerprints(db)).items() if k in OWN}


async def test_participant_edit_form(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["coordA"])
    r = await browser.post("/participants", PERSON, token_from="/participants/new")
    path = r.headers["location"].split("?")[0]
    shown = (await browser.get(path)).text
    assert f'href="{path}/edit"' in shown
    form = (await browser.get(f"{path}/edit")).text
    assert "<h1>Ändra deltagaren</h1>" in form and f'action="{path}"' in form
    assert 'value="Nora"' in form and 'value="Linköping"' in form and 'value="disk, kassa"' in form
    assert 'id="rq-quiet_environment" name="required" value="quiet_environment" checked' in form
    assert 'name="consent"' not in form  # consent has its own form on the page

    before = await prints(world.db)
    edit = {k: v for k, v in PERSON.items() if k != "consent"}
    bad = await browser.post(path, {**edit, "hours_max": "99", "display_name": ""}, expect=422,
                             token_from=f"{path}/edit")
    assert 'id="error-summary"' in bad.text and 'href="#hours_max"' in bad.text
    assert await prints(world.db) == before

    r = await browser.post(path, {**edit, "display_name": "Nora K", "hours_max": "25", "place": "Norrköping",
                                  "required": []}, token_from=f"{path}/edit")
    page = (await browser.get(r.headers["location"])).text
    assert "<h1>Nora K</h1>" in page and "nära Norrköping" in page and "Lugn arbetsmiljö – önskemål" in page
    assert await count(world.db, "SELECT count(*) FROM participants WHERE display_name = 'Nora K' "
                                 "AND hours_max = 25") == 1


async def test_only_coordinators_edit_participants(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["empA1"])
    pid = world.tenants["A1"].ids["participant"]
    await browser.get(f"/participants/{pid}/edit", expect=403)
    await browser.post(f"/participants/{pid}", {"display_name": "x"}, expect=403)
