"""Migrations: up, down and up again on SQLite and PostgreSQL; the models match the migrations."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import employers.models  # noqa: F401
import vta.models  # noqa: F401
from vta.db import Base, make_engine
from vta.migrations import downgrade, upgrade


async def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    await engine.dispose()
    return names - {"alembic_version"}


async def _diff(url: str) -> list:
    engine = make_engine(url)
    async with engine.connect() as conn:
        def compare(sync_conn):  # noqa: ANN001, ANN202
            ctx = MigrationContext.configure(sync_conn, opts={"compare_type": True})
            return compare_metadata(ctx, Base.metadata)
        diff = await conn.run_sync(compare)
    await engine.dispose()
    return diff


async def test_upgrade_downgrade_upgrade(empty_database_url: str) -> None:
    await upgrade(empty_database_url)
    assert await _tables(empty_database_url) == set(Base.metadata.tables)
    await downgrade(empty_database_url, "base")
    assert await _tables(empty_database_url) == set()
    await upgrade(empty_database_url)
    assert await _tables(empty_database_url) == set(Base.metadata.tables)


async def test_models_match_migrations(empty_database_url: str) -> None:
    await upgrade(empty_database_url)
    assert await _diff(empty_database_url) == []


async def test_0010_seals_living_participants_texts(empty_database_url: str) -> None:
    """Existing rows: keys for the living, their texts sealed; the erased get no key. Down again: plain."""
    import uuid

    from sqlalchemy import text

    from vta import keys
    from vta.db import make_sessionmaker
    from vta.models import Consent, Participant

    await upgrade(empty_database_url, "0009")
    sqlite = empty_database_url.startswith("sqlite")
    living, erased, association, consent = (uuid.uuid4() for _ in range(4))

    def i(u: uuid.UUID) -> object:
        return u.hex if sqlite else u

    engine = make_engine(empty_database_url)
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO associations (id, name, created_at) VALUES (:id, 'F', CURRENT_TIMESTAMP)"),
                           {"id": i(association)})
        for pid, name, goals, when in ((living, "Anna Levande", "Laga mat", False), (erased, "(raderad)", "", True)):
            await conn.execute(text(
                "INSERT INTO participants (id, association_id, display_name, latitude, longitude, max_travel_km, "
                "hours_max, placement_types, goals, interests, experience, skills, swedish_level, driving_licence, "
                "erased_at, created_at, updated_at) VALUES (:id, :a, :n, 58.4, 15.6, 10, 20, '[]', :g, '', '', "
                "'[\"disk\"]', 'good', false, NULL, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {"id": i(pid), "a": i(association), "n": name, "g": goals})
            if when:
                await conn.execute(text("UPDATE participants SET erased_at = CURRENT_TIMESTAMP WHERE id = :id"),
                                   {"id": i(pid)})
        await conn.execute(text("INSERT INTO consents (id, participant_id, scope, given_at, document_ref) "
                                "VALUES (:id, :p, 'share_with_employers', CURRENT_TIMESTAMP, 'Blankett 7')"),
                           {"id": i(consent), "p": i(living)})
    await engine.dispose()

    await upgrade(empty_database_url)
    engine = make_engine(empty_database_url)
    store = keys.store_of(engine.dialect)
    assert store.get(living) is not None and store.get(erased) is None
    async with engine.connect() as conn:
        raw = dict((await conn.execute(text("SELECT display_name, goals FROM participants"))).all())
        ref = (await conn.execute(text("SELECT document_ref FROM consents"))).scalar()
    assert "(raderad)" in raw and raw["(raderad)"] == ""
    assert [n for n in raw if n != "(raderad)"][0].startswith(f"vk1:{living.hex}:") and ref.startswith("vk1:")
    async with make_sessionmaker(engine)() as session:
        anna = await session.get(Participant, living)
        assert (anna.display_name, anna.goals, anna.skills) == ("Anna Levande", "Laga mat", ["disk"])
        assert (await session.get(Consent, consent)).document_ref == "Blankett 7"
    await engine.dispose()

    await downgrade(empty_database_url, "0009")
    engine = make_engine(empty_database_url)
    async with engine.connect() as conn:
        names = set((await conn.execute(text("SELECT display_name FROM participants"))).scalars())
        ref = (await conn.execute(text("SELECT document_ref FROM consents"))).scalar()
    await engine.dispose()
    assert names == {"Anna Levande", "(raderad)"} and ref == "Blankett 7"
