"""The coordinator's employer pages: the list (with "not contacted for N days"), an employer's page,
and its forms (contact, interaction with next step, stance). A refused form stores nothing."""
from __future__ import annotations

import re
from typing import Any

from tests.security.world import count, table_fingerprints

SKIP = ("audit_events", "web_sessions", "notifications", "checkpoints")


async def test_employer_list_and_not_contacted_filter(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["coordA"])
    body = (await browser.get("/employers")).text
    assert 'href="/employers" aria-current="page">Arbetsgivare</a>' in body
    eid = world.tenants["A1"].ids["employer"]
    assert f'href="/employers/{eid}"' in body and "A1 AB" in body and "B AB" not in body
    assert "Aldrig" in body
    page = (await browser.get(f"/employers/{eid}")).text
    assert "<h1>A1 AB</h1>" in page and "Ingen kontakt är inskriven ännu." in page
    assert "Köksbiträde A1" in page  # its need
    await browser.post(f"/employers/{eid}/interactions", {"kind": "visit", "occurred_on": "2026-01-10",
                                                          "notes": "Gick runt i köket.", "next_step": "Ring om disken",
                                                          "next_step_due": "2099-01-20"}, token_from=f"/employers/{eid}")
    recent = (await browser.get("/employers?not_contacted_days=30")).text
    # contacted on 2026-01-10: more than 30 days ago on any day this test runs after February 2026
    assert f'href="/employers/{eid}"' in recent
    none_since = (await browser.get("/employers?not_contacted_days=100000")).text
    assert f'href="/employers/{eid}"' not in none_since
    await browser.get("/employers?not_contacted_days=-1", expect=422)
    await browser.get("/employers?not_contacted_days=x", expect=400)


async def test_employer_page_forms_store_what_was_written(pages: Any) -> None:
    browser, world = pages
    eid = world.tenants["A1"].ids["employer"]
    await browser.login(world.emails["coordA"])
    path = f"/employers/{eid}"
    before = await table_fingerprints(world.db, skip=SKIP)
    await browser.post(f"{path}/interactions", {"kind": "call", "occurred_on": "2026-01-10", "notes": ""},
                       expect=422, token_from=path)
    await browser.post(f"{path}/interactions", {"kind": "fax", "occurred_on": "2026-01-10", "notes": "x"},
                       expect=422, token_from=path)
    # the service's refusal, on the form with what was written (never the error page)
    bad = await browser.post(f"{path}/interactions", {"kind": "call", "occurred_on": "2026-01-10", "notes": "Ringde",
                                                      "next_step_due": "2026-02-01"}, expect=422, token_from=path)
    assert "next_step_due needs a next_step" in bad.text and ">Ringde</textarea>" in bad.text
    assert 'value="2026-02-01"' in bad.text and "Sidan finns inte" not in bad.text and "<h1>A1 AB</h1>" in bad.text
    bad = await browser.post(f"{path}/interactions", {"kind": "call", "occurred_on": "igår", "notes": ""},
                             expect=422, token_from=path)
    assert 'href="#occurred_on"' in bad.text and 'href="#notes"' in bad.text and 'value="igår"' in bad.text
    bad = await browser.post(f"{path}/contacts", {"name": "Kim", "phone": "0" * 41}, expect=422, token_from=path)
    assert 'href="#phone"' in bad.text and 'value="Kim"' in bad.text and "<details open>" in bad.text
    await browser.post(f"{path}/relationship", {"inclusion_stance": "hostile"}, expect=422, token_from=path)
    assert await table_fingerprints(world.db, skip=SKIP) == before
    await browser.post(f"{path}/contacts", {"name": "Kim Berg", "title": "Kökschef", "email": "kim@a1.se"},
                       token_from=path)
    await browser.post(f"{path}/interactions", {"kind": "meeting", "occurred_on": "2026-01-12",
                                                "notes": "Pratade om kvällspass.", "next_step": "Skicka förslag",
                                                "next_step_due": "2099-02-01"}, token_from=path)
    await browser.post(f"{path}/relationship", {"inclusion_stance": "resource"}, token_from=path)
    page = (await browser.get(path)).text
    assert "Kim Berg</strong>, Kökschef" in page and "Pratade om kvällspass." in page and "Möte" in page
    assert "Skicka förslag" in page and "Resurs" in page and "coord-a@test.se" in page
    assert await count(world.db, "SELECT count(*) FROM interactions WHERE next_step = 'Skicka förslag'") == 1
    # employers and CSR partners never see the coordinators' employer pages
    for who in ("empA1", "csrA1"):
        await browser.login(world.emails[who])
        await browser.get(path, expect=403)
        await browser.get("/employers", expect=403)


async def test_need_page_links_to_what_would_open_it(pages: Any) -> None:
    browser, world = pages
    nid = world.tenants["A1"].ids["need"]
    await browser.login(world.emails["coordA"])
    need = (await browser.get(f"/needs/{nid}")).text
    assert f'href="/needs/{nid}/openers"' in need
    body = (await browser.get(f"/needs/{nid}/openers")).text
    assert "<h1>Vad skulle öppna behovet?</h1>" in body and "Köksbiträde A1" in body
    assert re.search(r"I dag kan \d+ av [1-9]\d* deltagare föreslås till behovet", body)
    assert await count(world.db, "SELECT count(*) FROM audit_events WHERE subject_type = 'need_openers'") == 1
    await browser.login(world.emails["empA1"])
    assert f"/needs/{nid}/openers" not in (await browser.get(f"/needs/{nid}")).text
    await browser.get(f"/needs/{nid}/openers", expect=403)
