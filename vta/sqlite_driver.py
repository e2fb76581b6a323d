"""SQLite for the asyncio engine, run on the event loop's own thread.

aiosqlite gives each connection a thread and hands every call to it: a cursor, an execute, a
fetch, a close, a commit, each a round trip through a queue, a thread wake-up and the loop's
self-pipe (26 of them for one authenticated read of a need). Our statements are short indexed
reads and small writes of a local file, far cheaper than the hand-offs, so this adapter calls
sqlite3 directly and only ever yields to the loop to wait for a lock.

Waiting is the one thing that must not block the loop: SQLite's own busy handler would sleep in
the loop's thread. Connections therefore run with busy_timeout=0 and a statement refused with
SQLITE_BUSY (another process holds the write lock, or a checkpoint is resetting the log) is
retried after an asyncio sleep, up to `BUSY_TIMEOUT_S`. A refused statement did nothing, so the
retry is safe; SQLITE_BUSY_SNAPSHOT (a read transaction trying to write after another commit)
can never succeed and is raised at once.

The objects below are the part of aiosqlite's interface that SQLAlchemy's `sqlite+aiosqlite`
dialect uses, so the dialect, its pool and its error handling stay as they are
(`create_async_engine(..., async_creator=connector(path))`).
"""
from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

BUSY_TIMEOUT_S = 30.0
_SQLITE_BUSY = 5
_SQLITE_BUSY_SNAPSHOT = 517
_FIRST_PAUSE_S, _LONGEST_PAUSE_S = 0.001, 0.01  # short: a waiting request polls, it is not queued


def _busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == _SQLITE_BUSY and code != _SQLITE_BUSY_SNAPSHOT


async def _patiently(call: Callable[..., Any], *args: Any) -> Any:
    """`call(*args)`, retried while SQLite answers "busy", pausing without blocking the loop."""
    try:
        return call(*args)
    except sqlite3.OperationalError as exc:
        if not _busy(exc):
            raise
    deadline, pause = time.monotonic() + BUSY_TIMEOUT_S, _FIRST_PAUSE_S
    while True:
        await asyncio.sleep(pause)
        try:
            return call(*args)
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() >= deadline:
                raise
        pause = min(pause * 2, _LONGEST_PAUSE_S)


class Cursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> Cursor:
        await _patiently(self._cursor.execute, sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> Cursor:
        await _patiently(self._cursor.executemany, sql, list(parameters))
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()


class Connection:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection: sqlite3.Connection | None = connection

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")  # what the dialect's is_disconnect looks for
        return self._connection

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        self._conn.isolation_level = value

    async def cursor(self) -> Cursor:
        return Cursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Any = ()) -> Cursor:
        return await Cursor(self._conn.cursor()).execute(sql, parameters)

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> Cursor:
        return await Cursor(self._conn.cursor()).executemany(sql, parameters)

    async def commit(self) -> None:
        await _patiently(self._conn.commit)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, name: str, num_params: int, func: Callable[..., Any], *,
                              deterministic: bool = False) -> None:
        self._conn.create_function(name, num_params, func, deterministic=deterministic)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        """Close at once (the dialect's terminate)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def connector(database: str, *, uri: bool = False) -> Callable[[], Awaitable[Connection]]:
    """The engine's `async_creator`: a new connection to `database`, in autocommit mode (the
    engine's `begin` event issues BEGIN itself) and without SQLite's blocking busy handler."""
    async def connect() -> Connection:
        raw = await _patiently(lambda: sqlite3.connect(database, uri=uri, isolation_level=None,
                                                       check_same_thread=False, timeout=0))
        return Connection(raw)

    return connect


__all__: Sequence[str] = ("Connection", "Cursor", "connector", "BUSY_TIMEOUT_S")
