"""The key store of crypto-shredding (vta/keys.py) and the sealed columns (vta/sealed.py)."""
from __future__ import annotations

import multiprocessing
import uuid
from pathlib import Path

import pytest

from vta import keys
from vta.sealed import Sealed, SealedJSON, UnsealedPersonalData, open_text, seal_text, seal_value


def test_the_key_file_sits_beside_the_data_unless_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keys.ENV, raising=False)
    assert keys.path_for(f"sqlite+aiosqlite:///{tmp_path / 'vta.db'}") == tmp_path / ".vta-keys.db"
    monkeypatch.chdir(tmp_path)
    assert keys.path_for("postgresql+asyncpg://u@h/vta") == tmp_path / ".vta-keys.db"
    monkeypatch.setenv(keys.ENV, str(tmp_path / "elsewhere" / "k.db"))
    assert keys.path_for(f"sqlite+aiosqlite:///{tmp_path / 'vta.db'}") == tmp_path / "elsewhere" / "k.db"


def test_create_get_destroy(tmp_path: Path) -> None:
    path = tmp_path / "keys.db"
    store = keys.KeyStore(path, cache_size=2)
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    sealed = seal_text(store, a, "Anna Andersson")
    assert sealed.startswith(f"vk1:{a.hex}:") and "Anna" not in sealed
    assert open_text(store, sealed) == "Anna Andersson"
    store.create(b)
    store.create(c)
    assert len(store._cache) == 2  # bounded
    raw = __import__("sqlite3").connect(path).execute("SELECT key FROM person_keys WHERE owner = ?",
                                                      (a.hex,)).fetchone()[0]
    assert raw in path.read_bytes()
    assert store.get(a) is not None  # from the file again
    assert store.destroy(a) is True and store.destroy(a) is False
    assert a.hex not in store._cache  # gone from this process's memory
    assert store.get(a) is None and open_text(store, sealed) is None
    assert raw not in path.read_bytes(), "secure_delete overwrote the key's bytes"
    assert not Path(f"{path}-journal").exists() and not Path(f"{path}-wal").exists()
    # a sealed value is bound to its owner: moved to another person it does not open
    forged = sealed.replace(a.hex, b.hex)
    with pytest.raises(Exception):  # noqa: B017 - cryptography's InvalidTag
        open_text(store, forged)
    store.close()


def _seal_all(args: tuple[str, list[str]]) -> list[str]:
    path, owners = args
    store = keys.KeyStore(Path(path))
    return [seal_text(store, uuid.UUID(o), f"text of {o}") for o in owners]


def test_processes_share_one_key_per_person(tmp_path: Path) -> None:
    """Several server processes and the worker create keys at once: one key per person, for all."""
    path = str(tmp_path / "keys.db")
    keys.KeyStore(Path(path)).close()
    owners = [uuid.uuid4().hex for _ in range(40)]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        results = pool.map(_seal_all, [(path, owners)] * 4)
    fresh = keys.KeyStore(Path(path))
    assert fresh.owners() == {uuid.UUID(o) for o in owners}
    # every process sealed with the one key each person has: all of it opens here
    assert all(open_text(fresh, v) == f"text of {o}" for r in results for o, v in zip(owners, r, strict=True))
    fresh.destroy(owners[0])
    assert keys.KeyStore(Path(path)).get(owners[0]) is None  # a store that never saw it: gone from the file


def test_plain_personal_text_is_refused() -> None:
    from sqlalchemy.dialects import sqlite

    with pytest.raises(UnsealedPersonalData):
        Sealed().process_bind_param("Anna", sqlite.dialect())
    with pytest.raises(UnsealedPersonalData):
        SealedJSON(list).process_bind_param(["svetsning"], sqlite.dialect())
    assert Sealed(erased="(raderad)").process_bind_param("(raderad)", sqlite.dialect()) == "(raderad)"
    assert SealedJSON().process_bind_param({}, sqlite.dialect()) == {}


def test_json_round_trip(tmp_path: Path) -> None:
    from sqlalchemy.dialects import sqlite

    store = keys.KeyStore(tmp_path / "k.db")
    dialect = sqlite.dialect()
    dialect.vta_keys = store
    owner = uuid.uuid4()
    value = seal_value(store, owner, ["svetsning", "truckkort"])
    assert SealedJSON(list).process_result_value(value, dialect) == ["svetsning", "truckkort"]
    store.destroy(owner)
    assert SealedJSON(list).process_result_value(value, dialect) == []
    assert Sealed(erased="(raderad)").process_result_value(seal_value(store, uuid.uuid4(), "Bo"), dialect) == "Bo"
