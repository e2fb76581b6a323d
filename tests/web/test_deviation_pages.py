"""Deviation reports as pages: the form says why personal data is refused and keeps what was
typed; a report moves one step at a time along the handling flow; patterns by category."""
from __future__ import annotations

from typing import Any

from tests.security.world import count, table_fingerprints

SKIP = ("audit_events", "web_sessions", "notifications", "checkpoints")
REPORT = {"category": "cannot_reach_unit", "involved_orgs": ["af", "kommun"],
          "description": "Ingen handläggare svarade på två veckor.", "suggested_improvement": "En gemensam kontakt."}


async def test_report_refused_with_personal_data_then_created_and_handled(pages: Any) -> None:
    browser, world = pages
    await browser.login(world.emails["coordA"])
    body = (await browser.get("/deviations")).text
    assert "<h1>Avvikelser i samverkan</h1>" in body and "Skriv inga personuppgifter." in body
    assert "Antal rapporter per kategori och kvartal" in body  # the world's reports of association A
    before = await table_fingerprints(world.db, skip=SKIP)
    refused = await browser.post("/deviations", {**REPORT, "description": "Gäller 811218-9876 som väntade."},
                                 expect=422, token_from="/deviations")
    assert "Texten innehåller ett personnummer" in refused.text and "811218-9876" in refused.text  # kept
    named = await browser.post("/deviations", {**REPORT, "description": "A1 Person 0 fick vänta."},
                               expect=422, token_from="/deviations")
    assert "Texten innehåller namnet på en deltagare" in named.text
    await browser.post("/deviations", {**REPORT, "involved_orgs": []}, expect=422, token_from="/deviations")
    assert await table_fingerprints(world.db, skip=SKIP) == before
    r = await browser.post("/deviations", REPORT, token_from="/deviations")
    path = r.headers["location"].split("?")[0]
    page = (await browser.get(path)).text
    assert "Ingen handläggare svarade" in page and "Arbetsförmedlingen, Kommunen" in page
    assert 'name="status" value="under_review"' in page
    await browser.post(f"{path}/move", {"status": "under_review"}, token_from=path)
    await browser.post(f"{path}/move", {"status": "under_review"}, expect=409, token_from=path)  # not twice
    await browser.post(f"{path}/move", {"status": "raised"}, token_from=path)
    await browser.post(f"{path}/move", {"status": "answered"}, expect=422, token_from=path)  # needs the answer
    await browser.post(f"{path}/move", {"status": "answered", "answer_text": "Vi inför en funktionsbrevlåda."},
                       token_from=path)
    page = (await browser.get(path)).text
    assert "Vi inför en funktionsbrevlåda." in page and 'value="published"' in page
    assert await count(world.db, "SELECT count(*) FROM deviation_reports WHERE status = 'answered'") == 1
    for who in ("empA1", "csrA1"):
        await browser.login(world.emails[who])
        await browser.get("/deviations", expect=403)
