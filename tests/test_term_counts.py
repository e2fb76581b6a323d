"""Stored document frequency (employers/term_counts.py) on both databases: every write keeps
it equal to a recount from scratch, it holds no word in the clear, runs read it, and the
recount after migrating fills it for data written before it existed."""
from __future__ import annotations

import json
import random
import uuid

from sqlalchemy import select

from matching.term_index import term_key
from tests.conftest import shared_file
from vta.db import make_engine, make_sessionmaker
from vta.demo import load_world
from vta.migrations import downgrade, upgrade
from employers.models import Employer, Need
from vta.models import MatchRun, Participant, TermCount, TermDocument
from vta.principal import Principal
from vta.services import matching as match_svc
from vta.services import participants as people
from employers import term_counts
from vta.services import runs
from employers import services as employer_services

ADMIN = Principal(user_id=None, role="admin")
WORDS = ("sömnad", "tvätt", "lager", "truck", "städning", "kock", "barn", "bil", "erfarenhet", "kollektivavtal",
         "trädgård", "kassa", "reception", "programmering", "omsorg")


async def _state(maker) -> tuple[list, list]:  # noqa: ANN001
    async with maker() as session:
        counts = sorted((str(a), k, t, n) for a, k, t, n in (await session.execute(
            select(TermCount.association_id, TermCount.kind, TermCount.term, TermCount.count))).all())
        docs = sorted((str(d), str(a), k, tuple(t)) for d, a, k, t in (await session.execute(
            select(TermDocument.doc_id, TermDocument.association_id, TermDocument.kind, TermDocument.terms))).all())
    return counts, docs


async def _rebuilt(maker) -> tuple[list, list]:  # noqa: ANN001
    async with maker() as session, session.begin():
        await term_counts.rebuild(session)
    return await _state(maker)


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6)))


async def _world(settings):  # noqa: ANN001, ANN202
    engine = make_engine(settings.database_url)
    maker = make_sessionmaker(engine)
    async with maker() as session, session.begin():
        ids = await load_world(session, json.loads(shared_file("matching-dev/world.json").read_text()),
                               with_users=False)
    return engine, maker, ids


async def test_incremental_counts_equal_a_recount_after_random_writes(settings) -> None:  # noqa: ANN001
    engine, maker, ids = await _world(settings)
    try:
        rng = random.Random(7)
        person_ids = [uuid.UUID(str(x)) for x in ids["participants"].values()]
        need_ids = [uuid.UUID(str(x)) for x in ids["needs"].values()]
        counts, _ = await _state(maker)
        assert any(k == "participant" for _, k, _, _ in counts) and any(k == "need" for _, k, _, _ in counts)
        for step in range(40):
            action = rng.choice(["edit_person", "edit_person", "erase", "new_person", "edit_need", "close", "reopen"])
            async with maker() as session, session.begin():
                if action == "edit_person" and person_ids:
                    await people.update_participant(session, ADMIN, rng.choice(person_ids),
                                                    {"experience": _text(rng), "skills": [rng.choice(WORDS)]})
                elif action == "erase" and person_ids:
                    await people.erase_participant(session, ADMIN, person_ids.pop(rng.randrange(len(person_ids))))
                elif action == "new_person":
                    p = await people.create_participant(
                        session, ADMIN, display_name=f"Person {step}", latitude=58.4, longitude=15.6,
                        max_travel_km=20, hours_max=40, placement_types=["work_training"], goals=_text(rng),
                        interests=_text(rng), experience=_text(rng), skills=[rng.choice(WORDS)],
                        swedish_level="good", driving_licence=False, adaptation_needs=[], excluded_employer_ids=[])
                    person_ids.append(p.id)
                elif action == "edit_need":
                    await employer_services.update_need(session, ADMIN, rng.choice(need_ids),
                                                        {"description": _text(rng), "skills": [rng.choice(WORDS)]})
                else:
                    await employer_services.update_need(session, ADMIN, rng.choice(need_ids),
                                                        {"status": "closed" if action == "close" else "open"})
        incremental = await _state(maker)
        assert incremental == await _rebuilt(maker)
        # no count left at zero, and every document's terms are counted
        assert all(n > 0 for _, k, _, n in incremental[0] if k != term_counts.KEY_CHECK)
    finally:
        await engine.dispose()


async def test_terms_are_stored_as_keyed_hashes_and_erasure_takes_them_back(settings) -> None:  # noqa: ANN001
    engine, maker, ids = await _world(settings)
    try:
        async with maker() as session, session.begin():
            p = await people.create_participant(
                session, ADMIN, display_name="Ny Person", latitude=58.4, longitude=15.6, max_travel_km=20,
                hours_max=40, placement_types=["work_training"], goals="", interests="",
                experience="Dialysbehandling och xylofonstämning", skills=[], swedish_level="good",
                driving_licence=False, adaptation_needs=[], excluded_employer_ids=[])
            pid, association = p.id, p.association_id
        key = term_counts.hash_key()
        word = term_key("xylofonstämning", key)
        async with maker() as session:
            doc = await session.get(TermDocument, pid)
            assert word in doc.terms and all(isinstance(t, int) for t in doc.terms)
            assert term_key("xylofonstämning", b"another key") not in doc.terms
            row = await session.get(TermCount, (association, "participant", word))
            assert row is not None and row.count == 1
        async with maker() as session, session.begin():
            await people.erase_participant(session, ADMIN, pid)
        async with maker() as session:
            assert await session.get(TermDocument, pid) is None
            assert await session.get(TermCount, (association, "participant", word)) is None
    finally:
        await engine.dispose()


async def test_a_run_reads_the_stored_counts(settings) -> None:  # noqa: ANN001
    engine, maker, ids = await _world(settings)
    try:
        async with maker() as session:
            association = (await session.execute(select(Employer.association_id))).scalars().first()
            frequency = await term_counts.frequency(session, association)
            n_people = len((await session.execute(select(Participant.id))).all())
            n_needs = len((await session.execute(select(Need.id))).all())
        assert (frequency.n_participants, frequency.n_needs) == (n_people, n_needs)
        # a need limited run still sees the whole association's needs
        async with maker() as session, session.begin():
            run = await runs.create_run(session, ADMIN)
            run.params = {"need_ids": [str(next(iter(ids["needs"].values())))]}
            run.association_id = association
        async with maker() as session:
            world = await match_svc.load_world(session, await session.get(MatchRun, run.id))
        assert len(world["needs"]) <= 1 and world["frequency"].n_needs == n_needs
        # counts made with another secret are not used, and the next start recounts them
        assert not await term_counts.recount_if_stale(settings.database_url)
        term_counts.hash_key.cache_clear()
        old = term_counts.get_settings().secret_key
        term_counts.get_settings().secret_key = "another secret"
        try:
            async with maker() as session:
                assert await term_counts.frequency(session, association) is None
            assert await term_counts.recount_if_stale(settings.database_url)
            async with maker() as session:
                assert (await term_counts.frequency(session, association)).n_needs == n_needs
        finally:
            term_counts.get_settings().secret_key = old
            term_counts.hash_key.cache_clear()
        assert await term_counts.recount_if_stale(settings.database_url)
    finally:
        await engine.dispose()


async def test_existing_texts_are_counted_after_the_migration(settings) -> None:  # noqa: ANN001
    """0011 makes the tables empty (it cannot open sealed texts); the recount after migrating fills them."""
    engine, maker, _ = await _world(settings)
    try:
        before = await _state(maker)
        assert before[0]
        await downgrade(settings.database_url, "0010")
        await upgrade(settings.database_url)
        assert await term_counts.recount_if_stale(settings.database_url)
        assert await _state(maker) == before
        assert not await term_counts.recount_if_stale(settings.database_url)
    finally:
        await engine.dispose()
