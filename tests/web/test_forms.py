"""The forms work without JavaScript: a refused form is shown again with its errors and stores
nothing; an accepted one stores exactly what was chosen (place by name, checklist, tasks)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.security.world import count, table_fingerprints
from vta.models import Participant

PERSON = {"display_name": "Nora", "place": "Linköping", "max_travel_km": "12", "hours_max": "20",
          "placement_types": ["work_training", "work_practice"], "goals": "Arbeta i kök", "interests": "",
          "experience": "", "skills": "disk, kassa", "swedish_level": "good",
          "adaptations": ["quiet_environment", "written_instructions"], "required": "quiet_environment",
          "consent": "yes"}


async def test_participant_form(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["coordA"])
    form = (await browser.get("/participants/new")).text
    assert 'list="places"' in form and '<option value="Linköping">' in form and "Lugn arbetsmiljö" in form
    before = await table_fingerprints(world.db, skip=("audit_events", "web_sessions", "notifications", "checkpoints"))
    bad = await browser.post("/participants", {**PERSON, "place": "Atlantis", "hours_max": "99", "display_name": ""},
                             expect=422, token_from="/participants/new")
    assert 'id="error-summary"' in bad.text and 'href="#place"' in bad.text and 'href="#hours_max"' in bad.text
    assert 'value="Atlantis"' in bad.text  # what was typed stays
    assert await table_fingerprints(world.db, skip=("audit_events", "web_sessions", "notifications",
                                                    "checkpoints")) == before
    r = await browser.post("/participants", PERSON, token_from="/participants/new")
    page = (await browser.get(r.headers["location"])).text
    assert "<h1>Nora</h1>" in page and "nära Linköping" in page and "Lugn arbetsmiljö – krav" in page
    assert "Skriftliga instruktioner – önskemål" in page and "Registrera att samtycket återkallas" in page
    async with world.db() as session:  # names are sealed: read through the model, which opens them
        rows = (await session.execute(select(Participant.display_name, Participant.latitude))).all()
    assert sum(1 for name, lat in rows if name == "Nora" and abs(lat - 58.40277) < 0.001) == 1


async def test_need_form_adds_tasks_one_by_one(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["empA1"])
    form = (await browser.get("/needs/new")).text
    assert form.count('name="task_title_') == 3 and "A1 kök" in form and "B kök" not in form
    data = {"workplace_id": world.tenants["A1"].ids["workplace"], "title": "Diskare", "task_title_0": "Diska",
            "task_title_1": "Torka bord", "task_title_2": "Sopa", "slots": "1", "hours_min": "10", "hours_max": "20",
            "placement_types": "work_training", "adaptations_offered": ["quiet_environment"],
            "swedish_level_required": "basic", "skills": "disk"}
    more = await browser.post("/needs", {**data, "add_task": "1"}, expect=200, token_from="/needs/new")
    assert more.text.count('name="task_title_') == 4 and 'value="Torka bord"' in more.text
    bad = await browser.post("/needs", {**data, "hours_min": "30"}, expect=422, token_from="/needs/new")
    assert 'href="#hours_max"' in bad.text
    other = await browser.post("/needs", {**data, "workplace_id": world.tenants["B"].ids["workplace"]},
                               expect=404, token_from="/needs/new")
    assert "Sidan finns inte" in other.text
    assert await count(world.db, "SELECT count(*) FROM needs WHERE title = 'Diskare'") == 0
    r = await browser.post("/needs", data, token_from="/needs/new")
    page = (await browser.get(r.headers["location"])).text
    assert "<h1>Diskare</h1>" in page and page.index("Diska") < page.index("Torka bord") < page.index("Sopa")


async def test_roles_see_only_their_pages(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["empA1"])
    for path in ("/participants", "/participants/new", "/match-runs", "/admin/users"):
        r = await browser.client.get(path)
        assert r.status_code == 403 and "Du har inte behörighet" in r.text, path
    await browser.login(world.emails["coordA"])
    assert (await browser.client.get("/admin/users")).status_code == 403
    assert (await browser.client.get("/candidates")).status_code == 403


async def test_admin_creates_an_account(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["admin"])
    page = (await browser.get("/admin/users")).text
    assert "coord-a@test.se" in page and "password_hash" not in page
    bad = await browser.post("/admin/users", {"email": "ny@test.se", "password": "kort", "role": "coordinator"},
                             expect=422, token_from="/admin/users")
    assert 'id="error-summary"' in bad.text and "password" in bad.text  # the policy says why
    await browser.post("/admin/users", {"email": "ny@test.se", "password": "langt-losenord", "role": "employer",
                                        "employer_id": world.tenants["A1"].ids["employer"]}, token_from="/admin/users")
    assert await count(world.db, "SELECT count(*) FROM users WHERE email = 'ny@test.se' AND role = 'employer'") == 1


async def test_admin_creates_an_association_and_places_a_coordinator(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["coordA"])
    assert (await browser.client.get("/admin/associations")).status_code == 403
    await browser.login(world.emails["admin"])
    await browser.post("/admin/associations", {"name": "   "}, expect=422, token_from="/admin/associations")
    await browser.post("/admin/associations", {"name": "Samordningsförbundet Norr"}, token_from="/admin/associations")
    page = (await browser.get("/admin/associations")).text
    assert "Samordningsförbundet Norr" in page
    again = await browser.post("/admin/associations", {"name": "Samordningsförbundet Norr"}, expect=409,
                               token_from="/admin/associations")
    assert 'id="error-summary"' in again.text
    assert await count(world.db, "SELECT count(*) FROM associations WHERE name = 'Samordningsförbundet Norr'") == 1
    norr = page.split('>Samordningsförbundet Norr</option>', 1)[0].rsplit('<option value="', 1)[1].split('"', 1)[0]
    refused = await browser.post("/admin/associations/place", {"email": "nobody@test.se", "association_id": norr},
                                 expect=422, token_from="/admin/associations")
    assert "nobody@test.se" in refused.text
    await browser.post("/admin/associations/place", {"email": world.emails["coordA"], "association_id": norr},
                       token_from="/admin/associations")
    assert await count(world.db, "SELECT count(*) FROM users u JOIN associations a ON a.id = u.association_id "
                                 "WHERE a.name = 'Samordningsförbundet Norr'") == 1


async def test_board_moves_a_placement_with_a_plain_form(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["coordA"])
    board = (await browser.get("/placements/board")).text
    pid = world.tenants["A1"].ids["placement"]
    assert f'id="card-{pid}"' in board and 'id="col-agreeing"' in board
    assert world.tenants["B"].ids["placement"] not in board
    card = board.split(f'id="card-{pid}"', 1)[1].split("</li>", 1)[0]
    assert '<option value="ready_to_start">' in card and '<option value="follow_up">' not in card
    r = await browser.post(f"/placements/{pid}/move", {"status": "ready_to_start"}, token_from="/placements/board")
    assert r.headers["location"].startswith("/placements/board?done=moved")
    assert await count(world.db, "SELECT count(*) FROM placements WHERE status = 'ready_to_start'") == 1
    late = await browser.post(f"/placements/{pid}/move", {"status": "follow_up"}, expect=409,
                              token_from="/placements/board")
    assert "Det gick inte att spara" in late.text
