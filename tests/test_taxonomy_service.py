"""The shipped JobTech snapshot: a fresh install matches by occupation without an import, and an
import replaces the labels (the occupation hierarchy stays)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from vta.db import make_engine, make_sessionmaker
from vta.demo import load_world
from vta.demo_world import demo_world
from vta.models import Proposal
from vta.principal import Principal
from vta.services import matching as svc
from vta.services import runs
from vta.services import taxonomy as tax_svc


def test_snapshot_names_its_source_version_and_licence():
    data = tax_svc.snapshot_data()
    assert "elastic-importers" in data["source"] and data["version"] and "Apache-2.0" in data["license"]
    assert len(data["occupations"]) > 3000 and len(data["groups"]) == 400 and len(data["fields"]) >= 20


@pytest.fixture
async def maker(settings):  # noqa: ANN001, ANN201
    engine = make_engine(settings.database_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def test_fresh_install_uses_the_snapshot_and_an_import_replaces_its_labels(maker):  # noqa: ANN001
    fresh = await tax_svc.load_taxonomy(maker)
    assert fresh is tax_svc.snapshot_taxonomy() and fresh.occupations is not None
    async with maker() as session, session.begin():
        await tax_svc.import_concepts(session, [
            {"concept_id": "x1", "type": "occupation-name", "label": "Däckrekondare", "legacy_id": "1"}])
    imported = await tax_svc.load_taxonomy(maker)
    assert imported is not fresh and imported.labels == ("Däckrekondare",)
    assert imported.occupations is fresh.occupations


@pytest.mark.slow
async def test_demo_world_is_matched_by_occupation_without_an_import(maker, settings):  # noqa: ANN001
    from matching import HashingEncoder

    async with maker() as session, session.begin():
        await load_world(session, demo_world(), with_users=False)
        run = await runs.create_run(session, Principal(user_id=None, role="admin"))
    status = await svc.execute_run(maker, str(run.id), settings=settings, encoder=HashingEncoder(),
                                   taxonomy=await tax_svc.load_taxonomy(maker))
    assert status == "succeeded"
    async with maker() as session:
        explanations = (await session.execute(select(Proposal.explanation).where(Proposal.run_id == run.id))).scalars().all()
    assert explanations and all("occupation" in e["components"] for e in explanations)
    # the demo's needs are titled by occupation and recognised; most of its people describe what
    # they did rather than a title, and are recognised less often
    assert sum(bool(e["occupation"]["need"]) for e in explanations) >= 0.8 * len(explanations)
    assert any(e["occupation"]["relation"] == "same_group" for e in explanations)

