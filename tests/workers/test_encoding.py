"""Pre-encoding: a participant or need created through the API has its text embedded in the
background, so the next match run encodes nothing; an erased person never gets a vector back.
On SQLite and PostgreSQL (the `database_url` fixture), jobs in-process."""
from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.api.world import participant_body
from tests.workers.conftest import running_app, upgraded
from tests.workers.worlds import post_world, tiny_world


@pytest.fixture
async def db(database_url: str) -> Any:
    """Our own view of the app's database (the app runs on the test client's event loop)."""
    from vta.db import make_engine, make_sessionmaker

    engine = make_engine(await upgraded(database_url))
    yield make_sessionmaker(engine)
    await engine.dispose()


@pytest.fixture(scope="module")
def model() -> Any:
    import matching

    return matching.default_encoder(None)


async def _embedding_keys(db: Any) -> set[str]:
    from vta.models import Embedding

    async with db() as session:
        return set((await session.execute(select(Embedding.key))).scalars())


async def _until(predicate: Any, timeout: float = 60) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await predicate():
        assert loop.time() < deadline, "the background encoding did not finish"
        await asyncio.sleep(0.2)


async def _expected_keys(db: Any, model: Any) -> set[str]:
    """The cache keys the engine will look up for the participants and needs of the world."""
    from matching.encoder import cache_key
    from matching.text import need_text, participant_text
    from sqlalchemy.orm import selectinload

    from employers.models import Need
    from vta.models import Participant

    async with db() as session:
        people = (await session.execute(select(Participant))).scalars().all()
        needs = (await session.execute(select(Need).options(selectinload(Need.tasks)))).scalars().all()
    assert people and needs
    return ({cache_key(model.model_id, participant_text(p)) for p in people}
            | {cache_key(model.model_id, need_text(n)) for n in needs})


async def test_created_texts_are_encoded_before_any_run(database_url: str, db: Any, model: Any,
                                                          tmp_path: Path) -> None:
    async with running_app(database_url, None, tmp_path) as api:
        await post_world(api, "coord", tiny_world())
        expected = await _expected_keys(db, model)

        async def all_cached() -> bool:
            return expected <= await _embedding_keys(db)

        await _until(all_cached)
        before = await _embedding_keys(db)
        run_id = (await api.call("coord", "POST", "/match-runs", 202, json={})).json()["id"]
        run = await api.wait_run("coord", run_id)
        assert run["status"] == "succeeded", run
        assert await _embedding_keys(db) == before  # the run found every vector cached


async def test_encoding_twice_encodes_once_and_an_erased_person_gets_no_vector(database_url: str, db: Any,
                                                                             model: Any, tmp_path: Path) -> None:
    from vta.models import Embedding
    from vta.services.encoding import encode_entity

    async with running_app(database_url, None, tmp_path) as api:
        body = participant_body("Kim")
        pid = (await api.call("coord", "POST", "/participants", 201, json=body)).json()["id"]

        async def owned() -> int:
            async with db() as session:
                return (await session.execute(select(func.count()).select_from(Embedding)
                                              .where(Embedding.owner_id == uuid.UUID(pid)))).scalar()

        async def encoded() -> bool:
            return await owned() == 1

        await _until(encoded)
        assert await encode_entity(db, model, "participant", pid) == 0  # cached: nothing to do
        await api.call("coord", "DELETE", f"/participants/{pid}", 204)
        assert await owned() == 0
        assert await encode_entity(db, model, "participant", pid) == 0
        assert await owned() == 0


async def test_a_vector_finished_after_the_erasure_is_not_stored(database_url: str, db: Any,
                                                                tmp_path: Path) -> None:
    """The race: the text was read before the erasure, its vector arrives after it."""
    import numpy as np

    from vta.embedding_store import DbVectorStore
    from vta.models import Embedding

    async with running_app(database_url, None, tmp_path) as api:
        body = participant_body("Alva")
        pid = (await api.call("coord", "POST", "/participants", 201, json=body)).json()["id"]
        await api.call("coord", "DELETE", f"/participants/{pid}", 204)
        store = DbVectorStore(db, asyncio.get_running_loop(), {"late-key": uuid.UUID(pid)})
        await store._put({"late-key": np.ones(4, dtype=np.float32), "need-key": np.ones(4, dtype=np.float32)})
        async with db() as session:
            keys = set((await session.execute(select(Embedding.key))).scalars())
        assert "late-key" not in keys and "need-key" in keys
