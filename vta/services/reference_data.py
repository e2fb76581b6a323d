"""Write our own catalogues (vta/reference/*.json) into versioned reference rows, idempotently."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from vta import reference
from vta.db import make_engine, make_sessionmaker
from vta.models import ReferenceItem


async def sync_reference_data(database_url: str) -> int:
    engine = make_engine(database_url)
    added = 0
    try:
        async with make_sessionmaker(engine)() as session, session.begin():
            have = set((await session.execute(select(ReferenceItem.catalogue, ReferenceItem.code,
                                                     ReferenceItem.version))).all())
            for name in reference.CATALOGUES:
                cat = reference.load(name)
                for item in cat["items"]:
                    key = (name, item["code"], int(cat["version"]))
                    if key not in have:
                        session.add(ReferenceItem(catalogue=name, code=item["code"], version=int(cat["version"]),
                                                  valid_from=date.fromisoformat(cat["valid_from"]), data=item))
                        added += 1
    finally:
        await engine.dispose()
    return added
