"""BIP assessments on a participant's page: only under the bip_assessment consent; the progression
as a chart with the same numbers in a table."""
from __future__ import annotations

from datetime import date
from typing import Any

from tests.security.world import count
from vta.principal import Principal
from vta.services import participants


async def test_bip_needs_consent_then_shows_the_progression(pages: Any) -> None:
    browser, world = pages
    pid = world.tenants["A1"].ids["participant"]
    path = f"/participants/{pid}/bip"
    await browser.login(world.emails["coordA"])
    body = (await browser.get(path)).text
    assert "BIP-bedömningar" in body and "inte samtyckt till BIP-bedömningar" in body
    today = date.today().isoformat()
    refused = await browser.post(path, {"assessed_on": today, "score_job_search_behaviour": "3"}, expect=409,
                                 token_from=path)
    assert "har inte samtyckt" in refused.text and "Uppgifterna kunde inte sparas:" in refused.text
    assert await count(world.db, "SELECT count(*) FROM bip_assessments") == 0
    async with world.db() as session, session.begin():  # the consent, recorded as the API does
        await participants.give_consent(session, Principal(None, "admin"), pid, "bip_assessment")
    assert "inte samtyckt" not in (await browser.get(path)).text
    await browser.post(path, {"assessed_on": today, "score_job_search_behaviour": "9"}, expect=422, token_from=path)
    bad = await browser.post(path, {"assessed_on": "nyss", "score_job_search_behaviour": "2"}, expect=422,
                             token_from=path)
    assert 'href="#assessed_on"' in bad.text and 'value="nyss"' in bad.text
    assert '<option value="2" selected>' in bad.text and await count(world.db, "SELECT count(*) FROM bip_assessments") == 0
    await browser.post(path, {"assessed_on": today, "score_job_search_behaviour": "2"}, token_from=path)
    body = (await browser.get(path)).text
    assert 'role="img"' in body and "Jobbsökningsbeteende" in body and "<td>2</td>" in body
    assert await count(world.db, "SELECT count(*) FROM bip_assessments") == 1
    await browser.login(world.emails["empA1"])
    await browser.get(path, expect=403)
