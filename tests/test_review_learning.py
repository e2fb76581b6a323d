"""Learning from review through the service: a run after a coordinator's rejection proposes that
need's occupation group less often to the person, and says why."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from matching import HashingEncoder
from vta.db import make_engine, make_sessionmaker
from vta.demo import load_world
from vta.demo_world import demo_world
from vta.models import Proposal
from vta.principal import Principal
from vta.services import matching as svc
from vta.services import runs
from vta.services.taxonomy import load_taxonomy


@pytest.fixture
async def maker(settings):  # noqa: ANN001, ANN201
    engine = make_engine(settings.database_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def _run(maker, settings) -> tuple[str, list[Proposal]]:  # noqa: ANN001
    async with maker() as session, session.begin():
        run = await runs.create_run(session, Principal(user_id=None, role="admin"))
    status = await svc.execute_run(maker, str(run.id), settings=settings, encoder=HashingEncoder(),
                                   taxonomy=await load_taxonomy(maker))
    assert status == "succeeded"
    async with maker() as session:
        return str(run.id), list((await session.execute(select(Proposal).where(Proposal.run_id == run.id))).scalars())


@pytest.mark.slow
async def test_a_poor_task_fit_rejection_changes_the_next_run(maker, settings):  # noqa: ANN001
    async with maker() as session, session.begin():
        await load_world(session, demo_world(), with_users=False)
    _, first = await _run(maker, settings)
    target = next(p for p in first if p.kind == "assignment" and p.explanation.get("occupation", {}).get("need"))
    group = target.explanation["occupation"]["need"][0]["label"]
    async with maker() as session, session.begin():  # the reject use case's effect on the row
        await session.execute(update(Proposal).where(Proposal.id == target.id).values(
            status="rejected", reason_code="poor_task_fit"))
    _, second = await _run(maker, settings)
    mine = [p for p in second if p.participant_id == target.participant_id]
    assert all(p.need_id != target.need_id for p in mine)  # the rejected pair itself is blocked
    lowered = [p for p in mine if p.explanation["components"]["review"]["value"] < 1]
    same_group = [p for p in mine if (p.explanation.get("occupation", {}).get("need") or [{}])[0].get("label") == group]
    assert lowered == same_group and all(float(p.score) < 0.9 * max(float(q.score) for q in mine) for p in lowered) if lowered \
        else not same_group
    for p in lowered:
        assert group in p.explanation["review"][-1]["text"]
    others = [p for p in second if p.participant_id != target.participant_id]
    assert all(p.explanation["components"]["review"]["value"] == 1 for p in others)
    assert all("review" not in p.explanation for p in first)
