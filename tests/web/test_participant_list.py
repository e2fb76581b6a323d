"""The participants list: searched by name, one page at a time with links before and after."""
from __future__ import annotations

import re
from typing import Any

from tests.security.world import participant_fields, principal, user_by_email
from vta.services import participants


async def test_participants_search_and_pages(pages: Any) -> None:
    browser, world = pages
    async with world.db() as session, session.begin():
        cp = principal(await user_by_email(session, world.emails["coordA"]))
        for i in range(55):
            await participants.create_participant(session, cp, **participant_fields(f"Zelda {i:02d}"))
    await browser.login(world.emails["coordA"])

    found = (await browser.get("/participants?q=zelda")).text
    assert 'value="zelda"' in found and "Visar 1–50 av 55" in found
    assert "Zelda 00" in found and "Zelda 49" in found and "Zelda 50" not in found and "Person 0" not in found
    nxt = re.search(r'href="([^"]+)" rel="next"', found).group(1).replace("&amp;", "&")
    assert nxt == "/participants?q=zelda&offset=50" and 'rel="prev"' not in found
    second = (await browser.get(nxt)).text
    assert "Visar 51–55 av 55" in second and "Zelda 54" in second and "Zelda 49" not in second
    assert 'href="/participants?q=zelda" rel="prev"' in second and 'rel="next"' not in second

    none = (await browser.get("/participants?q=%25_x")).text  # LIKE wildcards are searched as text
    assert "Ingen deltagare heter så." in none
    await browser.get("/participants?offset=-1", expect=422)
    await browser.get("/participants?offset=x", expect=400)
    other = (await browser.get("/participants?q=person")).text  # another association's people stay hidden
    assert "A1 Person" in other and "B Person" not in other
