"""A run's page pages through its people (each with assignment and alternatives together), and a
decision brings the reviewer back to the page it was made on."""
from __future__ import annotations

import re
from typing import Any

from tests.security.world import add_candidate


async def test_a_large_run_is_reviewed_a_page_of_people_at_a_time(pages: Any) -> None:
    browser, world = pages
    run = world.tenants["B"].ids["run"]
    for i in range(30):
        await add_candidate(world.db, world, "B", world.emails["coordB"], status="proposed",
                            display_name=f"Granskas {i:02d}")
    await browser.login(world.emails["coordB"])
    first = (await browser.get(f"/match-runs/{run}")).text
    people_first = re.findall(r'<section class="proposal[^"]*" id="p-([0-9a-f-]+)"', first)
    assert len(people_first) == 25 and f'href="/match-runs/{run}?offset=25" rel="next"' in first
    second = (await browser.get(f"/match-runs/{run}?offset=25")).text
    people_second = re.findall(r'<section class="proposal[^"]*" id="p-([0-9a-f-]+)"', second)
    assert people_second and not set(people_first) & set(people_second)
    assert f'href="/match-runs/{run}" rel="prev"' in second
    assert len(set(people_first) | set(people_second)) >= 30

    # Approving on the second page comes back to the second page, at that person.
    proposal = re.search(r'action="/proposals/([0-9a-f-]+)/approve"', second).group(1)
    assert '<input type="hidden" name="offset" value="25">' in second
    r = await browser.post(f"/proposals/{proposal}/approve", {"offset": "25"}, token_from=f"/match-runs/{run}?offset=25")
    assert re.fullmatch(rf"/match-runs/{run}\?offset=25&done=approved#p-[0-9a-f-]+", r.headers["location"])
    await browser.get(f"/match-runs/{run}?offset=-5", expect=422)
