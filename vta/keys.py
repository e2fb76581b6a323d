"""Per-person keys for crypto-shredding, kept outside the main database.

Every participant's personal text is sealed (AES-256-GCM) under a key of their own (vta/sealed.py).
The keys live in a small SQLite file of their own, not in the main database: erasure destroys the
key, and every copy of the ciphertext (free pages, the write-ahead log, PostgreSQL's dead tuples
and pg_wal, replicas, backups of the main database) is unreadable from then on.

The key file runs in rollback-journal mode (journal_mode=DELETE, not WAL) with secure_delete=ON:
a destroyed key's bytes are overwritten in place and the journal that briefly held the old page is
unlinked at commit. SQLite's file locks make it safe for several server processes and the worker on
one host. Each process caches keys in memory (bounded, and for a limited time, so a key another
process destroyed leaves this one's memory soon); destroy() drops it from this process's cache.
"""
from __future__ import annotations

import os
import secrets
import sqlite3
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ENV = "VTA_KEYSTORE_PATH"
DEFAULT_NAME = ".vta-keys.db"


def path_for(database_url: str) -> Path:
    """VTA_KEYSTORE_PATH, else `.vta-keys.db` beside the SQLite file (or in the working directory)."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).resolve()
    if database_url.startswith("sqlite") and "///" in database_url:
        db_path = database_url.split("///", 1)[1].split("?", 1)[0]
        if db_path and db_path != ":memory:":
            return (Path(db_path).resolve().parent / DEFAULT_NAME)
    return Path(DEFAULT_NAME).resolve()


class KeyStore:
    """create / get / destroy a 256-bit key per owner id. Thread-safe; one connection per process."""

    def __init__(self, path: Path, cache_size: int = 100_000, cache_seconds: float = 300.0) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[float, AESGCM]] = OrderedDict()
        self._cache_size = cache_size
        self._cache_seconds = cache_seconds
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit (isolation_level=None): every statement is its own short transaction, so no
        # reader ever holds the file while a key is being destroyed.
        self._db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            for pragma in ("journal_mode=DELETE", "secure_delete=ON", "busy_timeout=30000", "synchronous=FULL"):
                self._db.execute(f"PRAGMA {pragma}")
            self._db.execute("CREATE TABLE IF NOT EXISTS person_keys (owner TEXT PRIMARY KEY, key BLOB NOT NULL, "
                             "created_at REAL NOT NULL)")
        except sqlite3.DatabaseError as exc:  # a file that is not SQLite: say which file
            self._db.close()
            raise sqlite3.DatabaseError(f"the key store {path} ({ENV}) cannot be opened: {exc}") from exc
        try:
            path.chmod(0o600)
        except OSError:  # pragma: no cover - a file we cannot chmod is still usable
            pass

    @staticmethod
    def _owner(owner: uuid.UUID | str) -> str:
        return owner.hex if isinstance(owner, uuid.UUID) else uuid.UUID(str(owner)).hex

    def _remember(self, owner: str, key: bytes) -> AESGCM:
        aead = AESGCM(key)
        self._cache[owner] = (time.monotonic() + self._cache_seconds, aead)
        self._cache.move_to_end(owner)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return aead

    def _cached(self, owner: str) -> AESGCM | None:
        hit = self._cache.get(owner)
        if hit is None:
            return None
        if hit[0] < time.monotonic():
            del self._cache[owner]
            return None
        self._cache.move_to_end(owner)
        return hit[1]

    def get(self, owner: uuid.UUID | str) -> AESGCM | None:
        """The owner's cipher, or None when they have no key (never had one, or it was destroyed)."""
        name = self._owner(owner)
        with self._lock:
            aead = self._cached(name)
            if aead is not None:
                return aead
            row = self._db.execute("SELECT key FROM person_keys WHERE owner = ?", (name,)).fetchone()
            return None if row is None else self._remember(name, row[0])

    def create(self, owner: uuid.UUID | str) -> AESGCM:
        """The owner's cipher, made on first use. Two processes creating at once get the same key."""
        name = self._owner(owner)
        with self._lock:
            aead = self._cached(name)
            if aead is not None:
                return aead
            self._db.execute("INSERT OR IGNORE INTO person_keys (owner, key, created_at) VALUES (?, ?, ?)",
                             (name, secrets.token_bytes(32), time.time()))
            row = self._db.execute("SELECT key FROM person_keys WHERE owner = ?", (name,)).fetchone()
            return self._remember(name, row[0])

    def create_many(self, owners: list[uuid.UUID]) -> None:
        """Keys for many owners in one write (one transaction, one sync of the file)."""
        names = [n for n in map(self._owner, owners)]
        with self._lock:
            names = [n for n in names if self._cached(n) is None]
            if not names:
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT OR IGNORE INTO person_keys (owner, key, created_at) VALUES (?, ?, ?)",
                                     [(n, secrets.token_bytes(32), time.time()) for n in names])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def destroy(self, owner: uuid.UUID | str) -> bool:
        """Delete the key for good (its bytes are overwritten in the file). True if there was one."""
        name = self._owner(owner)
        with self._lock:
            self._cache.pop(name, None)
            return self._db.execute("DELETE FROM person_keys WHERE owner = ?", (name,)).rowcount > 0

    def count(self) -> int:
        """How many keys the store holds."""
        with self._lock:
            return self._db.execute("SELECT count(*) FROM person_keys").fetchone()[0]

    def owners(self) -> set[uuid.UUID]:
        with self._lock:
            return {uuid.UUID(r[0]) for r in self._db.execute("SELECT owner FROM person_keys")}

    def close(self) -> None:
        with self._lock:
            self._db.close()


_STORES: dict[Path, KeyStore] = {}
_STORES_LOCK = threading.Lock()


def store_for(database_url: str) -> KeyStore:
    """The process's one KeyStore for the key file that belongs to this database."""
    path = path_for(database_url)
    with _STORES_LOCK:
        store = _STORES.get(path)
        if store is None or not path.exists():  # a file removed under us (tests) is opened afresh
            store = _STORES[path] = KeyStore(path)
        return store


def attach(dialect: object, database_url: str) -> None:
    """Bind the key store to an engine's dialect: sealed columns find their keys through it."""
    dialect.vta_keys = store_for(database_url)  # type: ignore[attr-defined]


def store_of(dialect: object) -> KeyStore:
    store = getattr(dialect, "vta_keys", None)
    if store is None:
        raise RuntimeError("this engine has no key store: create engines with vta.db.make_engine")
    return store
