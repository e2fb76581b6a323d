"""At start: does the configured key store hold the keys of this database's living participants?

A server or worker opened on another key store than the one the texts were sealed with (a wrong
VTA_KEYSTORE_PATH, a fresh empty file, the default path from another working directory) would read
every living participant as erased and match nobody, without a single error. `vta serve`,
`vta demo` and `vta worker` check before they take any work and refuse to start when it fails;
`vta db upgrade` only warns (migrations must run whatever the key store).

The rule: a sample of living participants (erased_at IS NULL), the most recent ones and a few at
random; if any of them is still living and has no key, the key store is not this database's (or
not all of it), and we refuse.

Why one missing key is enough, not "none of them": a key is written to the store before the row
that needs it commits (vta/sealed.py creates new people's keys in before_flush; migration 0010
before sealing), and destroyed only after the erasure has committed (destroy_key). So the store
may hold more than it needs (a rolled-back creation leaves an orphan key; a crash between an
erasure's commit and the key's destruction leaves an erased person's key, which the retention job
destroys later), but a living person without a key never happens unless keys were lost: another
file, an empty one, or a copy older than the database. An older copy lacks exactly the newest
people's keys, hence the most recent in the sample. An erasure committing in another process while
we look is the one honest way for a key to go missing: its erased_at commits before its key goes,
so the people whose key is missing are read again and only those still living count.
"""
from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Text, func, select, type_coerce
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import make_url

from vta import keys
from vta.errors import DomainError

RECENT = 20  # the newest living participants: a key store restored from an older backup lacks these
RANDOM = 5  # and a few more anywhere in the table


class WrongKeyStore(DomainError):
    """The key store does not hold the keys of the database's living participants."""

    status = 503

    @classmethod
    def of(cls, finding: Finding) -> WrongKeyStore:
        return cls(f"Refusing to run: {finding.message()}")


@dataclass(frozen=True)
class Finding:
    checked: int  # living participants sampled
    missing: int  # of them, still living and without a key
    keys_in_store: int
    store: Path
    database: str

    @property
    def ok(self) -> bool:
        return self.missing == 0

    def message(self) -> str:
        """What is wrong, what it would do, and what to do about it."""
        where = (f"{keys.ENV}={os.environ[keys.ENV]}" if os.environ.get(keys.ENV)
                 else f"{keys.ENV} is not set, so the default path was used")
        if self.missing == self.checked:
            what = (f"the key store {self.store} holds no key for any of the {self.checked} living participants "
                    f"checked in the database {self.database}"
                    + (" (it holds no keys at all)" if self.keys_in_store == 0
                       else f" (it holds {self.keys_in_store} keys, none of theirs)")
                    + ": it is not the key store this database was sealed with.")
        else:
            what = (f"the key store {self.store} lacks the keys of {self.missing} of the {self.checked} living "
                    f"participants checked in the database {self.database}: it is older than the database "
                    "(restored from an older backup?) or belongs to another one.")
        return (f"{what} Every participant without a key would read as erased and match nobody ({where}). "
                f"Point {keys.ENV} at the key store file this database was sealed with, or restore that file "
                "from the backup taken with (or after) the database's.")


async def inspect(database_url: str, recent: int = RECENT, random: int = RANDOM) -> Finding:
    """Sample living participants whose texts are sealed and look their keys up in the key store.
    A database not migrated yet (no participants table, or texts from before migration 0010, still
    plain) has nothing to check."""
    from vta.db import make_engine
    from vta.models import Participant
    from vta.sealed import PREFIX

    # Only people whose name is sealed need a key; the raw column value, not opened (type_coerce).
    candidates = (Participant.erased_at.is_(None), type_coerce(Participant.display_name, Text).startswith(PREFIX))
    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn:
            if not await conn.run_sync(lambda sync: sa_inspect(sync).has_table(Participant.__tablename__)):
                newest: list = []
            else:
                newest = list((await conn.execute(select(Participant.id).where(*candidates).order_by(
                    Participant.created_at.desc(), Participant.id.desc()).limit(recent))).scalars())
            others = [] if len(newest) < recent else list((await conn.execute(
                select(Participant.id).where(*candidates, Participant.id.not_in(newest))
                .order_by(func.random()).limit(random))).scalars())
        sample = newest + others
        store = keys.store_of(engine.dialect)
        count = await asyncio.to_thread(store.count)
        without = [pid for pid in sample if await asyncio.to_thread(store.get, pid) is None]
        if without:  # erased in the meantime (erased_at commits before the key goes): not missing
            async with engine.connect() as conn:
                without = list((await conn.execute(select(Participant.id).where(
                    Participant.erased_at.is_(None), Participant.id.in_(without)))).scalars())
        return Finding(checked=len(sample), missing=len(without), keys_in_store=count, store=store.path,
                       database=make_url(database_url).render_as_string(hide_password=True))
    finally:
        await engine.dispose()


async def verify(database_url: str) -> Finding:
    """Raise WrongKeyStore (its detail says what to do) unless the sample's keys are all there.
    An empty database, or one whose participants are all erased, passes."""
    finding = await inspect(database_url)
    if not finding.ok:
        raise WrongKeyStore.of(finding)
    return finding


__all__ = ["Finding", "WrongKeyStore", "inspect", "verify"]
