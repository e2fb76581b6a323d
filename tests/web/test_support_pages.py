"""Support decisions as pages: a placement's decisions and the form to add one; the list of what
is applied for and what runs out soon. A refused decision stores nothing."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.security.world import count, table_fingerprints

SKIP = ("audit_events", "web_sessions", "notifications", "checkpoints")


async def test_add_a_decision_and_see_what_runs_out(pages: Any) -> None:
    browser, world = pages
    pid = world.tenants["A1"].ids["placement"]
    await browser.login(world.emails["coordA"])
    path = f"/placements/{pid}/support"
    body = (await browser.get(path)).text
    assert "<h1>Stöd till placeringen</h1>" in body and "SIUS" in body and "Ansökt" in body
    today = date.today()
    before = await table_fingerprints(world.db, skip=SKIP)
    # SIUS is decided by Arbetsförmedlingen, not Försäkringskassan: refused, nothing stored
    bad = await browser.post(path, {"instrument": "SIUS", "decided_by": "fk", "status": "granted",
                                    "applied_on": today.isoformat()}, expect=422, token_from=path)
    assert "Uppgifterna kunde inte sparas:" in bad.text and '<option value="fk" selected>' in bad.text
    assert "<h1>Stöd till placeringen</h1>" in bad.text
    bad = await browser.post(path, {"instrument": "SIUS", "decided_by": "af", "status": "granted",
                                    "applied_on": "igår"}, expect=422, token_from=path)
    assert 'href="#applied_on"' in bad.text and 'value="igår"' in bad.text
    assert await table_fingerprints(world.db, skip=SKIP) == before
    await browser.post(path, {"instrument": "WAGE_SUBSIDY", "decided_by": "af", "status": "granted",
                              "applied_on": today.isoformat(), "valid_from": today.isoformat(),
                              "valid_to": (today + timedelta(days=20)).isoformat()}, token_from=path)
    assert await count(world.db, "SELECT count(*) FROM support_decisions WHERE instrument = 'WAGE_SUBSIDY'") == 1
    listing = (await browser.get("/support")).text
    soon = listing.split("Löper ut inom 60 dagar", 1)[1].split("Ansökt, väntar på beslut", 1)
    assert "Lönebidrag" in soon[0] and f'href="/placements/{pid}/support"' in soon[0]
    assert "SIUS" in soon[1]  # the world's decision, applied for
    await browser.login(world.emails["empA1"])
    await browser.get("/support", expect=403)
    await browser.get(path, expect=403)
