"""Match runs through the service layer on a real database: caching, idempotency, failure."""
from __future__ import annotations

import json
import uuid

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matching.encoder import cache_key
from matching.text import participant_text

from tests.conftest import shared_file
from vta.db import make_engine, make_sessionmaker
from vta.demo import load_world
from vta.models import Embedding, MatchRun, Participant, Proposal
from vta.principal import Principal
from vta.services import matching as svc
from vta.services import runs


class CountingEncoder:
    """A deterministic encoder that counts the texts it is asked to encode."""

    def __init__(self) -> None:
        from matching.encoder import HashingEncoder

        self.inner = HashingEncoder()
        self.model_id = self.inner.model_id
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        return self.inner.encode(texts)


class BrokenEncoder(CountingEncoder):
    def encode(self, texts: list[str]) -> np.ndarray:
        raise RuntimeError("model file unreadable")


@pytest.fixture
async def world(settings):  # noqa: ANN001, ANN201
    path = shared_file("matching-dev/world.json")
    engine = make_engine(settings.database_url)
    maker = make_sessionmaker(engine)
    async with maker() as session, session.begin():
        ids = await load_world(session, json.loads(path.read_text()), with_users=False)
    yield maker, ids
    await engine.dispose()


async def _new_run(maker) -> str:  # noqa: ANN001
    admin = Principal(user_id=None, role="admin")
    async with maker() as session, session.begin():
        return str((await runs.create_run(session, admin)).id)


async def _rows(maker, run_id: str) -> list[tuple]:  # noqa: ANN001
    async with maker() as session:
        return sorted((await session.execute(select(
            Proposal.participant_id, Proposal.need_id, Proposal.kind, Proposal.rank, Proposal.score)
            .where(Proposal.run_id == uuid.UUID(run_id)))).all())


async def test_unchanged_texts_are_never_encoded_twice(world, settings) -> None:  # noqa: ANN001
    maker, ids = world
    encoder = CountingEncoder()
    first = await _new_run(maker)
    assert await svc.execute_run(maker, first, settings=settings, encoder=encoder) == "succeeded"
    texts = len(ids["participants"]) + len(ids["needs"])
    assert 0 < encoder.calls <= texts
    async with maker() as session:
        owned = set((await session.execute(select(Embedding.key).where(Embedding.owner_id.is_not(None)))).scalars())
        people = (await session.execute(select(Participant).options(
            selectinload(Participant.adaptation_needs), selectinload(Participant.exclusions)))).scalars().all()
    # Each person's vector is stored with an owner, so erasure can find it.
    assert {cache_key(encoder.model_id, participant_text(svc.to_engine_participant(p, True, False)))
            for p in people} == owned

    before = encoder.calls
    second = await _new_run(maker)
    assert await svc.execute_run(maker, second, settings=settings, encoder=encoder) == "succeeded"
    assert encoder.calls == before  # a new process would read the same rows from the database
    assert await _rows(maker, first) and [r[:4] for r in await _rows(maker, first)] == [
        r[:4] for r in await _rows(maker, second)]


async def test_running_a_run_twice_changes_nothing(world, settings) -> None:  # noqa: ANN001
    maker, _ids = world
    encoder = CountingEncoder()
    run_id = await _new_run(maker)
    await svc.execute_run(maker, run_id, settings=settings, encoder=encoder)
    rows = await _rows(maker, run_id)
    # A half-finished attempt (worker killed) is redone whole, never duplicated.
    async with maker() as session, session.begin():
        run = await session.get(MatchRun, uuid.UUID(run_id))
        run.status = "running"
    await svc.execute_run(maker, run_id, settings=settings, encoder=encoder)
    assert await _rows(maker, run_id) == rows
    assert await svc.execute_run(maker, run_id, settings=settings, encoder=encoder) == "succeeded"
    assert await _rows(maker, run_id) == rows


async def test_a_failed_run_says_why(world, settings) -> None:  # noqa: ANN001
    maker, _ids = world
    run_id = await _new_run(maker)
    assert await svc.execute_run(maker, run_id, settings=settings, encoder=BrokenEncoder()) == "failed"
    async with maker() as session:
        run = await session.get(MatchRun, uuid.UUID(run_id))
    assert run.status == "failed" and "model file unreadable" in run.error
    assert run.finished_at is not None

