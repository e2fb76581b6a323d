"""The start-up check of the key store (vta/keystore_check.py): a server or worker on another key
store than the one the texts were sealed with refuses to start instead of reading everyone as erased.

In-process on both dialects (the check itself), then the real `vta serve` on a SQLite file: an empty
key store makes it exit non-zero with one clear line; the right one lets it become healthy."""
from __future__ import annotations

import asyncio
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.live_server import VTA, cli_env, http, live_server
from tests.security.world import participant_fields, principal
from vta import keys, keystore_check


async def _people(database_url: str, n: int) -> list[uuid.UUID]:
    """n participants created through the service, by an admin of the default association."""
    from vta.db import make_engine, make_sessionmaker
    from vta.services import accounts, participants

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            admin = await accounts.create_user(session, email=f"admin-{uuid.uuid4().hex[:6]}@test.se",
                                               password="long-enough-password-1", role="admin")
            who = principal(admin)
            return [(await participants.create_participant(session, who, **participant_fields(f"Person {i}"))).id
                    for i in range(n)]
    finally:
        await engine.dispose()


async def _erase(database_url: str, pid: uuid.UUID, destroy_key: bool) -> None:
    """Erased as the retention job does it; the key destroyed too, or left (a crash in between)."""
    from vta.db import make_engine, make_sessionmaker
    from vta.services import participants

    engine = make_engine(database_url)
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            await participants.erase_by_id(session, pid)
        if destroy_key:
            assert keys.store_of(engine.dialect).destroy(pid)
    finally:
        await engine.dispose()


def _store(database_url: str) -> keys.KeyStore:
    return keys.store_for(database_url)


async def test_an_empty_or_unmigrated_database_passes(empty_database_url: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keys.ENV, str(tmp_path / "fresh-keys.db"))
    finding = await keystore_check.verify(empty_database_url)  # no tables at all yet
    assert finding.ok and finding.checked == 0
    from vta.migrations import upgrade

    await upgrade(empty_database_url)
    assert (await keystore_check.verify(empty_database_url)).checked == 0


async def test_the_right_store_passes_another_refuses(database_url: str, tmp_path: Path, fast_hashing: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    people = await _people(database_url, 3)
    finding = await keystore_check.verify(database_url)
    assert finding.ok and finding.checked == 3
    right = str(finding.store)

    # an empty key store (a fresh file, as a wrong VTA_KEYSTORE_PATH or another working directory gives)
    wrong = tmp_path / "other" / "keys.db"
    monkeypatch.setenv(keys.ENV, str(wrong))
    finding = await keystore_check.inspect(database_url)
    assert (finding.checked, finding.missing, finding.keys_in_store) == (3, 3, 0)
    with pytest.raises(keystore_check.WrongKeyStore) as refused:
        await keystore_check.verify(database_url)
    message = refused.value.detail
    assert str(wrong) in message and "holds no keys at all" in message
    assert database_url.rsplit("/", 1)[1] in message  # the database, named
    assert f"{keys.ENV}={wrong}" in message and "restore" in message

    # another database's key store: keys, but none of these people's
    keys.store_for(database_url).create_many([uuid.uuid4() for _ in range(4)])
    with pytest.raises(keystore_check.WrongKeyStore, match="it holds 4 keys, none of theirs"):
        await keystore_check.verify(database_url)
    monkeypatch.setenv(keys.ENV, right)
    assert (await keystore_check.verify(database_url)).checked == len(people)


async def test_one_living_person_without_a_key_refuses(database_url: str, fast_hashing: None) -> None:
    """A key store older than the database lacks the newest people's keys: one is enough to refuse."""
    people = await _people(database_url, 3)
    assert _store(database_url).destroy(people[-1])
    with pytest.raises(keystore_check.WrongKeyStore, match="lacks the keys of 1 of the 3 living participants"):
        await keystore_check.verify(database_url)


async def test_what_may_happen_passes(database_url: str, fast_hashing: None) -> None:
    """Keys without a living person are fine: an orphan key (a rolled-back creation), an erased
    person's key left by a crash before its destruction, an erased person whose key is gone."""
    people = await _people(database_url, 4)
    _store(database_url).create(uuid.uuid4())
    await _erase(database_url, people[0], destroy_key=False)
    await _erase(database_url, people[1], destroy_key=True)
    finding = await keystore_check.verify(database_url)
    assert (finding.checked, finding.missing) == (2, 0)
    await _erase(database_url, people[2], destroy_key=True)
    await _erase(database_url, people[3], destroy_key=True)
    assert (await keystore_check.verify(database_url)).checked == 0  # nobody living: nothing to check


async def test_the_sample_is_the_newest_and_a_few_more(database_url: str, fast_hashing: None) -> None:
    people = await _people(database_url, 8)
    finding = await keystore_check.inspect(database_url, recent=3, random=2)
    assert (finding.checked, finding.missing) == (5, 0)
    assert _store(database_url).destroy(people[-1])  # the newest is always in the sample
    assert (await keystore_check.inspect(database_url, recent=3, random=0)).missing == 1


# --- the real `vta serve` -------------------------------------------------------------------------

def _sqlite_with_people(tmp_path: Path) -> str:
    """The database `vta serve` in tmp_path uses (tests/live_server.py), with two participants."""
    from vta.migrations import upgrade
    from vta.services.reference_data import sync_reference_data

    url = cli_env(tmp_path)["VTA_DATABASE_URL"]

    async def go() -> None:
        await upgrade(url)
        await sync_reference_data(url)
        await _people(url, 2)

    asyncio.run(go())
    return url


@pytest.mark.slow
def test_serve_refuses_an_empty_key_store_and_runs_on_the_right_one(tmp_path: Path, fast_hashing: None) -> None:
    _sqlite_with_people(tmp_path)
    empty = tmp_path / "empty-keys.db"
    empty.touch()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    result = subprocess.run([VTA, "serve", "--port", str(port)], cwd=tmp_path, capture_output=True, text=True,
                            timeout=40, env={**cli_env(tmp_path), keys.ENV: str(empty)})
    took = time.monotonic() - started
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Error: Refusing to run: the key store") and str(empty) in last, result.stderr
    assert "cli.db" in last and "of the 2 living participants" in last
    assert "vta on http" not in result.stdout  # it never got as far as serving
    assert took < 30, took
    # the right key store (this test session's, the one the people were sealed with): healthy
    with live_server(tmp_path) as base:
        assert http(f"{base}/health")[0] == 200


@pytest.mark.slow
def test_db_upgrade_still_runs_on_a_wrong_key_store(tmp_path: Path, fast_hashing: None) -> None:
    """Migrations must run whatever the key store: `vta db upgrade` warns and succeeds."""
    _sqlite_with_people(tmp_path)
    result = subprocess.run([VTA, "db", "upgrade"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env={**cli_env(tmp_path), keys.ENV: str(tmp_path / "nowhere" / "keys.db")})
    assert result.returncode == 0, result.stderr
    assert "Warning: the key store" in result.stderr and "Database is up to date." in result.stdout


def test_a_key_store_that_is_not_one_is_named(tmp_path: Path) -> None:
    path = tmp_path / "not-keys.db"
    path.write_text("not a database at all, " * 100)
    with pytest.raises(Exception, match=f"the key store {path}"):
        keys.KeyStore(path)

