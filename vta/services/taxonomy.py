"""JobTech taxonomy for the matching engine: the snapshot shipped in the package
(vta/reference/jobtech, occupations with their groups and fields, and skills), or the labels an
operator imported with `vta import taxonomy`, which replace the snapshot's labels. Occupation
recognition always reads the snapshot's hierarchy (the import format has no group links)."""
from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from vta.errors import InvalidInput
from vta.models import TaxonomyConcept
from vta.reference.jobtech import snapshot_data, snapshot_taxonomy, warm_up  # noqa: F401 (the snapshot, asked for here too)

# The concept types whose labels describe work: what the engine matches free words against.
MATCHING_TYPES = ("occupation-name", "skill", "occupation-group", "occupation-field")
_cache: dict[str, Any] = {}  # the Taxonomy built from imported labels, by their count


def read_concepts(path: Path) -> Iterator[dict[str, Any]]:
    """Entries of the JobTech `taxonomy_to_concept.json` format: {type: {legacy id: {conceptId, preferredTerm, type}}}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"No file at {path}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"{path} is not JSON: {exc}.") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path} is not a JobTech taxonomy file (expected an object of concept types).")
    for ctype, entries in data.items():
        if not isinstance(entries, dict):
            raise InvalidInput(f"{path}: the entries of type {ctype!r} are not an object.")
        for legacy_id, entry in entries.items():
            if not isinstance(entry, dict) or "conceptId" not in entry or "preferredTerm" not in entry:
                raise InvalidInput(f"{path}: entry {ctype}/{legacy_id} lacks conceptId or preferredTerm.")
            yield {"concept_id": str(entry["conceptId"]), "type": str(entry.get("type") or ctype),
                   "label": str(entry["preferredTerm"])[:300], "legacy_id": str(entry.get("legacyAmsTaxonomyId") or legacy_id)}


async def import_concepts(session: AsyncSession, concepts: list[dict[str, Any]],
                          on_progress: Callable[[int], None] | None = None, batch: int = 1000) -> int:
    """Replace the taxonomy with the given concepts (one transaction: all or nothing)."""
    unique = {c["concept_id"]: c for c in concepts}
    await session.execute(delete(TaxonomyConcept))
    rows = list(unique.values())
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        session.add_all([TaxonomyConcept(**c) for c in chunk])
        await session.flush()
        if on_progress:
            on_progress(len(chunk))
    _cache.clear()
    return len(rows)


async def load_taxonomy(sessionmaker: async_sessionmaker[AsyncSession]) -> Any:
    """The engine's Taxonomy: from imported labels when there are any, else the shipped snapshot.
    Cached per count of imported labels."""
    import matching

    async with sessionmaker() as session:
        count = (await session.execute(select(func.count()).select_from(TaxonomyConcept)
                                       .where(TaxonomyConcept.type.in_(MATCHING_TYPES)))).scalar_one()
        if count == 0:  # built off the event loop: a few seconds, once per process
            return await asyncio.to_thread(snapshot_taxonomy)
        key = f"n={count}"
        if key not in _cache:
            labels = (await session.execute(select(TaxonomyConcept.label)
                                            .where(TaxonomyConcept.type.in_(MATCHING_TYPES))
                                            .order_by(TaxonomyConcept.concept_id))).scalars().all()
            occupations = (await asyncio.to_thread(snapshot_taxonomy)).occupations
            _cache.clear()
            _cache[key] = await asyncio.to_thread(matching.Taxonomy, list(labels), occupations=occupations)
        return _cache[key]
