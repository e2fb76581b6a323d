"""An employer's candidate list costs the same number of statements whatever its length (one
query for the rows with their consents, the disclosures and audit rows written together), pages
at the database like the other lists, and records a disclosure only for who was shown."""
from __future__ import annotations

from typing import Any

from sqlalchemy import event, select

from tests.security.world import World, add_candidate, principal, user_by_email
from vta.listing import Page
from vta.models import AuditEvent, Disclosure
from vta.services import placements


async def _statements(world: World, page: Page) -> tuple[int, list[dict[str, Any]], int]:
    """(statements run, items, total) of one call of the service, in its own transaction."""
    engine = world.db.kw["bind"].sync_engine
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    async with world.db() as session, session.begin():
        who = principal(await user_by_email(session, world.emails["empA1"]))
        event.listen(engine, "before_cursor_execute", count)
        try:
            items, total = await placements.list_candidates(session, who, page)
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return len(seen), items, total


async def test_candidates_cost_the_same_statements_for_one_or_many(world: World) -> None:
    few, items, total = await _statements(world, Page())
    assert len(items) == total == 1  # the world's one approved, consented candidate of A1
    for i in range(6):
        await add_candidate(world.db, world, "A1", "coord-a@test.se", display_name=f"Många {i}")
    await add_candidate(world.db, world, "A1", "coord-a@test.se", display_name="Utan samtycke", consent=False)
    many, items, total = await _statements(world, Page())
    assert len(items) == total == 7
    assert "Utan samtycke" not in {i["display_name"] for i in items}
    assert many == few, (few, many)


async def test_candidates_page_at_the_database_and_disclose_only_the_page(world: World) -> None:
    for i in range(4):
        await add_candidate(world.db, world, "A1", "coord-a@test.se", display_name=f"Sida {i}")
    async with world.db() as session:
        disclosed = len((await session.execute(select(Disclosure.id))).all())
        audited = len((await session.execute(select(AuditEvent.id).where(
            AuditEvent.action == "disclose", AuditEvent.subject_type == "participant"))).all())

    r = (await world.api.call("empA1", "GET", "/employer/candidates?limit=2&offset=1", 200)).json()
    assert (len(r["items"]), r["total"], r["limit"], r["offset"]) == (2, 5, 2, 1)
    everyone = (await world.api.call("empA1", "GET", "/employer/candidates", 200)).json()["items"]
    assert [i["proposal_id"] for i in everyone[1:3]] == [i["proposal_id"] for i in r["items"]]
    async with world.db() as session:
        shown = {str(d.proposal_id) for d in (await session.execute(select(Disclosure))).scalars()}
        assert len((await session.execute(select(Disclosure.id))).all()) == disclosed + 2 + 5
        assert len((await session.execute(select(AuditEvent.id).where(
            AuditEvent.action == "disclose", AuditEvent.subject_type == "participant"))).all()) == audited + 2 + 5
        summary = (await session.execute(select(AuditEvent.detail).where(
            AuditEvent.action == "disclose", AuditEvent.subject_type == "candidates")
            .order_by(AuditEvent.at.desc()))).scalars().first()
    assert {i["proposal_id"] for i in r["items"]} <= shown
    assert summary == {"count": 5}
    await world.api.call("empA1", "GET", "/employer/candidates?limit=0", 400)
    await world.api.call("empA1", "GET", "/employer/candidates?limit=201", 400)
