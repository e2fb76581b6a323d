"""Database plumbing: declarative base with a naming convention, engine and sessions."""
from __future__ import annotations

import asyncio
import uuid
import weakref
from datetime import UTC, datetime
from typing import Any

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, MetaData, Uuid, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from vta import keys, sqlite_driver

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTimeUTC(timezone=True), dict: JSON, list: JSON}


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)


class CreatedMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    # WAL lets readers work while a writer commits; secure_delete zeroes freed pages (erasure).
    # No busy_timeout: its waits would block the event loop; vta.sqlite_driver waits instead.
    cur = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "busy_timeout=0", "foreign_keys=ON", "secure_delete=ON",
                   "synchronous=NORMAL"):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


READ_ONLY = "vta_read_only"  # execution option of sessions that never write (make_reader)


def _sqlite_begin(conn) -> None:  # noqa: ANN001
    # pysqlite defers BEGIN; an explicit BEGIN IMMEDIATE takes the write lock up front so two
    # writers never deadlock on a lock upgrade (the loser waits on busy_timeout instead). A
    # read-only session takes no lock at all (WAL: readers never wait for the writer).
    read_only = conn.get_execution_options().get(READ_ONLY)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def make_engine(url: str, **kwargs) -> AsyncEngine:  # noqa: ANN003
    if url.startswith("sqlite"):
        parsed = make_url(url)
        connect = sqlite_driver.connector(parsed.database or ":memory:",
                                          uri=str(parsed.query.get("uri", "")).lower() in ("true", "1"))
        engine = create_async_engine(url, async_creator=connect, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    else:
        engine = create_async_engine(url, pool_pre_ping=True, **kwargs)
    keys.attach(engine.dialect, url)  # sealed personal columns find their keys through the dialect
    return engine


_WRITE_GATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def write_gate(sessionmaker: async_sessionmaker[AsyncSession]) -> asyncio.Lock | None:
    """On SQLite, one write transaction at a time within this process, in arrival order.

    SQLite admits one writer; the others retry after growing pauses (vta.sqlite_driver), so under
    load the lock would often sit free while every waiter sleeps. Queueing the writers of this
    process here hands the lock on at once; only other processes' writers are retried for."""
    engine = sessionmaker.kw["bind"]
    if engine.dialect.name != "sqlite":
        return None
    gate = _WRITE_GATES.get(engine.sync_engine)
    if gate is None:
        gate = _WRITE_GATES[engine.sync_engine] = asyncio.Lock()
    return gate


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def make_reader(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for work that only reads (token checks, status polls, loading a run's world): on
    SQLite they never queue behind writers. A write through one may fail with "database is locked"."""
    return async_sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)


def read_connection(reader: async_sessionmaker[AsyncSession]) -> Any:
    """A plain connection (no ORM session) of a reader's engine, for a query that maps nothing
    (the token check, /health): `async with read_connection(state.reader) as conn`."""
    return reader.kw["bind"].connect()


def reader_for(sessionmaker: async_sessionmaker[AsyncSession]) -> async_sessionmaker[AsyncSession]:
    """The read-only counterpart of a sessionmaker (same engine, same pool)."""
    return make_reader(sessionmaker.kw["bind"])
