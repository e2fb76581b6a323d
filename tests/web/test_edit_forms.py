"""Editing with the registration forms: the same form comes back filled in, a refused edit is shown
again with its errors and changes nothing, an accepted one changes exactly what was edited."""
from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from tests.security.world import count, table_fingerprints
from tests.web.test_forms import PERSON
from vta.models import EmployerExclusion, Participant

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
    async with world.db() as session:  # names are sealed: read through the model, which opens them
        rows = (await session.execute(select(Participant.display_name, Participant.hours_max))).all()
    assert sum(1 for name, hours in rows if name == "Nora K" and hours == 25) == 1


async def test_participant_form_keeps_employers_away_and_records_follow_up(pages: Any) -> None:
    """The form names the association's employers to keep away from and the optional follow-up
    fields; another association's employer is not offered and cannot be posted."""
    browser, world = pages
    await browser.login(world.emails["coordA"])
    a1, b = world.tenants["A1"].ids["employer"], world.tenants["B"].ids["employer"]
    form = (await browser.get("/participants/new")).text
    assert f'name="excluded" value="{a1}"' in form and b not in form
    assert '<option value="sjukpenning">Sjukpenning</option>' in form

    before = await prints(world.db)
    bad = await browser.post("/participants", {**PERSON, "excluded": b, "gender": "unknown_code"},
                             expect=422, token_from="/participants/new")
    assert 'href="#excluded"' in bad.text and 'href="#gender"' in bad.text
    assert await prints(world.db) == before

    r = await browser.post("/participants", {**PERSON, "display_name": "Nora Undantag", "excluded": a1, "gender": "woman", "birth_year": "1990",
                                             "income_source": "sjukpenning", "occupation": ""},
                           token_from="/participants/new")
    path = r.headers["location"].split("?")[0]
    page = (await browser.get(path)).text
    assert f'<a href="/employers/{a1}">A1 AB</a>' in page
    assert "Kvinna; född 1990; Sjukpenning; sysselsättning ej angiven" in page
    async with world.db() as session:  # names are sealed: read the person through the model
        person = await session.get(Participant, uuid.UUID(path.rsplit("/", 1)[1]))
        excluded = (await session.execute(select(EmployerExclusion.employer_id)
                                          .where(EmployerExclusion.participant_id == person.id))).scalars().all()
    assert person.display_name == "Nora Undantag" and [str(e) for e in excluded] == [a1]

    edit = (await browser.get(f"{path}/edit")).text
    assert f'id="ex-{a1}" name="excluded" value="{a1}" checked' in edit
    assert '<option value="woman" selected>' in edit and 'value="1990"' in edit
    changed = {k: v for k, v in PERSON.items() if k != "consent"}
    await browser.post(path, {**changed, "display_name": "Nora Undantag", "gender": "", "birth_year": ""},
                       token_from=f"{path}/edit")
    page = (await browser.get(path)).text
    assert "Ingen arbetsgivare undantagen" in page and "Kön ej angivet; födelseår ej angivet" in page


async def test_only_coordinators_edit_participants(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["empA1"])
    pid = world.tenants["A1"].ids["participant"]
    await browser.get(f"/participants/{pid}/edit", expect=403)
    await browser.post(f"/participants/{pid}", {"display_name": "x"}, expect=403)


async def test_need_edit_form_and_status_buttons(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["empA1"])
    data = {"workplace_id": world.tenants["A1"].ids["workplace"], "title": "Diskare", "task_title_0": "Diska",
            "task_title_1": "Torka bord", "slots": "2", "hours_min": "10", "hours_max": "20",
            "placement_types": "work_training", "adaptations_offered": ["quiet_environment"],
            "swedish_level_required": "basic", "skills": "disk"}
    r = await browser.post("/needs", data, token_from="/needs/new")
    path = r.headers["location"].split("?")[0]
    assert f'href="{path}/edit"' in (await browser.get(path)).text
    form = (await browser.get(f"{path}/edit")).text
    assert "<h1>Ändra behovet</h1>" in form and f'action="{path}"' in form and 'name="workplace_id"' not in form
    assert 'value="Diskare"' in form and 'value="Torka bord"' in form and 'value="disk"' in form

    edit = {k: v for k, v in data.items() if k != "workplace_id"}
    before = await prints(world.db)
    bad = await browser.post(path, {**edit, "hours_min": "30"}, expect=422, token_from=f"{path}/edit")
    assert 'id="error-summary"' in bad.text and 'href="#hours_max"' in bad.text
    bad = await browser.post(path, {**edit, "slots": "0"}, expect=422, token_from=f"{path}/edit")
    assert 'href="#slots"' in bad.text
    assert await prints(world.db) == before

    r = await browser.post(path, {**edit, "title": "Diskare kväll", "task_title_2": "Sopa"}, token_from=f"{path}/edit")
    page = (await browser.get(r.headers["location"])).text
    assert "<h1>Diskare kväll</h1>" in page and page.index("Torka bord") < page.index("Sopa")
    assert await count(world.db, "SELECT count(*) FROM needs WHERE title = 'Diskare kväll' AND status = 'open'") == 1

    for status, button in (("paused", "Öppna igen"), ("open", "Pausa"), ("closed", "Öppna igen")):
        await browser.post(f"{path}/status", {"status": status}, token_from=path)
        assert button in (await browser.get(path)).text
        assert await count(world.db, f"SELECT count(*) FROM needs WHERE title = 'Diskare kväll' "
                                     f"AND status = '{status}'") == 1
    await browser.post(f"{path}/status", {"status": "filled"}, expect=422, token_from=path)
