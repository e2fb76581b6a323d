"""The notifications page: the caller's own, newest first, each marked as read with a plain form."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.security.world import _user, count, user_by_email
from vta.models import Notification
from vta.db import utcnow


async def test_own_notifications_newest_first_and_marked_read(pages: Any) -> None:
    browser, world = pages
    async with world.db() as session, session.begin():
        a = await user_by_email(session, world.emails["coordA"])
        b = await user_by_email(session, world.emails["coordB"])
        now = utcnow()
        old = Notification(dedup_key="t:old", user_id=a.id, kind="k", subject="Äldre händelse",
                           created_at=now + timedelta(minutes=1))
        new = Notification(dedup_key="t:new", user_id=a.id, kind="k", subject="Nyare händelse",
                           created_at=now + timedelta(minutes=2))
        theirs = Notification(dedup_key="t:b", user_id=b.id, kind="k", subject="Någon annans")
        session.add_all([old, new, theirs])
        await session.flush()
        ids = str(old.id), str(theirs.id)
    await browser.login(world.emails["coordA"])
    page = (await browser.get("/")).text
    assert 'href="/notifications"' in page
    page = (await browser.get("/notifications")).text
    assert page.index("Nyare händelse") < page.index("Äldre händelse") and "Någon annans" not in page
    assert f'action="/notifications/{ids[0]}/read"' in page
    r = await browser.post(f"/notifications/{ids[0]}/read", {}, token_from="/notifications")
    assert r.headers["location"] == "/notifications"
    assert f'action="/notifications/{ids[0]}/read"' not in (await browser.get("/notifications")).text
    assert await count(world.db, "SELECT count(*) FROM notifications WHERE dedup_key = 't:old' "
                                 "AND read_at IS NOT NULL") == 1
    await browser.post(f"/notifications/{ids[1]}/read", {}, expect=404, token_from="/notifications")
    assert await count(world.db, "SELECT count(*) FROM notifications WHERE read_at IS NOT NULL") == 1


async def test_notifications_come_a_page_at_a_time(pages: Any) -> None:
    browser, world = pages
    # A coordinator of their own: the server's reminder jobs, running meanwhile, have nothing to
    # tell them, so the page's total is the 60 made here.
    email = "coord-pages@test.se"
    async with world.db() as session, session.begin():
        b = await user_by_email(session, world.emails["coordB"])
        reader = await _user(session, email, "coordinator", association_id=b.association_id)
        now = utcnow()
        session.add_all([Notification(dedup_key=f"t:page:{i}", user_id=reader.id, kind="k", subject=f"Händelse nr {i:02d}",
                                      created_at=now + timedelta(minutes=i)) for i in range(60)])
    await browser.login(email)
    first = (await browser.get("/notifications")).text
    assert "Visar 1–50 av 60" in first and "Händelse nr 59" in first and "Händelse nr 09" not in first
    assert 'href="/notifications?offset=50" rel="next"' in first and 'rel="prev"' not in first
    second = (await browser.get("/notifications?offset=50")).text
    assert "Händelse nr 09" in second and "Händelse nr 59" not in second
    assert 'href="/notifications" rel="prev"' in second and 'rel="next"' not in second
    await browser.get("/notifications?offset=-1", expect=422)
