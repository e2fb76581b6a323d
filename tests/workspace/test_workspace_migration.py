"""Migration 0003: codes are checked by the database, existing rows survive, and it goes down and up."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from vta.db import make_engine
from vta.migrations import downgrade, upgrade

T0, T1 = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)


async def test_statuses_are_checked_and_no_row_is_lost(empty_database_url: str) -> None:
    await upgrade(empty_database_url, "0002")
    engine = make_engine(empty_database_url)
    uid = uuid.uuid4()
    hexid = uid.hex if engine.dialect.name == "sqlite" else uid
    try:
        async with engine.begin() as conn:  # a user with a token: the token must survive the migration
            await conn.execute(text("INSERT INTO associations (id, name, created_at) VALUES (:i, 'a', :t)"),
                               {"i": hexid, "t": T0})
            await conn.execute(text("INSERT INTO users (id, email, password_hash, role, association_id, is_active, "
                                    "created_at) VALUES (:i, 'x@y.se', 'h', 'admin', :i, true, :t)"),
                               {"i": hexid, "t": T0})
            await conn.execute(text("INSERT INTO api_tokens (id, user_id, token_hash, expires_at, created_at) "
                                    "VALUES (:i, :i, 't', :t, :t)"), {"i": hexid, "t": T1})
        await upgrade(empty_database_url)
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM api_tokens"))).scalar() == 1
        for sql in ("UPDATE users SET role = 'king'", "UPDATE associations SET name = 'b'"):
            try:
                async with engine.begin() as conn:
                    await conn.execute(text(sql))
            except IntegrityError:
                assert "king" in sql
            else:
                assert "king" not in sql, f"{sql} was accepted"
        with pytest.raises(IntegrityError):
            async with engine.begin() as conn:
                await conn.execute(text("UPDATE users SET role = 'king'"))
        await downgrade(empty_database_url, "0002")
        async with engine.begin() as conn:  # the checks go with the migration
            await conn.execute(text("UPDATE users SET role = 'king'"))
            await conn.execute(text("UPDATE users SET role = 'admin'"))
        await upgrade(empty_database_url)
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM api_tokens"))).scalar() == 1
    finally:
        await engine.dispose()
